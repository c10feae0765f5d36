package dev.arabica.nn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Softmax;
import dev.arabica.core.kernels.VectorOps;
import java.util.Arrays;

/**
 * Fused cross-entropy (from logits) and negative log-likelihood over the class dim 1. One pass
 * computes log-softmax, the loss and the softmax kept for backward; backward is closed-form
 * ({@code softmax - onehot}, with label smoothing and class weights). The composite
 * {@code logSoftmax + gather} version is the test oracle.
 */
final class ClassLosses {
    private ClassLosses() {}

    /** Input viewed as {@code [outer, classes, inner]}; positions are {@code (o, i)} in target order. */
    private record Layout(int outer, int classes, int inner, int[] positionShape) {
        int positions() {
            return outer * inner;
        }
    }

    private static Layout layout(String op, Tensor input, Tensor target) {
        int[] s = input.shape(), ts = target.shape();
        if (input.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": input must be float32, got " + input.dtype() + " of shape " + Shape.format(s));
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException(op + ": target must be int64 class indices, got " + target.dtype() + " of shape "
                    + Shape.format(ts));
        }
        if (s.length == 0) throw new IllegalArgumentException(op + ": input must have a class dim, got a scalar");
        if (s.length == 1) { // unbatched: [C] with a 0-d target
            if (ts.length != 0) {
                throw new IllegalArgumentException(op + ": unbatched input of shape " + Shape.format(s)
                        + " needs a 0-d target, got shape " + Shape.format(ts));
            }
            return new Layout(1, s[0], 1, new int[0]);
        }
        int[] expected = new int[s.length - 1];
        expected[0] = s[0];
        System.arraycopy(s, 2, expected, 1, s.length - 2);
        if (!Arrays.equals(ts, expected)) {
            throw new IllegalArgumentException(op + ": target of shape " + Shape.format(ts) + " does not match input of shape "
                    + Shape.format(s) + " (class dim 1; expected target shape " + Shape.format(expected) + ")");
        }
        int inner = 1;
        for (int d = 2; d < s.length; d++) inner *= s[d];
        return new Layout(s[0], s[1], inner, ts);
    }

    private static float[] classWeights(String op, Tensor weight, int classes) {
        if (weight == null) return null;
        if (weight.dtype() != DType.FLOAT32 || weight.dim() != 1 || weight.size(0) != classes) {
            throw new IllegalArgumentException(op + ": class weight must be float32 of shape [" + classes + "], got "
                    + weight.dtype() + " of shape " + Shape.format(weight.shape()));
        }
        Tensor c = weight.detach().contiguous();
        return c.offset() == 0 ? c.storage() : c.clone().storage();
    }

    /** Class indices in position order (read in place), each checked to be a class or {@code ignoreIndex}. */
    private record Targets(long[] values, int offset) {
        long at(int p) {
            return values[offset + p];
        }
    }

    private static Targets checkedTargets(String op, Tensor target, Layout l, long ignoreIndex) {
        Tensor c = target.detach().contiguous();
        Targets t = new Targets(c.longStorage(), c.offset());
        for (int p = 0, n = l.positions(); p < n; p++) {
            long v = t.at(p);
            if (v != ignoreIndex && (v < 0 || v >= l.classes)) {
                throw new IllegalArgumentException(op + ": target " + v + " out of range for " + l.classes
                        + " classes at position " + p + (l.positionShape.length > 1 ? " (index " + index(p, l.positionShape) + ")" : "")
                        + (ignoreIndex == -100 ? "" : "; ignoreIndex is " + ignoreIndex));
            }
        }
        return t;
    }

    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    // ------------------------------------------------------------------ cross-entropy

    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                               Reduction reduction) {
        String op = "crossEntropy";
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        Layout l = layout(op, input, target);
        int classes = l.classes, inner = l.inner, positions = l.positions();
        float[] w = classWeights(op, weight, classes);
        Targets t = checkedTargets(op, target, l, ignoreIndex);
        if (classes == 0 && positions > 0) throw new IllegalArgumentException(op + ": input of shape " + Shape.format(input.shape()) + " has no classes");
        // log-softmax over the class dim with core's kernel; kept for backward (softmax = exp of it).
        Tensor xc = input.detach().contiguous();
        float[] logp = new float[xc.numel()];
        Softmax.softmax(xc.storage(), xc.offset(), logp, 0, l.outer, classes, inner, true);
        double ls = labelSmoothing;
        double allWeights = 0;
        for (int c = 0; c < classes; c++) allWeights += w == null ? 1 : w[c];
        double[] loss = new double[positions];
        double weightSum = 0;
        for (int p = 0; p < positions; p++) {
            long y = t.at(p);
            if (y == ignoreIndex) continue;
            int base = base(l, p);
            double wy = w == null ? 1 : w[(int) y];
            double nll = -wy * logp[base + (int) y * inner];
            double smooth = 0;
            if (ls > 0) {
                for (int c = 0; c < classes; c++) smooth -= (w == null ? 1 : w[c]) * logp[base + c * inner];
            }
            loss[p] = (1 - ls) * nll + ls / classes * smooth;
            weightSum += wy;
        }
        Tensor out = reduce(loss, l.positionShape, reduction, weightSum);
        int[] shape = input.shape();
        final double wsum = weightSum, sw = allWeights;
        return Autograd.record(out, op, new Tensor[] {input}, g -> {
            Tensor gc = g.contiguous();
            float[] gv = gc.storage();
            int go = gc.offset();
            // d/dx_c of (1-ls) * -w_y log p_y + ls/C * sum_k -w_k log p_k
            //   = p_c ((1-ls) w_y + ls/C sum_k w_k) - (1-ls) w_y [c == y] - ls/C w_c
            float[] dx = new float[logp.length];
            VectorOps.exp(logp, 0, dx, 0, logp.length);
            for (int p = 0; p < positions; p++) {
                long y = t.at(p);
                int base = base(l, p);
                if (y == ignoreIndex) {
                    for (int c = 0; c < classes; c++) dx[base + c * inner] = 0f;
                    continue;
                }
                double coef = coefficient(gv, go, p, reduction, wsum);
                double wy = w == null ? 1 : w[(int) y];
                float pScale = (float) (coef * ((1 - ls) * wy + ls / classes * sw));
                if (inner == 1) {
                    VectorOps.scale(pScale, dx, base, dx, base, classes);
                    if (ls > 0) {
                        float k = (float) (-coef * ls / classes);
                        if (w == null) VectorOps.addScalar(dx, base, k, dx, base, classes);
                        else VectorOps.axpy(k, w, 0, dx, base, classes);
                    }
                } else {
                    for (int c = 0; c < classes; c++) {
                        int i = base + c * inner;
                        dx[i] = (float) (dx[i] * (double) pScale - (ls > 0 ? coef * ls / classes * (w == null ? 1 : w[c]) : 0));
                    }
                }
                dx[base + (int) y * inner] -= (float) (coef * (1 - ls) * wy);
            }
            return new Tensor[] {Tensor.wrap(dx, shape)};
        });
    }

    /** Index of class 0 of position {@code p} in the contiguous {@code [outer, classes, inner]} input. */
    private static int base(Layout l, int p) {
        int o = p / l.inner, i = p - o * l.inner;
        return o * l.classes * l.inner + i;
    }

    /**
     * Cross-entropy with class-probability targets ({@code target} float32 of the input's shape),
     * composed from primitives: {@code -sum_c w_c t_c log_softmax(x)_c}, targets smoothed as
     * {@code t (1 - ls) + ls / C}; the mean divides by the number of positions.
     */
    static Tensor crossEntropyProbabilities(Tensor input, Tensor target, Tensor weight, double labelSmoothing,
                                            Reduction reduction) {
        String op = "crossEntropy";
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(op + ": probability target of shape " + Shape.format(target.shape())
                    + " must match input of shape " + Shape.format(input.shape()));
        }
        if (input.dim() == 0) throw new IllegalArgumentException(op + ": input must have a class dim, got a scalar");
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(op + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
        int classDim = input.dim() == 1 ? 0 : 1;
        int classes = input.size(classDim);
        Tensor t = labelSmoothing > 0 ? target.mul((float) (1 - labelSmoothing)).add((float) (labelSmoothing / classes)) : target;
        Tensor terms = input.logSoftmax(classDim).mul(t);
        if (weight != null) {
            classWeights(op, weight, classes); // checks dtype and shape
            int[] wshape = new int[input.dim() - classDim];
            Arrays.fill(wshape, 1);
            wshape[0] = classes;
            terms = terms.mul(weight.detach().reshape(wshape));
        }
        Tensor perPosition = terms.sum(classDim, false).neg();
        return switch (reduction) {
            case NONE -> perPosition;
            case SUM -> perPosition.sum();
            case MEAN -> perPosition.mean();
        };
    }

    // ------------------------------------------------------------------ nll

    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        String op = "nllLoss";
        Layout l = layout(op, input, target);
        int positions = l.positions(), inner = l.inner;
        float[] w = classWeights(op, weight, l.classes);
        Targets t = checkedTargets(op, target, l, ignoreIndex);
        Tensor xc = input.detach().contiguous();
        float[] x = xc.storage();
        int xo = xc.offset();
        double[] loss = new double[positions];
        double weightSum = 0;
        for (int p = 0; p < positions; p++) {
            long y = t.at(p);
            if (y == ignoreIndex) continue;
            double wy = w == null ? 1 : w[(int) y];
            loss[p] = -wy * x[xo + base(l, p) + (int) y * inner];
            weightSum += wy;
        }
        Tensor out = reduce(loss, l.positionShape, reduction, weightSum);
        int[] shape = input.shape();
        final double wsum = weightSum;
        return Autograd.record(out, op, new Tensor[] {input}, g -> {
            Tensor gc = g.contiguous();
            float[] dx = new float[xc.numel()];
            for (int p = 0; p < positions; p++) {
                long y = t.at(p);
                if (y == ignoreIndex) continue;
                double coef = coefficient(gc.storage(), gc.offset(), p, reduction, wsum);
                dx[base(l, p) + (int) y * inner] = (float) (-(w == null ? 1 : w[(int) y]) * coef);
            }
            return new Tensor[] {Tensor.wrap(dx, shape)};
        });
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor reduce(double[] loss, int[] positionShape, Reduction reduction, double weightSum) {
        switch (reduction) {
            case NONE -> {
                float[] v = new float[loss.length];
                for (int p = 0; p < v.length; p++) v[p] = (float) loss[p];
                return Tensor.wrap(v, positionShape);
            }
            case SUM, MEAN -> {
                double s = 0;
                for (double v : loss) s += v;
                // PyTorch: the mean divides by the total weight of the non-ignored targets (0/0 = NaN if all are ignored).
                return Tensor.scalar((float) (reduction == Reduction.SUM ? s : s / weightSum));
            }
            default -> throw new AssertionError(reduction);
        }
    }

    /** The upstream gradient's factor for position {@code p}: its own value, or the scalar's (over the weight sum for a mean). */
    private static double coefficient(float[] gv, int go, int p, Reduction reduction, double weightSum) {
        return switch (reduction) {
            case NONE -> gv[go + p];
            case SUM -> gv[go];
            case MEAN -> gv[go] / weightSum;
        };
    }
}
