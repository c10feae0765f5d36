package dev.arabica.core.kernels;

import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * Softmax and log-softmax over the middle axis of a contiguous {@code [outer, n, inner]} block, with
 * max subtraction so that extreme logits neither overflow nor lose the largest terms.
 */
public final class Softmax {
    private Softmax() {}

    private static final VectorProvider VP = VectorProviders.get();
    /** About 1.3 ns per element (max, exp, scale): from here a hand-off to the pool (20-50 us) pays. */
    private static final long PARALLEL_THRESHOLD = 1 << 17;

    /** {@link #softmax(float[], int, float[], int, int, int, int, boolean)} writing {@code out} from index 0. */
    public static void softmax(float[] x, int off, float[] out, int outer, int n, int inner, boolean log) {
        softmax(x, off, out, 0, outer, n, inner, log);
    }

    /**
     * Softmax (or log-softmax with {@code log}) of {@code x[off ..]}, viewed as a contiguous
     * {@code [outer, n, inner]} block, over its middle axis, into the same layout at
     * {@code out[outOff ..]}. Rows of a long batch are split over the pool; each row is computed
     * the same way wherever it runs.
     */
    public static void softmax(float[] x, int off, float[] out, int outOff, int outer, int n, int inner, boolean log) {
        if (n == 0) return;
        if (inner == 1) {
            if ((long) outer * n >= PARALLEL_THRESHOLD && outer > 1 && Parallel.threads() > 1) {
                int pieces = Math.min(outer, Parallel.threads());
                Parallel.parallelFor(pieces, p -> {
                    int from = (int) ((long) outer * p / pieces), to = (int) ((long) outer * (p + 1) / pieces);
                    for (int o = from; o < to; o++) row(x, off + o * n, out, outOff + o * n, n, log);
                });
            } else {
                for (int o = 0; o < outer; o++) row(x, off + o * n, out, outOff + o * n, n, log);
            }
            return;
        }
        float[] col = new float[n], res = new float[n];
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner;
            for (int i = 0; i < inner; i++) {
                for (int k = 0; k < n; k++) col[k] = x[off + base + k * inner + i];
                row(col, 0, res, 0, n, log);
                for (int k = 0; k < n; k++) out[outOff + base + k * inner + i] = res[k];
            }
        }
    }

    /** Softmax (or log-softmax) of one contiguous row {@code x[xo, xo+n)} into {@code out[oo, oo+n)}. */
    public static void row(float[] x, int xo, float[] out, int oo, int n, boolean log) {
        float max = VP.max(x, xo, n);
        if (max == Float.NEGATIVE_INFINITY) max = 0f; // all -inf: avoid -inf - -inf = NaN
        float sum = VP.expShiftSum(x, xo, out, oo, n, max);
        if (log) {
            // (x - max) - log(sum) keeps precision for large logits (x - lse would round at |x| ~ 1e3).
            float logSum = (float) Math.log(sum);
            VP.binaryScalar(BinaryOp.SUB, x, xo, max, out, oo, n);
            VP.binaryScalar(BinaryOp.SUB, out, oo, logSum, out, oo, n);
        } else {
            VP.scale(1f / sum, out, oo, out, oo, n);
        }
    }
}
