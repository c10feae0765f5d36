package dev.arabica.core.kernels;

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
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // Placeholder reference implementation (i-k-j order); replaced by the packed kernel.
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) c[cRow + j] = 0f;
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[cRow + j] *= beta;
            }
            for (int p = 0; p < k; p++) {
                float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                if (transB) {
                    for (int j = 0; j < n; j++) c[cRow + j] += av * b[bOff + j * ldb + p];
                } else {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[cRow + j] += av * b[bRow + j];
                }
            }
        }
    }
}
