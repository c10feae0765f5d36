package dev.arabica.core.kernels;

/**
 * Iteration over strided n-dimensional layouts. Every elementwise kernel works on raw arrays with an
 * offset and strides per operand and writes a contiguous output; dims that are contiguous for all
 * operands are merged first so that the common cases become a single flat loop.
 */
public final class Strided {
    private Strided() {}

    /**
     * A layout after merging dims: {@code shape} and per-operand strides, all of the same rank
     * (at least 1).
     */
    public record Layout(int[] shape, int[][] strides) {
        public int rank() { return shape.length; }
        public int inner() { return shape[shape.length - 1]; }
    }

    /**
     * Merges adjacent dims that are laid out contiguously with respect to each other for every
     * operand, and drops size-1 dims. The output (if one of the operands) must be included.
     */
    public static Layout collapse(int[] shape, int[]... strides) {
        int rank = shape.length;
        int[] s = new int[Math.max(rank, 1)];
        int[][] st = new int[strides.length][Math.max(rank, 1)];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) continue;
            if (n > 0) {
                boolean mergeable = true;
                for (int[] stride : strides) {
                    // the previous (outer) kept dim can absorb d if stride[prev] == stride[d] * shape[d]
                    if (stride[prevIndex(shape, d)] != stride[d] * shape[d]) { mergeable = false; break; }
                }
                if (mergeable) {
                    s[n - 1] *= shape[d];
                    for (int k = 0; k < strides.length; k++) st[k][n - 1] = strides[k][d];
                    continue;
                }
            }
            s[n] = shape[d];
            for (int k = 0; k < strides.length; k++) st[k][n] = strides[k][d];
            n++;
        }
        if (n == 0) {
            s[0] = 1;
            for (int k = 0; k < strides.length; k++) st[k][0] = 0;
            n = 1;
        }
        int[] fs = java.util.Arrays.copyOf(s, n);
        int[][] fst = new int[strides.length][];
        for (int k = 0; k < strides.length; k++) fst[k] = java.util.Arrays.copyOf(st[k], n);
        // Note: when dims were merged, the stride recorded is that of the innermost merged dim.
        return new Layout(fs, fst);
    }

    /** Index of the last kept (size != 1) dim before d. */
    private static int prevIndex(int[] shape, int d) {
        for (int p = d - 1; p >= 0; p--) if (shape[p] != 1) return p;
        throw new IllegalStateException("no previous dim");
    }

    /** Copies a strided source into a contiguous destination. */
    public static void copy(float[] src, int srcOff, int[] shape, int[] srcStrides, float[] dst, int dstOff) {
        copyAny(src, srcOff, shape, srcStrides, dst, dstOff);
    }

    /** Int64 version of {@link #copy(float[], int, int[], int[], float[], int)}. */
    public static void copy(long[] src, int srcOff, int[] shape, int[] srcStrides, long[] dst, int dstOff) {
        copyAny(src, srcOff, shape, srcStrides, dst, dstOff);
    }

    /**
     * One row walk for both element types: contiguous rows go through the type-generic
     * {@link System#arraycopy}; only a strided row needs a typed loop.
     */
    private static void copyAny(Object src, int srcOff, int[] shape, int[] srcStrides, Object dst, int dstOff) {
        int numel = 1;
        for (int d : shape) numel *= d;
        if (numel == 0) return;
        Layout l = collapse(shape, srcStrides, contiguous(shape));
        int rank = l.rank(), inner = l.inner();
        int[] ls = l.strides()[0], dims = l.shape();
        int si = ls[rank - 1];
        int rows = numel / inner;
        int[] idx = new int[rank];
        int so = srcOff, dp = dstOff;
        for (int r = 0; r < rows; r++) {
            if (si == 1) {
                System.arraycopy(src, so, dst, dp, inner);
            } else if (src instanceof float[] f) {
                float[] o = (float[]) dst;
                for (int j = 0; j < inner; j++) o[dp + j] = f[so + j * si];
            } else {
                long[] v = (long[]) src, o = (long[]) dst;
                for (int j = 0; j < inner; j++) o[dp + j] = v[so + j * si];
            }
            dp += inner;
            for (int d = rank - 2; d >= 0; d--) {
                so += ls[d];
                if (++idx[d] < dims[d]) break;
                so -= ls[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** Row-major (C order) strides for a shape (size-0 and size-1 dims count as 1). */
    public static int[] contiguous(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }
}
