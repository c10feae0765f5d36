package dev.arabica.core;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Gradient checking by central differences, for users who write their own ops (and for our tests).
 *
 * <p>For a function {@code f} of some tensors, the check compares the gradient autograd computes for
 * {@code L = sum(f(x) * w)} (with a fixed random weighting {@code w}, so every output element
 * matters) against {@code (L(x + eps) - L(x - eps)) / (2 eps)} for every element of every input that
 * requires grad. {@code L} is evaluated in double from the float32 outputs, so float32 ops need an
 * {@code eps} around 1e-3..1e-2 and relative tolerances around 1e-2.
 *
 * <pre>{@code
 * Tensor a = Tensor.randn(gen, 3, 4).requiresGrad_(true);
 * Tensor b = Tensor.randn(gen, 4).requiresGrad_(true);
 * GradCheck.assertGradients(in -> in[0].mul(in[1]).tanh(), a, b);
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** Step and tolerances: pass when {@code |analytic - numeric| <= atol + rtol * |numeric|}. */
    public record Options(double eps, double rtol, double atol, long seed) {
        public Options {
            if (!(eps > 0)) throw new IllegalArgumentException("GradCheck: eps must be > 0, got " + eps);
            if (rtol < 0 || atol < 0) throw new IllegalArgumentException("GradCheck: tolerances must be >= 0, got rtol " + rtol + ", atol " + atol);
        }

        /** eps 1e-3, rtol 1e-2, atol 1e-3: suitable for float32 functions of O(1) values. */
        public static Options defaults() {
            return new Options(1e-3, 1e-2, 1e-3, 1234);
        }
    }

    /** The outcome, with the worst element over all inputs. */
    public record Report(boolean passed, int worstInput, int[] worstIndex, double analytic, double numeric,
                         double ratio, int checkedElements) {
        @Override
        public String toString() {
            if (worstInput < 0) return "GradCheck: no element to check";
            return (passed ? "GradCheck passed" : "GradCheck FAILED") + ": worst element is input " + worstInput
                    + " at index " + Shape.format(worstIndex) + ": analytic " + analytic + ", numeric " + numeric
                    + " (error/tolerance " + String.format(java.util.Locale.ROOT, "%.3g", ratio) + ", "
                    + checkedElements + " elements checked)";
        }
    }

    /** Checks with {@link Options#defaults()}. */
    public static Report check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return check(f, Options.defaults(), inputs);
    }

    /**
     * Checks every element of every input that requires grad. The inputs are not modified; the
     * function is evaluated on copies.
     */
    public static Report check(Function<Tensor[], Tensor> f, Options options, Tensor... inputs) {
        Tensor[] args = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in.requiresGrad) {
                args[i] = Tensor.of(in.toFloatArray(), in.shape).requiresGrad_(true);
            } else {
                args[i] = in;
            }
        }
        Tensor out;
        try (var scope = GradMode.enableGrad()) {
            out = f.apply(args);
        }
        Tensor weights = Tensor.uniform(new Generator(options.seed()), 0.5f, 1.5f, out.shape);
        if (!out.requiresGrad) {
            throw new IllegalArgumentException("GradCheck: the output does not depend on any input that requires grad");
        }
        out.backward(weights);
        float[] w = weights.toFloatArray();

        int worstInput = -1;
        int[] worstIndex = new int[0];
        double worstRatio = -1, worstA = 0, worstN = 0;
        int checked = 0;
        for (int i = 0; i < args.length; i++) {
            Tensor x = args[i];
            if (!inputs[i].requiresGrad) continue;
            float[] analytic = x.grad == null ? new float[x.numel()] : x.grad.toFloatArray();
            float[] data = x.data;
            for (int e = 0; e < data.length; e++) {
                float orig = data[e];
                double plus, minus;
                try (var scope = GradMode.noGrad()) {
                    data[e] = (float) (orig + options.eps());
                    double hPlus = data[e] - orig;
                    plus = weightedSum(f.apply(args), w);
                    data[e] = (float) (orig - options.eps());
                    double hMinus = orig - data[e];
                    minus = weightedSum(f.apply(args), w);
                    data[e] = orig;
                    double numeric = (plus - minus) / (hPlus + hMinus);
                    double diff = Math.abs(analytic[e] - numeric);
                    double ratio = diff / (options.atol() + options.rtol() * Math.abs(numeric));
                    if (Double.isNaN(ratio)) ratio = Double.POSITIVE_INFINITY;
                    checked++;
                    if (ratio > worstRatio) {
                        worstRatio = ratio;
                        worstInput = i;
                        worstIndex = unravel(e, x.shape);
                        worstA = analytic[e];
                        worstN = numeric;
                    }
                }
            }
        }
        return new Report(worstRatio <= 1.0, worstInput, worstIndex, worstA, worstN, Math.max(worstRatio, 0), checked);
    }

    /** Runs {@link #check} and throws an {@link AssertionError} with the report if it fails. */
    public static Report assertGradients(Function<Tensor[], Tensor> f, Tensor... inputs) {
        return assertGradients(f, Options.defaults(), inputs);
    }

    /** Runs {@link #check} with options and throws an {@link AssertionError} with the report if it fails. */
    public static Report assertGradients(Function<Tensor[], Tensor> f, Options options, Tensor... inputs) {
        Report r = check(f, options, inputs);
        if (!r.passed()) throw new AssertionError(r.toString());
        return r;
    }

    private static double weightedSum(Tensor out, float[] w) {
        float[] v = out.toFloatArray();
        if (v.length != w.length) {
            throw new IllegalStateException("GradCheck: the function's output changed size between calls ("
                    + w.length + " -> " + v.length + ")");
        }
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * w[i];
        return s;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
            flat = shape[d] == 0 ? 0 : flat / shape[d];
        }
        return idx;
    }

    static String describe(int[] shape) {
        return Arrays.toString(shape);
    }
}
