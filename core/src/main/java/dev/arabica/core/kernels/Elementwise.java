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
        dev.arabica.core.simd.BinaryOp simd = simd(op);
        if (as == 1 && bs == 1) {
            dev.arabica.core.simd.BinaryOp grad = switch (op) {
                case RELU_GRAD -> dev.arabica.core.simd.BinaryOp.RELU_GRAD;
                case SIGMOID_GRAD -> dev.arabica.core.simd.BinaryOp.SIGMOID_GRAD;
                case TANH_GRAD -> dev.arabica.core.simd.BinaryOp.TANH_GRAD;
                default -> null;
            };
            if (grad != null) { VP.binary(grad, a, ao, b, bo, c, co, n); return; }
        }
        if (simd != null) {
            if (as == 1 && bs == 1) { VP.binary(simd, a, ao, b, bo, c, co, n); return; }
            if (as == 1 && bs == 0) { VP.binaryScalar(simd, a, ao, b[bo], c, co, n); return; }
            if (as == 0 && bs == 1) { VP.scalarBinary(simd, a[ao], b, bo, c, co, n); return; }
        }
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * b[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / b[bo + i]; }
                case RELU_GRAD -> { for (int i = 0; i < n; i++) c[co + i] = b[bo + i] > 0f ? a[ao + i] : 0f; }
                case SIGMOID_GRAD -> {
                    for (int i = 0; i < n; i++) { float y = b[bo + i]; c[co + i] = a[ao + i] * y * (1f - y); }
                }
                case TANH_GRAD -> {
                    for (int i = 0; i < n; i++) { float y = b[bo + i]; c[co + i] = a[ao + i] * (1f - y * y); }
                }
                default -> { for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i], b[bo + i]); }
            }
            return;
        }
        if (as == 1 && bs == 0) {
            float s = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + s; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] - s; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] * s; }
                case DIV -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] / s; }
                default -> { for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i], s); }
            }
            return;
        }
        if (as == 0 && bs == 1) {
            float s = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) c[co + i] = s + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) c[co + i] = s - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) c[co + i] = s * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) c[co + i] = op.apply(s, b[bo + i]); }
            }
            return;
        }
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

    /** The provider's op for the plain arithmetic ops (MAXIMUM/MINIMUM keep their own NaN rules). */
    private static dev.arabica.core.simd.BinaryOp simd(BinaryOp op) {
        return switch (op) {
            case ADD -> dev.arabica.core.simd.BinaryOp.ADD;
            case SUB -> dev.arabica.core.simd.BinaryOp.SUB;
            case MUL -> dev.arabica.core.simd.BinaryOp.MUL;
            case DIV -> dev.arabica.core.simd.BinaryOp.DIV;
            default -> null;
        };
    }

    static void unaryRow(UnaryOp op, float p, float q, float[] a, int ao, int as, float[] c, int co, int n) {
        if (as == 1) {
            dev.arabica.core.simd.UnaryOp simd = switch (op) {
                case EXP -> dev.arabica.core.simd.UnaryOp.EXP;
                case LOG -> dev.arabica.core.simd.UnaryOp.LOG;
                case SQRT -> dev.arabica.core.simd.UnaryOp.SQRT;
                case TANH -> dev.arabica.core.simd.UnaryOp.TANH;
                case SIGMOID -> dev.arabica.core.simd.UnaryOp.SIGMOID;
                case RELU -> dev.arabica.core.simd.UnaryOp.RELU;
                case NEG -> dev.arabica.core.simd.UnaryOp.NEG;
                case ABS -> dev.arabica.core.simd.UnaryOp.ABS;
                default -> null;
            };
            if (simd != null) { VP.unary(simd, a, ao, c, co, n); return; }
            if (op == UnaryOp.POW_SCALAR && p == 2f) { VP.binary(dev.arabica.core.simd.BinaryOp.MUL, a, ao, a, ao, c, co, n); return; }
            switch (op) {
                case SCALE -> { VP.scale(p, a, ao, c, co, n); return; }
                case ADD_SCALAR -> { VP.binaryScalar(dev.arabica.core.simd.BinaryOp.ADD, a, ao, p, c, co, n); return; }
                case RSUB_SCALAR -> { VP.scalarBinary(dev.arabica.core.simd.BinaryOp.SUB, p, a, ao, c, co, n); return; }
                case RDIV_SCALAR -> { VP.scalarBinary(dev.arabica.core.simd.BinaryOp.DIV, p, a, ao, c, co, n); return; }
                default -> { }
            }
            switch (op) {
                case NEG -> { for (int i = 0; i < n; i++) c[co + i] = -a[ao + i]; }
                case SCALE -> { for (int i = 0; i < n; i++) c[co + i] = p * a[ao + i]; }
                case ADD_SCALAR -> { for (int i = 0; i < n; i++) c[co + i] = a[ao + i] + p; }
                case RELU -> { for (int i = 0; i < n; i++) { float x = a[ao + i]; c[co + i] = x > 0f ? x : (x != x ? x : 0f); } }
                case SQUARE -> { for (int i = 0; i < n; i++) { float x = a[ao + i]; c[co + i] = x * x; } }
                case EXP -> { for (int i = 0; i < n; i++) c[co + i] = (float) Math.exp(a[ao + i]); }
                default -> { for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i], p, q); }
            }
            return;
        }
        for (int i = 0; i < n; i++) c[co + i] = op.apply(a[ao + i * as], p, q);
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
