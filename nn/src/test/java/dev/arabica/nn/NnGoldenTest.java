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
        ops.put("mse_loss", c -> out(Losses.mse(c.input("input"), c.input("target"), reduction(c))));
        ops.put("l1_loss", c -> out(Losses.l1(c.input("input"), c.input("target"), reduction(c))));
        ops.put("huber_loss", c -> out(Losses.huber(c.input("input"), c.input("target"),
                c.has("delta") ? c.doubleAttr("delta") : 1.0, reduction(c))));
        ops.put("smooth_l1_loss", c -> out(Losses.smoothL1(c.input("input"), c.input("target"),
                c.has("beta") ? c.doubleAttr("beta") : 1.0, reduction(c))));
        ops.put("binary_cross_entropy", c -> out(Losses.binaryCrossEntropy(c.input("input"), c.input("target"),
                optional(c, "weight"), reduction(c))));
        ops.put("binary_cross_entropy_with_logits", c -> out(Losses.binaryCrossEntropyWithLogits(c.input("input"),
                c.input("target"), optional(c, "weight"), optional(c, "pos_weight"), reduction(c))));
        ops.put("cross_entropy", c -> out(Losses.crossEntropy(c.input("input"), c.input("target"), optional(c, "weight"),
                c.has("ignore_index") ? c.intAttr("ignore_index") : Losses.DEFAULT_IGNORE_INDEX,
                c.has("label_smoothing") ? c.doubleAttr("label_smoothing") : 0.0, reduction(c))));
        ops.put("nll_loss", c -> out(Losses.nllLoss(c.input("input"), c.input("target"), optional(c, "weight"),
                c.has("ignore_index") ? c.intAttr("ignore_index") : Losses.DEFAULT_IGNORE_INDEX, reduction(c))));
        ops.put("batch_norm", NnGoldenTest::batchNorm);
        ops.put("layer_norm", c -> out(Functional.layerNorm(c.input("x"), c.intsAttr("normalized_shape"),
                optional(c, "weight"), optional(c, "bias"), c.has("eps") ? c.doubleAttr("eps") : 1e-5)));
        return ops;
    }

    /** Runs on copies of the running statistics and returns them, updated, as running_*_out. */
    private static Map<String, Tensor> batchNorm(GoldenCase c) {
        Tensor runningMean = copy(optional(c, "running_mean")), runningVar = copy(optional(c, "running_var"));
        Tensor y = Functional.batchNorm(c.input("x"), runningMean, runningVar, optional(c, "weight"), optional(c, "bias"),
                c.has("training") && c.boolAttr("training"), c.has("momentum") ? c.doubleAttr("momentum") : 0.1,
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

    private static Tensor optional(GoldenCase c, String stem) {
        return c.hasInput(stem) ? c.input(stem) : null;
    }

    private static Reduction reduction(GoldenCase c) {
        return c.has("reduction") ? Reduction.valueOf(c.stringAttr("reduction").toUpperCase(Locale.ROOT)) : Reduction.MEAN;
    }

    private static Map<String, Tensor> out(Tensor t) {
        return Map.of("out", t);
    }
}
