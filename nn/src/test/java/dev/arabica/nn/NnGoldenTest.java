package dev.arabica.nn;

import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenCase;
import dev.arabica.core.golden.GoldenOp;
import dev.arabica.core.golden.GoldenRunner;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** PyTorch reference cases owned by nn: every {@code loss} case, {@code batch_norm} and {@code layer_norm}. */
class NnGoldenTest {

    @TestFactory
    Stream<DynamicNode> golden() {
        return GoldenRunner.suite("nn", (family, op) -> "loss".equals(family) || "batch_norm".equals(op) || "layer_norm".equals(op),
                handlers());
    }

    static Map<String, GoldenOp> handlers() {
        Map<String, GoldenOp> ops = new HashMap<>();
        ops.put("mse_loss", c -> out(Losses.mseLoss(c.arg(0), c.arg(1), reduction(c))));
        ops.put("l1_loss", c -> out(Losses.l1Loss(c.arg(0), c.arg(1), reduction(c))));
        ops.put("huber_loss", c -> out(Losses.huberLoss(c.arg(0), c.arg(1),
                c.has("delta") ? c.doubleAttr("delta") : 1.0, reduction(c))));
        ops.put("smooth_l1_loss", c -> out(Losses.smoothL1Loss(c.arg(0), c.arg(1),
                c.has("beta") ? c.doubleAttr("beta") : 1.0, reduction(c))));
        ops.put("binary_cross_entropy", c -> out(Losses.binaryCrossEntropy(c.arg(0), c.arg(1),
                c.argOrNull(2), reduction(c))));
        ops.put("binary_cross_entropy_with_logits", c -> out(Losses.binaryCrossEntropyWithLogits(c.arg(0),
                c.arg(1), bceWeight(c), bcePosWeight(c), reduction(c))));
        ops.put("cross_entropy", c -> out(Losses.crossEntropy(c.arg(0), c.arg(1), c.argOrNull(2),
                c.has("ignore_index") ? c.intAttr("ignore_index") : Losses.DEFAULT_IGNORE_INDEX,
                c.has("label_smoothing") ? c.doubleAttr("label_smoothing") : 0.0, reduction(c))));
        ops.put("nll_loss", c -> out(Losses.nllLoss(c.arg(0), c.arg(1), c.argOrNull(2),
                c.has("ignore_index") ? c.intAttr("ignore_index") : Losses.DEFAULT_IGNORE_INDEX, reduction(c))));
        ops.put("batch_norm", NnGoldenTest::batchNorm);
        ops.put("layer_norm", c -> out(Functional.layerNorm(c.arg(0), c.intsAttr("normalized_shape"),
                c.argOrNull(1), c.argOrNull(2), c.has("eps") ? c.doubleAttr("eps") : 1e-5)));
        return ops;
    }

    /** Runs on copies of the running statistics and returns them, updated, as running_*_out. */
    private static Map<String, Tensor> batchNorm(GoldenCase c) {
        // (x, weight, bias, running_mean, running_var) in this case set's order; with three arguments
        // either the affine pair or the running pair is there: eval mode needs running statistics,
        // and an explicit "affine" attribute or the stems settle training mode.
        boolean training = c.has("training") && c.boolAttr("training");
        Tensor weight = null, bias = null, mean = null, var = null;
        if (c.argCount() >= 5) {
            weight = c.arg(1); bias = c.arg(2); mean = c.arg(3); var = c.arg(4);
        } else if (c.argCount() == 3) {
            boolean affine = c.has("affine") ? c.boolAttr("affine") : training && c.argNamed(1, "running") == null;
            if (affine) { weight = c.arg(1); bias = c.arg(2); } else { mean = c.arg(1); var = c.arg(2); }
        }
        Tensor runningMean = copy(mean), runningVar = copy(var);
        Tensor y = Functional.batchNorm(c.arg(0), runningMean, runningVar, weight, bias,
                training, c.has("momentum") ? c.doubleAttr("momentum") : 0.1,
                c.has("eps") ? c.doubleAttr("eps") : 1e-5);
        Map<String, Tensor> out = new HashMap<>();
        out.put("out", y);
        if (runningMean != null) {
            out.put("running_mean_out", runningMean);
            out.put("running_var_out", runningVar);
        }
        return out;
    }

    private static Tensor copy(Tensor t) {
        if (t == null) return null;
        try (var scope = GradMode.noGrad()) {
            return t.detach().clone();
        }
    }

    /**
     * Binary cross-entropy with logits takes {@code (input, target[, weight][, pos_weight])}: with
     * four arguments both are there; with three, the stem tells which optional one it is.
     */
    private static Tensor bceWeight(GoldenCase c) {
        if (c.argCount() >= 4) return c.arg(2);
        return c.argCount() == 3 && c.argNamed(2, "pos") == null ? c.arg(2) : null;
    }

    private static Tensor bcePosWeight(GoldenCase c) {
        if (c.argCount() >= 4) return c.arg(3);
        return c.argNamed(2, "pos");
    }

    private static Reduction reduction(GoldenCase c) {
        return c.has("reduction") ? Reduction.valueOf(c.stringAttr("reduction").toUpperCase(Locale.ROOT)) : Reduction.MEAN;
    }

    private static Map<String, Tensor> out(Tensor t) {
        return Map.of("out", t);
    }
}
