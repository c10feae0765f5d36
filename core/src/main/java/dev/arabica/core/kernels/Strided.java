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

    /**
     * Called once per position of {@link #forEach}: {@code index} is the position's rank in C order
     * (counted from 0 over the whole shape) and {@code offsets[k]} the element offset of operand
     * {@code k} there. The array is reused between calls; read it, do not keep it.
     */
    @FunctionalInterface
    public interface PositionBody {
        void at(int index, int[] offsets);
    }

    /**
     * The one odometer of the kernels: visits positions {@code [from, to)} (in C order) of
     * {@code shape}, with one offset per operand advanced by that operand's strides. Operand
     * {@code k} starts at {@code base[k]}; {@code strides[k]} has one stride per dim (0 for a
     * broadcast dim). Pieces {@code [from, to)} can run on different threads.
     */
    public static void forEach(int[] shape, int[][] strides, int[] base, int from, int to, PositionBody body) {
        int rank = shape.length, ops = base.length;
        int[] offsets = base.clone();
        int[] idx = new int[rank];
        int rest = from;
        for (int d = rank - 1; d >= 0 && rest > 0; d--) {
            idx[d] = rest % shape[d];
            rest /= shape[d];
            for (int k = 0; k < ops; k++) offsets[k] += idx[d] * strides[k][d];
        }
        for (int i = from; i < to; i++) {
            body.at(i, offsets);
            for (int d = rank - 1; d >= 0; d--) {
                for (int k = 0; k < ops; k++) offsets[k] += strides[k][d];
                if (++idx[d] < shape[d]) break;
                for (int k = 0; k < ops; k++) offsets[k] -= strides[k][d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /**
     * The rows of a collapsed layout: calls {@code body} for rows {@code [fromRow, toRow)} with the
     * row number and each operand's offset at the row's first element. A row has
     * {@link Layout#inner()} elements, operand {@code k} stepping by {@code l.strides()[k][rank-1]}.
     */
    public static void forEachRow(Layout l, int[] base, int fromRow, int toRow, PositionBody body) {
        int rank = l.rank();
        int[] outer = java.util.Arrays.copyOf(l.shape(), rank - 1);
        int[][] st = new int[l.strides().length][];
        for (int k = 0; k < st.length; k++) st[k] = java.util.Arrays.copyOf(l.strides()[k], rank - 1);
        forEach(outer, st, base, fromRow, toRow, body);
    }

    /** Number of rows of a layout: its element count divided by the row length. */
    public static int rows(Layout l) {
        int n = 1;
        for (int i = 0; i < l.rank() - 1; i++) n *= l.shape()[i];
        return n;
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
        int inner = l.inner(), si = l.strides()[0][l.rank() - 1];
        forEachRow(l, new int[] {srcOff, dstOff}, 0, rows(l), (r, o) -> {
            int so = o[0], dp = o[1];
            if (si == 1) {
                System.arraycopy(src, so, dst, dp, inner);
            } else if (src instanceof float[] f) {
                float[] out = (float[]) dst;
                for (int j = 0; j < inner; j++) out[dp + j] = f[so + j * si];
            } else {
                long[] v = (long[]) src, out = (long[]) dst;
                for (int j = 0; j < inner; j++) out[dp + j] = v[so + j * si];
            }
        });
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
