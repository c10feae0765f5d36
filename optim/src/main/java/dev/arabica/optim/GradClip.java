package dev.arabica.optim;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * Parameters without a gradient are ignored; gradients are modified in place.
 */
public final class GradClip {
    private GradClip() {}

    /** {@link #clipGradNorm(List, double, double, boolean)} with the 2-norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2, false);
    }

    /** {@link #clipGradNorm(List, double, double, boolean)} without the non-finite check. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Rescales all gradients together so that their joint norm is at most {@code maxNorm}:
     * {@code total = ||(||g_1||_p, ..., ||g_k||_p)||_p} (the p-norm of all gradient elements as one
     * vector; the largest |element| for {@code p = infinity}); if
     * {@code c = maxNorm / (total + 1e-6) < 1}, every gradient is multiplied by {@code c}. A NaN
     * total makes {@code c} NaN and, as in PyTorch, the gradients NaN.
     *
     * @param normType {@code p > 0}, or {@link Double#POSITIVE_INFINITY}
     * @param errorIfNonfinite throw instead of clipping when the total norm is NaN or infinite
     * @return the total norm before clipping (0 if no parameter has a gradient)
     * @throws IllegalStateException if {@code errorIfNonfinite} and the total norm is not finite
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType must be > 0 or infinity, got " + normType);
        }
        List<Tensor> grads = grads(params);
        if (grads.isEmpty()) return 0;
        double total = totalNorm(grads, normType);
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " of the gradients is "
                    + total + ", so they cannot be clipped; pass errorIfNonfinite=false to clip anyway");
        }
        double coefficient = maxNorm / (total + 1e-6);
        if (!(coefficient >= 1)) {
            float c = (float) coefficient;
            try (var scope = GradMode.noGrad()) {
                for (Tensor g : grads) g.mul_(c);
            }
        }
        return total;
    }

    /** The p-norm of all gradient elements as one vector, in double. */
    static double totalNorm(List<Tensor> grads, double normType) {
        double acc = 0;
        for (Tensor g : grads) {
            Tensor c = g.detach().contiguous(); // read in place (gradients are contiguous)
            float[] v = c.storage();
            int o = c.offset(), n = c.numel();
            if (normType == Double.POSITIVE_INFINITY) {
                for (int i = o; i < o + n; i++) {
                    double a = Math.abs(v[i]);
                    if (a > acc || a != a) acc = a; // a NaN element makes the norm NaN, and it stays NaN
                }
            } else if (normType == 2) {
                acc += VectorOps.dot(v, o, v, o, n);
            } else if (normType == 1) {
                for (int i = o; i < o + n; i++) acc += Math.abs(v[i]);
            } else {
                for (int i = o; i < o + n; i++) acc += Math.pow(Math.abs(v[i]), normType);
            }
        }
        if (normType == Double.POSITIVE_INFINITY || normType == 1) return acc;
        if (normType == 2) return Math.sqrt(acc);
        return Math.pow(acc, 1 / normType);
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} (NaN stays NaN).
     *
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN
     */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        if (!(clipValue >= 0)) throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        float hi = (float) clipValue, lo = -hi;
        for (Tensor g : grads(params)) {
            if (g.isContiguous()) {
                VectorOps.unary(UnaryOp.CLAMP, lo, hi, g.storage(), g.offset(), g.storage(), g.offset(), g.numel());
            } else {
                try (var scope = GradMode.noGrad()) {
                    g.copy_(g.clamp(lo, hi));
                }
            }
        }
    }

    private static List<Tensor> grads(List<Tensor> params) {
        Objects.requireNonNull(params, "params");
        List<Tensor> grads = new ArrayList<>();
        for (Tensor p : params) {
            Tensor g = Objects.requireNonNull(p, "params contains null").grad();
            if (g == null) continue;
            if (g.dtype() != DType.FLOAT32) throw new IllegalArgumentException("gradient of dtype " + g.dtype());
            grads.add(g);
        }
        return grads;
    }

}
