package dev.arabica.nn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;

/**
 * Fused binary cross-entropy on probabilities and on logits. Both need PyTorch's exact backward
 * (BCE: {@code (p - t) / max(p (1 - p), 1e-12)}; with logits: {@code sigmoid(x) - t} even at
 * {@code x == 0}), which composing {@code clamp}/{@code abs}/{@code max} pieces would not give.
 * Per-element values and derivatives are computed in double.
 */
final class BinaryLosses {
    private BinaryLosses() {}

    private static final double EPSILON = 1e-12; // PyTorch's clamp of p (1 - p) in the BCE backward

    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String op = "binaryCrossEntropy";
        int[] shape = sameShape(op, input, target);
        Values p = Values.of(input), t = Values.of(target);
        float[] w = broadcastValues(op, "weight", weight, shape);
        int n = input.numel();
        for (int e = 0; e < n; e++) {
            float pe = p.at(e);
            if (!(pe >= 0 && pe <= 1)) {
                throw new IllegalArgumentException(op + ": input must hold probabilities in [0, 1], got " + pe + " at position " + e
                        + " of shape " + Shape.format(shape) + " (use binaryCrossEntropyWithLogits for raw scores)");
            }
        }
        Tensor[] inputs = {input, target, weight};
        boolean[] need = needs(inputs);
        double[] loss = new double[n];
        float[] dp = need[0] ? new float[n] : null, dt = need[1] ? new float[n] : null, dw = need[2] ? new float[n] : null;
        for (int e = 0; e < n; e++) {
            double pe = p.at(e), te = t.at(e), we = w == null ? 1 : w[e];
            double logP = Math.max(Math.log(pe), -100), log1mP = Math.max(Math.log1p(-pe), -100);
            double l = -(te * logP + (1 - te) * log1mP);
            loss[e] = we * l;
            if (dp != null) dp[e] = (float) (we * (pe - te) / Math.max((1 - pe) * pe, EPSILON));
            if (dt != null) dt[e] = (float) (we * (log1mP - logP));
            if (dw != null) dw[e] = (float) l;
        }
        return reduced(op, loss, shape, reduction, inputs, new float[][] {dp, dt, dw});
    }

    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        String op = "binaryCrossEntropyWithLogits";
        int[] shape = sameShape(op, input, target);
        Values x = Values.of(input), t = Values.of(target);
        float[] w = broadcastValues(op, "weight", weight, shape);
        float[] pw = broadcastValues(op, "posWeight", posWeight, shape);
        Tensor[] inputs = {input, target, weight, posWeight};
        boolean[] need = needs(inputs);
        int n = input.numel();
        double[] loss = new double[n];
        float[] dx = need[0] ? new float[n] : null, dt = need[1] ? new float[n] : null;
        float[] dw = need[2] ? new float[n] : null, dpw = need[3] ? new float[n] : null;
        for (int e = 0; e < n; e++) {
            double xe = x.at(e), te = t.at(e), we = w == null ? 1 : w[e], pwe = pw == null ? 1 : pw[e];
            // softplus(-x) = -log(sigmoid(x)), stable for any x
            double sp = Math.log1p(Math.exp(-Math.abs(xe))) + Math.max(-xe, 0);
            double lw = 1 + (pwe - 1) * te;
            double l = (1 - te) * xe + lw * sp;
            loss[e] = we * l;
            if (dx != null) {
                double sig = xe >= 0 ? 1 / (1 + Math.exp(-xe)) : Math.exp(xe) / (1 + Math.exp(xe));
                dx[e] = (float) (we * (lw * sig - pwe * te));
            }
            if (dt != null) dt[e] = (float) (we * (-xe + (pwe - 1) * sp));
            if (dw != null) dw[e] = (float) l;
            if (dpw != null) dpw[e] = (float) (we * te * sp);
        }
        return reduced(op, loss, shape, reduction, inputs, new float[][] {dx, dt, dw, dpw});
    }

    // ------------------------------------------------------------------ helpers

    private static int[] sameShape(String op, Tensor input, Tensor target) {
        if (input.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": input and target must be float32, got " + input.dtype() + " and "
                    + target.dtype());
        }
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": target of shape " + Shape.format(target.shape())
                    + " must have the same shape as input of shape " + Shape.format(input.shape()));
        }
        return input.shape();
    }

    /** A tensor's elements in C order, read in place from its (contiguous) storage. */
    private record Values(float[] a, int off) {
        static Values of(Tensor t) {
            Tensor c = t.detach().contiguous();
            return new Values(c.storage(), c.offset());
        }

        float at(int i) {
            return a[off + i];
        }
    }

    /**
     * The values of an optional tensor broadcast to {@code shape}, in C order (null if absent): the
     * tensor's own storage when it already has the shape, else the broadcast written out once.
     */
    private static float[] broadcastValues(String op, String what, Tensor t, int[] shape) {
        if (t == null) return null;
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype());
        }
        int[] b;
        try {
            b = Shape.broadcast(op, shape, t.shape());
        } catch (IllegalArgumentException e) {
            b = null;
        }
        if (b == null || !Arrays.equals(b, shape)) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Shape.format(t.shape())
                    + " cannot be broadcast to input of shape " + Shape.format(shape));
        }
        try (var scope = GradMode.noGrad()) {
            Tensor c = t.detach().expand(shape).contiguous();
            return c.offset() == 0 ? c.storage() : c.clone().storage();
        }
    }

    private static boolean[] needs(Tensor[] inputs) {
        boolean[] need = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) need[i] = inputs[i] != null && Autograd.needsGrad(inputs[i]);
        return need;
    }

    /**
     * Reduces per-element losses and records a backward that scales the precomputed per-element
     * derivatives (one array per input, in the loss shape, null if not needed) by the upstream.
     */
    private static Tensor reduced(String op, double[] loss, int[] shape, Reduction reduction, Tensor[] inputs, float[][] derivs) {
        int n = loss.length;
        Tensor out;
        if (reduction == Reduction.NONE) {
            float[] v = new float[n];
            for (int e = 0; e < n; e++) v[e] = (float) loss[e];
            out = Tensor.wrap(v, shape);
        } else {
            double s = 0;
            for (double v : loss) s += v;
            out = Tensor.scalar((float) (reduction == Reduction.SUM ? s : s / n));
        }
        return Autograd.record(out, op, inputs, g -> {
            Tensor gc = g.contiguous();
            float[] gv = gc.storage();
            int go = gc.offset();
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                float[] d = derivs[k];
                if (d == null) continue;
                float[] gi = new float[n];
                for (int e = 0; e < n; e++) {
                    double coef = switch (reduction) {
                        case NONE -> gv[go + e];
                        case SUM -> gv[go];
                        case MEAN -> (double) gv[go] / n;
                    };
                    gi[e] = (float) (coef * d[e]);
                }
                // In the loss shape; the engine sums it back to a broadcast input's shape.
                grads[k] = Tensor.wrap(gi, shape);
            }
            return grads;
        });
    }
}
