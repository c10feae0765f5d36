package dev.arabica.core.kernels;

/**
 * GEMM for the scalar fallback (no Vector API), shaped so that C2 auto-vectorizes the inner loop.
 *
 * <p>C2 on JDK 25 does not vectorize {@code c[cOff+j] += a * b[bOff+j]}: it cannot prove that the
 * store does not feed a later load when both arrays may be the same one at different offsets. It
 * does vectorize loops in which every array is indexed by the same plain {@code [j]}. So a
 * {@code KC x NB} block of op(B) is packed as one array per row, four rows of C accumulate in four
 * row arrays, and the inner loop is {@code t_r[j] += a_r * bRow[j]} for the four rows at once
 * (one load of {@code bRow[j]} feeds four multiply-adds).
 *
 * <p>Each element of C is computed in the same order wherever it lies (a multiply then an add per
 * {@code p}, over k blocks that depend on {@code k} only), so results do not depend on how C is
 * split between threads.
 */
final class ScalarGemm {
    static final int KC = 256;
    /** Columns per block: the packed block ({@code KC x NB} floats, 256 KiB) fits in L2. */
    static final int NB = 256;
    /** Rows of C computed together. */
    static final int ROWS = 4;

    private ScalarGemm() {}

    private static final class Buffers {
        final float[][] bRows = new float[KC][NB];
        final float[][] acc = new float[ROWS][NB];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Buffers buffers = BUFFERS.get();
        float[][] bRows = buffers.bRows;
        float[] t0 = buffers.acc[0], t1 = buffers.acc[1], t2 = buffers.acc[2], t3 = buffers.acc[3];
        int kBlocks = PackedGemm.ceilDiv(k, KC);
        int kcMax = PackedGemm.ceilDiv(k, kBlocks);
        int rowStride = transA ? 1 : lda; // a[aOff + i*rowStride + p*colStride] = op(A)(i, p)
        int colStride = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NB) {
            int nb = Math.min(NB, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                packB(transB, b, bOff, ldb, pc, kc, jc, nb, bRows);
                float betaBlock = pc == 0 ? beta : 1f;
                int i = 0;
                for (; i + ROWS <= m; i += ROWS) {
                    int a0 = aOff + i * rowStride + pc * colStride;
                    int a1 = a0 + rowStride, a2 = a1 + rowStride, a3 = a2 + rowStride;
                    zero(t0, t1, t2, t3, nb);
                    for (int p = 0; p < kc; p++) {
                        int q = p * colStride;
                        rank1x4(t0, t1, t2, t3, bRows[p], a[a0 + q], a[a1 + q], a[a2 + q], a[a3 + q], nb);
                    }
                    int ci = cOff + i * ldc + jc;
                    merge(t0, nb, alpha, betaBlock, c, ci);
                    merge(t1, nb, alpha, betaBlock, c, ci + ldc);
                    merge(t2, nb, alpha, betaBlock, c, ci + 2 * ldc);
                    merge(t3, nb, alpha, betaBlock, c, ci + 3 * ldc);
                }
                for (; i < m; i++) {
                    int a0 = aOff + i * rowStride + pc * colStride;
                    java.util.Arrays.fill(t0, 0, nb, 0f);
                    for (int p = 0; p < kc; p++) rank1(t0, bRows[p], a[a0 + p * colStride], nb);
                    merge(t0, nb, alpha, betaBlock, c, cOff + i * ldc + jc);
                }
            }
        }
    }

    private static void zero(float[] t0, float[] t1, float[] t2, float[] t3, int nb) {
        java.util.Arrays.fill(t0, 0, nb, 0f);
        java.util.Arrays.fill(t1, 0, nb, 0f);
        java.util.Arrays.fill(t2, 0, nb, 0f);
        java.util.Arrays.fill(t3, 0, nb, 0f);
    }

    // Same arithmetic per element as rank1: t += a * b (multiply, then add).
    private static void rank1x4(float[] t0, float[] t1, float[] t2, float[] t3, float[] bRow,
                                float a0, float a1, float a2, float a3, int nb) {
        for (int j = 0; j < nb; j++) {
            float bj = bRow[j];
            t0[j] += a0 * bj;
            t1[j] += a1 * bj;
            t2[j] += a2 * bj;
            t3[j] += a3 * bj;
        }
    }

    private static void rank1(float[] t, float[] bRow, float a, int nb) {
        for (int j = 0; j < nb; j++) t[j] += a * bRow[j];
    }

    private static void merge(float[] t, int nb, float alpha, float beta, float[] c, int cOff) {
        if (beta == 0f) {
            for (int j = 0; j < nb; j++) c[cOff + j] = t[j] * alpha;
        } else {
            for (int j = 0; j < nb; j++) c[cOff + j] = Math.fma(t[j], alpha, c[cOff + j] * beta);
        }
    }

    private static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nb,
                              float[][] bRows) {
        if (!transB) {
            for (int p = 0; p < kc; p++) System.arraycopy(b, bOff + (pc + p) * ldb + jc, bRows[p], 0, nb);
        } else {
            for (int j = 0; j < nb; j++) {
                int src = bOff + (jc + j) * ldb + pc;
                for (int p = 0; p < kc; p++) bRows[p][j] = b[src + p];
            }
        }
    }
}
