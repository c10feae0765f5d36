package dev.arabica.core.kernels;

import dev.arabica.core.simd.GemmMicroKernel;
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
     * Below this many multiply-adds ({@code m*n*k}) the product runs on the calling thread: a
     * {@code 64^3} product takes about 5 us, comparable to handing work to the pool.
     */
    static final long PARALLEL_THRESHOLD = 64L * 64 * 64;

    /** The Vector API micro-kernel, or null for the scalar path; fixed for the JVM's lifetime. */
    private static final GemmMicroKernel KERNEL = VectorProviders.get().gemmMicroKernel().orElse(null);

    private Gemm() {}

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} in place in {@code c}.
     *
     * <p>As in BLAS: {@code m == 0} or {@code n == 0} is a no-op; {@code k == 0} or
     * {@code alpha == 0} only scales C by {@code beta} (A and B are not read); {@code beta == 0}
     * never reads C. The result does not depend on the number of threads ({@link Parallel}): large
     * products are split over independent blocks of C, each element computed the same way.
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
        int quantum = KERNEL == null ? (byRows ? 4 : 16) : (byRows ? KERNEL.mr() : KERNEL.nr());
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

    private static void block(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float beta, float[] c, int cOff, int ldc) {
        if (KERNEL != null) {
            PackedGemm.gemm(KERNEL, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
