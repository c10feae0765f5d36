package dev.arabica.core.simd;

/**
 * The register-blocked inner kernel of a packed (BLIS-style) GEMM: one {@code mr() x nr()} tile of
 * C from {@code mr()} rows of A and a packed sliver of B.
 *
 * <p>Layouts, for {@code p} in {@code [0, kc)} and {@code r} in {@code [0, mr())}:
 * <ul>
 *   <li>A: {@code a[aOff + r*rs + p*cs]} is {@code op(A)(row0 + r, p0 + p)} (BLIS's row and column
 *       strides), so A is read where it lies, transposed ({@code rs = 1, cs = lda}) or not
 *       ({@code rs = lda, cs = 1}), or from a packed copy;</li>
 *   <li>B sliver: {@code bp[bpOff + p*nr() + j]} is {@code op(B)(p0 + p, col0 + j)}.</li>
 * </ul>
 * The kernel reads all {@code mr()} rows of A and {@code nr()} columns of B: past the matrix edge the
 * caller supplies zeros (a packed copy of the last rows, B's sliver padded).
 */
public interface GemmMicroKernel {
    /** Rows of the tile (the A sliver's width). */
    int mr();

    /** Columns of the tile (the B sliver's width), a multiple of the vector length. */
    int nr();

    /**
     * {@code C[r][j] = alpha * sum_p A[r][p] * bp[p][j] + beta * C[r][j]} for the whole tile, where
     * {@code C[r][j]} is {@code c[cOff + r*ldc + j]}. The sum runs in increasing {@code p} with one
     * fused multiply-add per step, and the update is {@code fma(alpha, sum, beta * C)}, or
     * {@code alpha * sum} when {@code beta == 0} (C is then not read). Callers that need a partial
     * tile run the kernel on a scratch tile with {@code alpha = 1, beta = 0} and apply the same
     * update formula to the valid part, which keeps results identical to a full tile.
     */
    void compute(int kc, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff,
                 float alpha, float beta, float[] c, int cOff, int ldc);
}
