package dev.arabica.core.kernels;

import dev.arabica.core.simd.GemmMicroKernel;

/**
 * BLIS-style GEMM on one block of C: op(B) is packed in {@code KC x NC} panels of
 * {@code nr}-column slivers, op(A) in {@code MC x KC} panels of {@code mr}-row slivers, and the
 * {@link GemmMicroKernel} computes one {@code mr x nr} tile of C per call. Transposed operands are
 * handled while packing; they are never materialized.
 *
 * <p>Cache plan (Zen 3: 32 KiB L1d, 512 KiB L2): a B sliver ({@code KC x nr}, 16 KiB) stays in L1
 * while the kernel sweeps the A panel ({@code MC x KC}, 144 KiB) from L2; the B panel lives in L3.
 *
 * <p>Every element of C is computed the same way wherever its tile lies: one fused multiply-add
 * chain per {@code KC} block (the k-blocking depends on {@code k} only), then
 * {@code fma(alpha, sum, beta' * C)}. Edge tiles go through a scratch tile and the same formula, so
 * splitting C between threads never changes a bit.
 */
final class PackedGemm {
    static final int MC = 144;
    static final int KC = 256;
    static final int NC = 4080;

    private PackedGemm() {}

    /** Per-thread packing buffers, grown on demand and kept for the next call. */
    static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        float[] tile(int size) {
            if (tile.length < size) tile = new float[size];
            return tile;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** {@code C = alpha * op(A) * op(B) + beta * C} for {@code m, n, k >= 1}; see {@link Gemm#sgemm}. */
    static void gemm(GemmMicroKernel kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        int mr = kernel.mr();
        int nr = kernel.nr();
        Buffers buffers = BUFFERS.get();
        int kBlocks = ceilDiv(k, KC);
        int kcMax = ceilDiv(k, kBlocks); // equal-sized k blocks; depends on k only
        int ncMax = roundUp(Math.min(NC, n), nr); // packB pads the last sliver to nr columns, also when nr does not divide NC
        int mcMax = Math.min(MC, roundUp(m, mr));
        float[] bp = buffers.b(kcMax * ncMax);
        float[] ap = buffers.a(kcMax * mcMax);
        float[] tile = buffers.tile(mr * nr);

        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bp);
                float betaBlock = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, mr, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nrValid = Math.min(nr, nc - jr);
                        int bpOff = (jr / nr) * kc * nr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mrValid = Math.min(mr, mc - ir);
                            int apOff = (ir / mr) * kc * mr;
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            if (mrValid == mr && nrValid == nr) {
                                kernel.compute(kc, ap, apOff, bp, bpOff, alpha, betaBlock, c, cTile, ldc);
                            } else {
                                kernel.compute(kc, ap, apOff, bp, bpOff, 1f, 0f, tile, 0, nr);
                                mergeTile(tile, nr, mrValid, nrValid, alpha, betaBlock, c, cTile, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The micro-kernel's update formula, for the valid part of an edge tile. */
    static void mergeTile(float[] tile, int nr, int rows, int cols, float alpha, float beta,
                          float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr;
            int ci = cOff + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) c[ci + j] = tile[t + j] * alpha;
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = Math.fma(tile[t + j], alpha, c[ci + j] * beta);
            }
        }
    }

    /**
     * Packs {@code op(B)[pc:pc+kc, jc:jc+nc]} into {@code nr}-column slivers:
     * {@code bp[s*kc*nr + p*nr + j] = op(B)(pc+p, jc+s*nr+j)}, zero past column {@code nc}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, int nr,
                      float[] bp) {
        for (int s = 0, j0 = 0; j0 < nc; s++, j0 += nr) {
            int cols = Math.min(nr, nc - j0);
            int dst = s * kc * nr;
            if (!transB) {
                int src = bOff + pc * ldb + jc + j0;
                for (int p = 0; p < kc; p++, src += ldb, dst += nr) {
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int j = cols; j < nr; j++) bp[dst + j] = 0f;
                }
            } else {
                // op(B)(p, j) = b[j*ldb + p]: read four columns of op(B) (rows of B) contiguously at
                // once, so that each p writes four adjacent floats instead of one.
                int j = 0;
                for (; j + 8 <= cols; j += 8) {
                    int s0 = bOff + (jc + j0 + j) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    int s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb, s7 = s6 + ldb;
                    for (int p = 0, d = dst + j; p < kc; p++, d += nr) {
                        bp[d] = b[s0 + p];
                        bp[d + 1] = b[s1 + p];
                        bp[d + 2] = b[s2 + p];
                        bp[d + 3] = b[s3 + p];
                        bp[d + 4] = b[s4 + p];
                        bp[d + 5] = b[s5 + p];
                        bp[d + 6] = b[s6 + p];
                        bp[d + 7] = b[s7 + p];
                    }
                }
                for (; j + 4 <= cols; j += 4) {
                    int s0 = bOff + (jc + j0 + j) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    for (int p = 0, d = dst + j; p < kc; p++, d += nr) {
                        bp[d] = b[s0 + p];
                        bp[d + 1] = b[s1 + p];
                        bp[d + 2] = b[s2 + p];
                        bp[d + 3] = b[s3 + p];
                    }
                }
                for (; j < cols; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) bp[dst + p * nr + j] = b[src + p];
                }
                for (j = cols; j < nr; j++) {
                    for (int p = 0; p < kc; p++) bp[dst + p * nr + j] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[ic:ic+mc, pc:pc+kc]} into {@code mr}-row slivers:
     * {@code ap[s*kc*mr + p*mr + r] = op(A)(ic+s*mr+r, pc+p)}, zero past row {@code mc}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int mr,
                      float[] ap) {
        for (int s = 0, i0 = 0; i0 < mc; s++, i0 += mr) {
            int rows = Math.min(mr, mc - i0);
            int dst = s * kc * mr;
            if (!transA && rows == 4 && mr == 4) {
                // Four rows at once: each p writes four adjacent floats.
                int s0 = aOff + (ic + i0) * lda + pc, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                for (int p = 0, d = dst; p < kc; p++, d += 4) {
                    ap[d] = a[s0 + p];
                    ap[d + 1] = a[s1 + p];
                    ap[d + 2] = a[s2 + p];
                    ap[d + 3] = a[s3 + p];
                }
            } else if (!transA) {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (ic + i0 + r) * lda + pc;
                    for (int p = 0; p < kc; p++) ap[dst + p * mr + r] = a[src + p];
                }
            } else if (rows == 4 && mr == 4) {
                // op(A)(i, p) = a[p*lda + i]: the sliver's rows are contiguous for each p.
                for (int p = 0, src = aOff + pc * lda + ic + i0, d = dst; p < kc; p++, src += lda, d += 4) {
                    System.arraycopy(a, src, ap, d, 4);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + i0;
                    for (int r = 0; r < rows; r++) ap[dst + p * mr + r] = a[src + r];
                }
            }
            for (int r = rows; r < mr; r++) {
                for (int p = 0; p < kc; p++) ap[dst + p * mr + r] = 0f;
            }
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
