package dev.arabica.nn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
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
        return weight.toFloatArray();
    }

    /** The target values, each checked to be a class index or {@code ignoreIndex}. */
    private static long[] checkedTargets(String op, Tensor target, Layout l, long ignoreIndex) {
        long[] t = target.toLongArray();
        for (int p = 0; p < t.length; p++) {
            if (t[p] != ignoreIndex && (t[p] < 0 || t[p] >= l.classes)) {
                throw new IllegalArgumentException(op + ": target " + t[p] + " out of range for " + l.classes
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
        long[] t = checkedTargets(op, target, l, ignoreIndex);
        if (classes == 0 && positions > 0) throw new IllegalArgumentException(op + ": input of shape " + Shape.format(input.shape()) + " has no classes");
        float[] x = input.toFloatArray();
        float[] prob = new float[x.length];
        double[] loss = new double[positions];
        double weightSum = 0, allWeights = 0;
        for (int c = 0; c < classes; c++) allWeights += w == null ? 1 : w[c];
        double ls = labelSmoothing;
        for (int o = 0; o < l.outer; o++) {
            for (int i = 0; i < inner; i++) {
                int p = o * inner + i;
                if (t[p] == ignoreIndex) continue;
                int base = o * classes * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) max = Math.max(max, x[base + c * inner]);
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.exp(x[base + c * inner] - max);
                double lse = max + Math.log(sum);
                int y = (int) t[p];
                double wy = w == null ? 1 : w[y];
                double smooth = 0;
                for (int c = 0; c < classes; c++) {
                    double logp = x[base + c * inner] - lse;
                    prob[base + c * inner] = (float) Math.exp(logp);
                    if (ls > 0) smooth -= (w == null ? 1 : w[c]) * logp;
                }
                double nll = -wy * (x[base + y * inner] - lse);
                loss[p] = (1 - ls) * nll + ls / classes * smooth;
                weightSum += wy;
            }
        }
        Tensor out = reduce(loss, l.positionShape, reduction, weightSum);
        int[] shape = input.shape();
        final double wsum = weightSum, sw = allWeights;
        return Autograd.record(out, op, new Tensor[] {input}, g -> {
            float[] gv = g.toFloatArray();
            float[] dx = new float[x.length];
            for (int o = 0; o < l.outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int p = o * inner + i;
                    if (t[p] == ignoreIndex) continue;
                    double coef = coefficient(gv, p, reduction, wsum);
                    int base = o * classes * inner + i, y = (int) t[p];
                    double wy = w == null ? 1 : w[y];
                    // d/dx_c of (1-ls) * -w_y log p_y + ls/C * sum_k -w_k log p_k
                    //   = (1-ls) w_y (p_c - [c == y]) + ls/C (sum_k w_k * p_c - w_c)
                    for (int c = 0; c < classes; c++) {
                        double pc = prob[base + c * inner];
                        double d = (1 - ls) * wy * (pc - (c == y ? 1 : 0));
                        if (ls > 0) d += ls / classes * (sw * pc - (w == null ? 1 : w[c]));
                        dx[base + c * inner] = (float) (coef * d);
                    }
                }
            }
            return new Tensor[] {Tensor.of(dx, shape)};
        });
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
            float[] w = classWeights(op, weight, classes);
            int[] wshape = new int[input.dim() - classDim];
            Arrays.fill(wshape, 1);
            wshape[0] = classes;
            terms = terms.mul(Tensor.of(w, wshape));
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
        int classes = l.classes, inner = l.inner, positions = l.positions();
        float[] w = classWeights(op, weight, classes);
        long[] t = checkedTargets(op, target, l, ignoreIndex);
        float[] x = input.toFloatArray();
        double[] loss = new double[positions];
        double weightSum = 0;
        for (int o = 0; o < l.outer; o++) {
            for (int i = 0; i < inner; i++) {
                int p = o * inner + i;
                if (t[p] == ignoreIndex) continue;
                int y = (int) t[p];
                double wy = w == null ? 1 : w[y];
                loss[p] = -wy * x[o * classes * inner + y * inner + i];
                weightSum += wy;
            }
        }
        Tensor out = reduce(loss, l.positionShape, reduction, weightSum);
        int[] shape = input.shape();
        final double wsum = weightSum;
        return Autograd.record(out, op, new Tensor[] {input}, g -> {
            float[] gv = g.toFloatArray();
            float[] dx = new float[x.length];
            for (int o = 0; o < l.outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int p = o * inner + i;
                    if (t[p] == ignoreIndex) continue;
                    int y = (int) t[p];
                    dx[o * classes * inner + y * inner + i] = (float) (-(w == null ? 1 : w[y]) * coefficient(gv, p, reduction, wsum));
                }
            }
            return new Tensor[] {Tensor.of(dx, shape)};
        });
    }

    // ------------------------------------------------------------------ helpers

    private static Tensor reduce(double[] loss, int[] positionShape, Reduction reduction, double weightSum) {
        switch (reduction) {
            case NONE -> {
                float[] v = new float[loss.length];
                for (int p = 0; p < v.length; p++) v[p] = (float) loss[p];
                return Tensor.of(v, positionShape);
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

    private static double coefficient(float[] gv, int p, Reduction reduction, double weightSum) {
        return switch (reduction) {
            case NONE -> gv[p];
            case SUM -> gv[0];
            case MEAN -> gv[0] / weightSum;
        };
    }
}
