package dev.arabica.core.simd;

/**
 * The register-blocked inner kernel of a packed (BLIS-style) GEMM: one {@code mr() x nr()} tile of
 * C from a packed sliver of A and a packed sliver of B.
 *
 * <p>Packed layouts, for {@code p} in {@code [0, kc)}:
 * <ul>
 *   <li>A sliver: {@code ap[apOff + p*mr() + r]} is {@code op(A)(row0 + r, p0 + p)};</li>
 *   <li>B sliver: {@code bp[bpOff + p*nr() + j]} is {@code op(B)(p0 + p, col0 + j)}.</li>
 * </ul>
 * Rows and columns past the matrix edge are packed as zeros by the caller.
 */
public interface GemmMicroKernel {
    /** Rows of the tile (the A sliver's width). */
    int mr();

    /** Columns of the tile (the B sliver's width), a multiple of the vector length. */
    int nr();

    /**
     * {@code C[r][j] = alpha * sum_p ap[p][r] * bp[p][j] + beta * C[r][j]} for the whole tile, where
     * {@code C[r][j]} is {@code c[cOff + r*ldc + j]}. The sum runs in increasing {@code p} with one
     * fused multiply-add per step, and the update is {@code fma(alpha, sum, beta * C)}, or
     * {@code alpha * sum} when {@code beta == 0} (C is then not read). Callers that need a partial
     * tile run the kernel on a scratch tile with {@code alpha = 1, beta = 0} and apply the same
     * update formula to the valid part, which keeps results identical to a full tile.
     */
    void compute(int kc, float[] ap, int apOff, float[] bp, int bpOff,
                 float alpha, float beta, float[] c, int cOff, int ldc);
}
