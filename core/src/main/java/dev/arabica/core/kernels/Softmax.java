package dev.arabica.core.kernels;

/**
 * Softmax and log-softmax over the middle axis of a contiguous {@code [outer, n, inner]} block, with
 * max subtraction so that extreme logits neither overflow nor lose the largest terms.
 */
public final class Softmax {
    private Softmax() {}

    public static void softmax(float[] x, int off, float[] out, int outer, int n, int inner, boolean log) {
        if (n == 0) return;
        if (inner == 1) {
            for (int o = 0; o < outer; o++) row(x, off + o * n, out, o * n, n, log);
            return;
        }
        float[] col = new float[n], res = new float[n];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int i = 0; i < inner; i++) {
                for (int k = 0; k < n; k++) col[k] = x[off + base + k * inner + i];
                row(col, 0, res, 0, n, log);
                for (int k = 0; k < n; k++) out[base + k * inner + i] = res[k];
            }
        }
    }

    /** One contiguous row. */
    static void row(float[] x, int xo, float[] out, int oo, int n, boolean log) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            float v = x[xo + k];
            if (v > max || v != v) max = v;
        }
        if (max == Float.NEGATIVE_INFINITY) max = 0f; // all -inf: avoid -inf - -inf = NaN
        double sum = 0;
        if (log) {
            for (int k = 0; k < n; k++) sum += Math.exp(x[xo + k] - max);
            // (x - max) - log(sum) keeps precision for large logits (x - lse would round at |x| ~ 1e3).
            float logSum = (float) Math.log(sum);
            for (int k = 0; k < n; k++) out[oo + k] = (x[xo + k] - max) - logSum;
        } else {
            for (int k = 0; k < n; k++) {
                float e = (float) Math.exp(x[xo + k] - max);
                out[oo + k] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int k = 0; k < n; k++) out[oo + k] *= inv;
        }
    }
}
