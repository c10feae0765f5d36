package dev.arabica.core.kernels;

import dev.arabica.core.simd.GemmMicroKernel;
import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;
import java.util.Objects;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code [m, k]} and
 * {@code op(B)} of shape {@code [k, n]}.
 *
 * <p>Element {@code (i, p)} of {@code op(A)} is {@code a[aOff + i*lda + p]} when {@code transA} is
 * false and {@code a[aOff + p*lda + i]} when it is true (likewise for B). {@code C(i, j)} is
 * {@code c[cOff + i*ldc + j]}. With {@code beta == 0} the previous contents of C are ignored
 * (NaN in C does not propagate), as in BLAS.
 */
public final class Gemm {
    /**
     * Below this many multiply-adds ({@code m*n*k}) the product runs on the calling thread. Handing
     * half of the work to a parked pool worker costs about 20-50 us on the 2-core project machine
     * (measured: 2 threads ran n = 64 at 19 GFLOP/s and n = 128 at 45, against 54 and 68 on one
     * thread); {@code 2^22} multiply-adds (about 100 us on one core) is where splitting starts to pay.
     */
    static final long PARALLEL_THRESHOLD = 1L << 22;
    /** Matrix-vector products below this many multiply-adds run on the calling thread. */
    static final long GEMV_PARALLEL_THRESHOLD = 1L << 20;
    /** Output columns per block of the row-combination (axpy) form of a matrix-vector product. */
    static final int GEMV_COLUMN_BLOCK = 2048;

    private static final VectorProvider VP = VectorProviders.get();

    /** The Vector API micro-kernel, or null for the scalar path; fixed for the JVM's lifetime. */
    private static final GemmMicroKernel KERNEL = VP.gemmMicroKernel().orElse(null);
    /** The packed GEMM's block sizes for {@link #KERNEL} (null for the scalar path). */
    static final PackedGemm.Blocking BLOCKING = KERNEL == null ? null : PackedGemm.Blocking.of(KERNEL);
    /**
     * Boundaries of the pieces a matrix-vector product is split into are multiples of this many
     * outputs (a whole number of vectors), so that only the last piece has a scalar tail.
     */
    private static final int GEMV_ALIGN = Math.max(16, VP.floatLanes());

    private Gemm() {}

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} in place in {@code c}.
     *
     * <p>As in BLAS: {@code m == 0} or {@code n == 0} is a no-op; {@code k == 0} or
     * {@code alpha == 0} only scales C by {@code beta} (A and B are not read); {@code beta == 0}
     * never reads C. The result does not depend on the number of threads ({@link Parallel}): large
     * products are split over independent blocks of C, each element computed the same way. With
     * {@code m > 1} and {@code n > 1} it does not depend on the vector width either
     * ({@code -Darabica.simd.bits}): every micro-tile runs the same fused multiply-add chain per
     * element over the same k blocks. (Matrix-vector products use the provider's {@code dot}, whose
     * grouping follows the width.)
     *
     * @throws IllegalArgumentException if a dimension is negative or a leading dimension is smaller
     *     than the width of its (row-major) matrix
     * @throws IndexOutOfBoundsException if a matrix does not fit in its array at its offset
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("C", c, cOff, m, n, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        if (m == 1 || n == 1) {
            gemv(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }

        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || work < PARALLEL_THRESHOLD) {
            block(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        // Independent blocks of C: whole rows if there are enough, else whole columns. Block edges
        // are multiples of the micro-tile so that no extra edge tiles appear.
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int quantum = BLOCKING == null ? (byRows ? ScalarGemm.ROWS : 16) : (byRows ? BLOCKING.mr() : BLOCKING.nr());
        int chunk = PackedGemm.roundUp(PackedGemm.ceilDiv(extent, threads), quantum);
        int tasks = PackedGemm.ceilDiv(extent, chunk);
        Parallel.parallelFor(tasks, t -> {
            int from = t * chunk;
            int len = Math.min(chunk, extent - from);
            if (byRows) {
                block(transA, transB, len, n, k, alpha, a, aOff + from * (transA ? 1 : lda), lda,
                        b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            } else {
                block(transA, transB, m, len, k, alpha, a, aOff, lda,
                        b, bOff + from * (transB ? ldb : 1), ldb, beta, c, cOff + from, ldc);
            }
        });
    }

    /**
     * The right-hand operand {@code op(B)} ({@code [k, n]}) of many products, packed once: for a
     * matrix multiplied by a series of left-hand operands, such as the recurrent weights of an RNN at
     * every time step. Packing costs about as much as reading B, which for a product with few rows
     * ({@code m} around 32) is as much as the arithmetic; {@link #sgemm(boolean, int, float, float[],
     * int, int, PackedB, float, float[], int, int)} skips it.
     *
     * <p>It keeps a reference to B (matrix-vector products read B itself): B must not change while
     * the packed copy is in use. Immutable; may be shared between threads.
     */
    public static final class PackedB {
        private final boolean transB;
        private final int k, n;
        private final float[] b;
        private final int bOff, ldb;
        /** The panels of {@link PackedGemm#packAll}, or null on the scalar path (nothing to pack). */
        private final float[] panels;

        private PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] panels) {
            this.transB = transB;
            this.k = k;
            this.n = n;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.panels = panels;
        }

        /** {@code k}: rows of {@code op(B)}. */
        public int rows() {
            return k;
        }

        /** {@code n}: columns of {@code op(B)}. */
        public int columns() {
            return n;
        }
    }

    /**
     * Packs {@code op(B)} ({@code [k, n]}, element {@code (p, j)} at {@code b[bOff + p*ldb + j]}, or
     * {@code b[bOff + j*ldb + p]} when {@code transB}) for repeated products; see {@link PackedB}.
     *
     * @throws IllegalArgumentException if a dimension is negative or {@code ldb} is too small
     * @throws IndexOutOfBoundsException if the matrix does not fit in {@code b} at {@code bOff}
     */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        if (k < 0 || n < 0) throw new IllegalArgumentException("negative dimension: k=" + k + ", n=" + n);
        checkMatrix("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        float[] panels = KERNEL == null || k == 0 || n <= 1 ? null
                : PackedGemm.packAll(BLOCKING, transB, k, n, b, bOff, ldb);
        return new PackedB(transB, k, n, b, bOff, ldb, panels);
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} with a packed {@code op(B)}: the same result, bit
     * for bit, as {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int,
     * int, float, float[], int, int)} with B's original array, for any thread count.
     *
     * @param m rows of {@code op(A)} and C; {@code n} and {@code k} are those of {@code b}
     */
    public static void sgemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                             float beta, float[] c, int cOff, int ldc) {
        int n = b.n, k = b.k;
        if (b.panels == null || m <= 1 || k == 0 || alpha == 0f) {
            sgemm(transA, b.transB, m, n, k, alpha, a, aOff, lda, b.b, b.bOff, b.ldb, beta, c, cOff, ldc);
            return;
        }
        checkMatrix("C", c, cOff, m, n, ldc);
        checkMatrix("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (threads == 1 || work < PARALLEL_THRESHOLD) {
            PackedGemm.gemm(KERNEL, BLOCKING, transA, m, n, k, alpha, a, aOff, lda, b.transB, b.b, b.bOff, b.ldb,
                    b.panels, beta, c, cOff, ldc);
            return;
        }
        // Blocks of whole rows (a multiple of the micro-tile's rows); every element is computed the same way.
        int chunk = PackedGemm.roundUp(PackedGemm.ceilDiv(m, threads), BLOCKING.mr());
        int tasks = PackedGemm.ceilDiv(m, chunk);
        Parallel.parallelFor(tasks, t -> {
            int from = t * chunk;
            int len = Math.min(chunk, m - from);
            PackedGemm.gemm(KERNEL, BLOCKING, transA, len, n, k, alpha, a, aOff + from * (transA ? 1 : lda), lda,
                    b.transB, b.b, b.bOff, b.ldb, b.panels, beta, c, cOff + from * ldc, ldc);
        });
    }

    /**
     * Matrix-vector products ({@code m == 1} or {@code n == 1}): packing would cost as much as the
     * product, so the result vector is computed directly from the provider's {@code dot} (when the
     * matrix rows meet the vector along k) or {@code axpy} (when the result is a combination of
     * matrix rows). Each output element is computed the same way however the outputs are split
     * between threads, so results do not depend on the thread count.
     */
    private static void gemv(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // The vector x (length k) and the matrix whose rows are either dotted with x or combined by it.
        float[] x;
        int xOff, xStride;
        float[] mat;
        int matOff, ld, len;
        boolean dotForm;
        if (n == 1) {
            x = b; xOff = bOff; xStride = transB || k == 1 ? 1 : ldb;
            mat = a; matOff = aOff; ld = lda; len = m;
            dotForm = !transA; // row i of op(A) is contiguous: C(i) = dot(A row i, x)
        } else {
            x = a; xOff = aOff; xStride = !transA || k == 1 ? 1 : lda;
            mat = b; matOff = bOff; ld = ldb; len = n;
            dotForm = transB; // column j of op(B) is a contiguous row of B
        }
        if (xStride != 1) {
            float[] packed = new float[k];
            for (int p = 0; p < k; p++) packed[p] = x[xOff + p * xStride];
            x = packed;
            xOff = 0;
        }
        int cStride = n == 1 ? ldc : 1;
        float[] vx = x;
        int vxOff = xOff;
        float[] out = new float[len];
        int threads = Parallel.threads();
        int pieces = threads > 1 && (long) len * k >= GEMV_PARALLEL_THRESHOLD ? Math.min(threads, PackedGemm.ceilDiv(len, 64)) : 1;
        Parallel.parallelFor(pieces, t -> {
            int from = (int) ((long) len * t / pieces) / GEMV_ALIGN * GEMV_ALIGN;
            int to = t == pieces - 1 ? len : (int) ((long) len * (t + 1) / pieces) / GEMV_ALIGN * GEMV_ALIGN;
            if (dotForm) {
                for (int i = from; i < to; i++) out[i] = VP.dot(mat, matOff + i * ld, vx, vxOff, k);
            } else {
                // Column blocks keep the accumulated part of the result in L1; each output element
                // is still the sum over p in order.
                for (int j0 = from; j0 < to; j0 += GEMV_COLUMN_BLOCK) {
                    int cols = Math.min(GEMV_COLUMN_BLOCK, to - j0);
                    for (int p = 0; p < k; p++) VP.axpy(vx[vxOff + p], mat, matOff + p * ld + j0, out, j0, cols);
                }
            }
            for (int i = from; i < to; i++) {
                int ci = cOff + i * cStride;
                c[ci] = beta == 0f ? out[i] * alpha : Math.fma(out[i], alpha, c[ci] * beta);
            }
        });
    }

    private static void block(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        if (KERNEL != null) {
            PackedGemm.gemm(KERNEL, BLOCKING, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        } else {
            ScalarGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[row + j] *= beta;
            }
        }
    }

    /** A row-major {@code rows x cols} matrix with row stride {@code ld} must fit in {@code array}. */
    private static void checkMatrix(String name, float[] array, int off, int rows, int cols, int ld) {
        Objects.requireNonNull(array, name);
        if (rows == 0 || cols == 0) return;
        if (rows > 1 && ld < cols) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld
                    + ", smaller than its row length " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols; // one past the last element
        if (off < 0 || last > array.length) {
            throw new IndexOutOfBoundsException(name + " [" + rows + " x " + cols + "] with offset " + off
                    + " and leading dimension " + ld + " needs " + last + " elements, array has " + array.length);
        }
    }
}
