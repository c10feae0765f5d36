package dev.arabica.core.kernels;

import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.UnaryOp;
import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * Elementwise kernels over strided operands writing a contiguous output. Operands are raw arrays
 * with an offset and one stride per output dim (stride 0 for broadcast dims). Dims that are
 * contiguous for every operand are merged first ({@link Strided#collapse}); every row then goes
 * through the {@link VectorProvider} (strided rows gathered first), so a result does not depend on
 * the operands' layout. Large outputs are split over the pool; elementwise results do not depend
 * on how the work is cut.
 */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorProvider VP = VectorProviders.get();
    /**
     * Below this many elements an op stays on the calling thread. Waking a parked worker costs
     * about 20-50 us on the 2-core project machine, but between the back-to-back ops of a forward
     * or training step the workers are still spinning ({@link Parallel}) and take a job in about a
     * microsecond, while an op over 2^16 floats takes 10-30 us: the activations of a CNN at batch 1
     * (64 x 56 x 56 in ResNet-18) were left on one thread at the former 2^18.
     */
    static final int PARALLEL_THRESHOLD = 1 << 16;

    /** {@code out[i] = op(a[i], b[i])} over the (already broadcast) {@code shape}. */
    public static void binary(BinaryOp op, int[] shape, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out) {
        binary(op, 0f, 0f, shape, a, aOff, aStrides, b, bOff, bStrides, out);
    }

    /** {@code out[i] = op(a[i], b[i]; p, q)} over the (already broadcast) {@code shape}. */
    public static void binary(BinaryOp op, float p, float q, int[] shape, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out) {
        binary(op, p, q, shape, a, aOff, aStrides, b, bOff, bStrides, out, 0);
    }

    /**
     * {@code out[outOff + i] = op(a[i], b[i]; p, q)} over the (already broadcast) {@code shape}, the
     * result written contiguously from {@code outOff}. {@code out} may be {@code a} itself when
     * {@code a} is contiguous at {@code outOff} (an in-place update); any other overlap of
     * {@code out} with an operand is the caller's to avoid.
     */
    public static void binary(BinaryOp op, float p, float q, int[] shape, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out, int outOff) {
        Strided.Layout l = Strided.collapse(shape, aStrides, bStrides, Strided.contiguous(shape));
        int inner = l.inner(), last = l.rank() - 1;
        int ia = l.strides()[0][last], ib = l.strides()[1][last];
        run(l, new int[] {aOff, bOff, outOff}, (from, to, o) -> {
            if (to - from == inner) {
                binaryRow(op, p, q, a, o[0], ia, b, o[1], ib, out, o[2], inner);
            } else { // a piece of a single flat row
                binaryRow(op, p, q, a, aOff + from * ia, ia, b, bOff + from * ib, ib, out, outOff + from, to - from);
            }
        });
    }

    /** One row: {@code c[co + i] = op(a[ao + i*as], b[bo + i*bs]; p, q)}. */
    static void binaryRow(BinaryOp op, float p, float q, float[] a, int ao, int as, float[] b, int bo, int bs,
                          float[] c, int co, int n) {
        if (as == 1 && bs == 1) {
            VP.binary(op, p, q, a, ao, b, bo, c, co, n);
        } else if (as == 1 && bs == 0 && p == 0f && q == 0f) {
            VP.binaryScalar(op, a, ao, b[bo], c, co, n);
        } else if (as == 0 && bs == 1 && p == 0f && q == 0f) {
            VP.scalarBinary(op, a[ao], b, bo, c, co, n);
        } else {
            // Strided operands are gathered into contiguous rows first, so that every layout gets
            // the provider's results (bit for bit the same as for contiguous tensors).
            // b goes through a bounded work array, in chunks.
            float[] rb = ROW.floats(Math.min(n, CHUNK));
            for (int from = 0; from < n; from += CHUNK) {
                int len = Math.min(CHUNK, n - from);
                for (int i = from; i < from + len; i++) c[co + i] = a[ao + i * as];
                for (int i = 0; i < len; i++) rb[i] = b[bo + (from + i) * bs];
                VP.binary(op, p, q, c, co + from, rb, 0, c, co + from, len);
            }
        }
    }

    private static final Scratch ROW = new Scratch();
    /** Elements per chunk of a strided row (bounds the per-thread work array at 16 KiB). */
    private static final int CHUNK = 4096;

    /** {@code out[i] = op(a[i]; p, q)} over {@code shape}. */
    public static void unary(UnaryOp op, float p, float q, int[] shape, float[] a, int aOff, int[] aStrides,
                             float[] out) {
        unary(op, p, q, shape, a, aOff, aStrides, out, 0);
    }

    /** {@code out[outOff + i] = op(a[i]; p, q)} over {@code shape}; {@code out} may be {@code a} when {@code a} is contiguous at {@code outOff}. */
    public static void unary(UnaryOp op, float p, float q, int[] shape, float[] a, int aOff, int[] aStrides,
                             float[] out, int outOff) {
        Strided.Layout l = Strided.collapse(shape, aStrides, Strided.contiguous(shape));
        int inner = l.inner(), ia = l.strides()[0][l.rank() - 1];
        run(l, new int[] {aOff, outOff}, (from, to, o) -> {
            if (to - from == inner) {
                unaryRow(op, p, q, a, o[0], ia, out, o[1], inner);
            } else {
                unaryRow(op, p, q, a, aOff + from * ia, ia, out, outOff + from, to - from);
            }
        });
    }

    static void unaryRow(UnaryOp op, float p, float q, float[] a, int ao, int as, float[] c, int co, int n) {
        if (as == 1) {
            VP.unary(op, p, q, a, ao, c, co, n);
        } else {
            for (int i = 0; i < n; i++) c[co + i] = a[ao + i * as];
            VP.unary(op, p, q, c, co, c, co, n);
        }
    }

    /**
     * {@code out[i] = cond[i] != 0 ? x[i] : y[i]} over the (already broadcast) {@code shape}: the
     * kernel of {@code where} and {@code maskedFill}.
     */
    public static void where(int[] shape, float[] c, int cOff, int[] cStrides, float[] x, int xOff, int[] xStrides,
                             float[] y, int yOff, int[] yStrides, float[] out) {
        Strided.Layout l = Strided.collapse(shape, cStrides, xStrides, yStrides, Strided.contiguous(shape));
        int inner = l.inner(), last = l.rank() - 1;
        int ic = l.strides()[0][last], ix = l.strides()[1][last], iy = l.strides()[2][last];
        run(l, new int[] {cOff, xOff, yOff, 0}, (from, to, o) -> {
            int oc = o[0], ox = o[1], oy = o[2], oo = o[3];
            if (to - from != inner) { // a piece of a single flat row
                oc = cOff + from * ic; ox = xOff + from * ix; oy = yOff + from * iy; oo = from;
            }
            for (int i = 0, n = to - from; i < n; i++) {
                out[oo + i] = c[oc + i * ic] != 0f ? x[ox + i * ix] : y[oy + i * iy];
            }
        });
    }

    /** Work on elements {@code [from, to)} whose operands start at {@code offsets} (row starts). */
    @FunctionalInterface
    interface Piece {
        void run(int from, int to, int[] offsets);
    }

    /**
     * Runs a layout's rows, on the calling thread when small. A large single row is cut into one
     * piece per thread (at multiples of 64 elements, a multiple of every vector width); many rows
     * are cut into groups of whole rows.
     */
    private static void run(Strided.Layout l, int[] base, Piece piece) {
        int inner = l.inner(), rows = Strided.rows(l);
        long numel = (long) inner * rows;
        if (numel == 0) return;
        int threads = Parallel.threads();
        if (numel < PARALLEL_THRESHOLD || threads < 2) {
            Strided.forEachRow(l, base, 0, rows, (r, o) -> piece.run(r * inner, r * inner + inner, o));
        } else if (rows == 1) {
            int grain = (int) ((inner + threads - 1L) / threads + 63) / 64 * 64;
            Parallel.forRange(inner, grain, (from, to) -> piece.run(from, to, base));
        } else {
            int grain = (rows + threads - 1) / threads;
            Parallel.forRange(rows, grain, (from, to) ->
                    Strided.forEachRow(l, base, from, to, (r, o) -> piece.run(r * inner, r * inner + inner, o)));
        }
    }
}
