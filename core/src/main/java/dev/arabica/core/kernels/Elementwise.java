package dev.arabica.core.kernels;

import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * Elementwise kernels over strided operands writing a contiguous output. Operands are raw arrays
 * with an offset and one stride per output dim (stride 0 for broadcast dims). Contiguous and
 * scalar-broadcast rows take dedicated loops; other layouts a strided loop.
 */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorProvider VP = VectorProviders.get();
    /**
     * Below this many elements an op stays on the calling thread. Handing work to the pool costs
     * about 20-50 us on the 2-core project machine (waking a parked worker), as much as an add
     * over a few hundred thousand floats, so smaller spans would get slower with threads.
     */
    static final int PARALLEL_THRESHOLD = 1 << 18;
    /** Piece boundaries of a split flat loop are multiples of this (a multiple of every vector width). */
    static final int ALIGN = 64;

    /**
     * Number of pieces to split a flat loop of n elements into (1 = run inline): one per thread,
     * since each hand-off costs more than the imbalance of equal contiguous pieces.
     */
    private static int chunks(int n) {
        int threads = Parallel.threads();
        if (n < PARALLEL_THRESHOLD || threads < 2) return 1;
        return threads;
    }

    /** Start of piece {@code c} of {@code pieces} over {@code [0, n)}, aligned to {@link #ALIGN}. */
    static int pieceStart(int c, int pieces, int n) {
        if (c >= pieces) return n;
        long start = (long) n * c / pieces;
        return (int) Math.min(n, (start + ALIGN - 1) / ALIGN * ALIGN);
    }

    /** {@code out[i] = op(a[i], b[i])} over the (already broadcast) {@code shape}. */
    public static void binary(BinaryOp op, int[] shape, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, float[] out) {
        int numel = numel(shape);
        if (numel == 0) return;
        Strided.Layout l = Strided.collapse(shape, aStrides, bStrides, Strided.contiguous(shape));
        int rank = l.rank(), inner = l.inner();
        int[] sa = l.strides()[0], sb = l.strides()[1], dims = l.shape();
        int ia = sa[rank - 1], ib = sb[rank - 1];
        if (rank == 1 && chunks(inner) > 1) {
            // Elementwise results do not depend on how the range is cut.
            int pieces = chunks(inner);
            Parallel.parallelFor(pieces, c -> {
                int from = pieceStart(c, pieces, inner), len = pieceStart(c + 1, pieces, inner) - from;
                if (len > 0) binaryRow(op, a, aOff + from * ia, ia, b, bOff + from * ib, ib, out, from, len);
            });
            return;
        }
        int rows = numel / inner;
        int[] idx = new int[rank];
        int oa = aOff, ob = bOff, oc = 0;
        for (int r = 0; r < rows; r++) {
            binaryRow(op, a, oa, ia, b, ob, ib, out, oc, inner);
            oc += inner;
            for (int d = rank - 2; d >= 0; d--) {
                oa += sa[d];
                ob += sb[d];
                if (++idx[d] < dims[d]) break;
                oa -= sa[d] * dims[d];
                ob -= sb[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    /** One row: {@code c[co + i] = op(a[ao + i*as], b[bo + i*bs])}. */
    static void binaryRow(BinaryOp op, float[] a, int ao, int as, float[] b, int bo, int bs,
                          float[] c, int co, int n) {
        if (as == 1 && bs == 1 && op.contiguousProvider() != null) {
            VP.binary(op.contiguousProvider(), a, ao, b, bo, c, co, n);
            return;
        }
        dev.arabica.core.simd.BinaryOp simd = op.provider();
        if (simd != null) {
            if (as == 1 && bs == 1) { VP.binary(simd, a, ao, b, bo, c, co, n); return; }
            if (as == 1 && bs == 0) { VP.binaryScalar(simd, a, ao, b[bo], c, co, n); return; }
            if (as == 0 && bs == 1) { VP.scalarBinary(simd, a[ao], b, bo, c, co, n); return; }
        }
        // Everything else (comparisons, MAXIMUM/MINIMUM, broadcasting gradient helpers) is rare.
        for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
    }

    /** {@code out[i] = op(a[i]; p, q)} over {@code shape}. */
    public static void unary(UnaryOp op, float p, float q, int[] shape, float[] a, int aOff, int[] aStrides,
                             float[] out) {
        int numel = numel(shape);
        if (numel == 0) return;
        Strided.Layout l = Strided.collapse(shape, aStrides, Strided.contiguous(shape));
        int rank = l.rank(), inner = l.inner();
        int[] sa = l.strides()[0], dims = l.shape();
        int ia = sa[rank - 1];
        if (rank == 1 && chunks(inner) > 1) {
            int pieces = chunks(inner);
            Parallel.parallelFor(pieces, c -> {
                int from = pieceStart(c, pieces, inner), len = pieceStart(c + 1, pieces, inner) - from;
                if (len > 0) unaryRow(op, p, q, a, aOff + from * ia, ia, out, from, len);
            });
            return;
        }
        int rows = numel / inner;
        int[] idx = new int[rank];
        int oa = aOff, oc = 0;
        for (int r = 0; r < rows; r++) {
            unaryRow(op, p, q, a, oa, ia, out, oc, inner);
            oc += inner;
            for (int d = rank - 2; d >= 0; d--) {
                oa += sa[d];
                if (++idx[d] < dims[d]) break;
                oa -= sa[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    static void unaryRow(UnaryOp op, float p, float q, float[] a, int ao, int as, float[] c, int co, int n) {
        if (as == 1) {
            if (op.provider() != null) {
                VP.unary(op.provider(), a, ao, c, co, n);
                return;
            }
            switch (op) {
                case SCALE -> { VP.scale(p, a, ao, c, co, n); return; }
                case ADD_SCALAR -> { VP.binaryScalar(dev.arabica.core.simd.BinaryOp.ADD, a, ao, p, c, co, n); return; }
                case RSUB_SCALAR -> { VP.scalarBinary(dev.arabica.core.simd.BinaryOp.SUB, p, a, ao, c, co, n); return; }
                case RDIV_SCALAR -> { VP.scalarBinary(dev.arabica.core.simd.BinaryOp.DIV, p, a, ao, c, co, n); return; }
                case SQUARE -> { VP.binary(dev.arabica.core.simd.BinaryOp.MUL, a, ao, a, ao, c, co, n); return; }
                case POW_SCALAR -> {
                    if (p == 2f) { VP.binary(dev.arabica.core.simd.BinaryOp.MUL, a, ao, a, ao, c, co, n); return; }
                }
                default -> { }
            }
        }
        // Parameterised activations (clamp, leaky ReLU, ELU, softplus, GELU, pow): per-element definition.
        for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i * as], p, q);
    }


    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
