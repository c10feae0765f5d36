package dev.arabica.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** GEMM test problems and the naive double-precision reference they are checked against. */
final class GemmCheck {
    private GemmCheck() {}

    /** Shape, transposes, offsets and extra leading-dimension padding of one product. */
    record Problem(int m, int n, int k, boolean transA, boolean transB,
                   int aOff, int bOff, int cOff, int aPad, int bPad, int cPad) {
        static Problem plain(int m, int n, int k, boolean transA, boolean transB) {
            return new Problem(m, n, k, transA, transB, 0, 0, 0, 0, 0, 0);
        }

        int aRows() { return transA ? k : m; }
        int aCols() { return transA ? m : k; }
        int bRows() { return transB ? n : k; }
        int bCols() { return transB ? k : n; }
        int lda() { return aCols() + aPad; }
        int ldb() { return bCols() + bPad; }
        int ldc() { return n + cPad; }
        int aSize() { return aOff + aRows() * lda(); }
        int bSize() { return bOff + bRows() * ldb(); }
        int cSize() { return cOff + m * ldc(); }
        float a(float[] a, int i, int p) { return transA ? a[aOff + p * lda() + i] : a[aOff + i * lda() + p]; }
        float b(float[] b, int p, int j) { return transB ? b[bOff + j * ldb() + p] : b[bOff + p * ldb() + j]; }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k + (transA ? " A^T" : "") + (transB ? " B^T" : "")
                    + (aOff + bOff + cOff + aPad + bPad + cPad > 0 ? " offsets/padding" : "");
        }
    }

    /** Runs {@link Gemm#sgemm} on random inputs and checks C against the reference. */
    static void check(Problem p, float alpha, float beta, long seed) {
        float[] a = random(p.aSize(), seed), b = random(p.bSize(), seed + 1), c = random(p.cSize(), seed + 2);
        float[] before = c.clone();
        Gemm.sgemm(p.transA, p.transB, p.m, p.n, p.k, alpha, a, p.aOff, p.lda(), b, p.bOff, p.ldb(),
                beta, c, p.cOff, p.ldc());
        verify(p, alpha, beta, a, b, before, c);
    }

    /**
     * {@code c} must be {@code alpha * op(A) op(B) + beta * before} within float rounding of sums
     * of {@code k} products (relative to the sum of their magnitudes), and unchanged outside C.
     */
    static void verify(Problem p, float alpha, float beta, float[] a, float[] b, float[] before, float[] c) {
        // op(A) by rows and op(B) by columns, in double, so that the reference loop is contiguous.
        double[] opA = new double[p.m * p.k], opBt = new double[p.n * p.k];
        for (int i = 0; i < p.m; i++) {
            for (int q = 0; q < p.k; q++) opA[i * p.k + q] = p.a(a, i, q);
        }
        for (int j = 0; j < p.n; j++) {
            for (int q = 0; q < p.k; q++) opBt[j * p.k + q] = p.b(b, q, j);
        }
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                int idx = p.cOff + i * p.ldc() + j;
                inC[idx] = true;
                // Four partial sums: independent add chains keep the reference fast for large k.
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0, m0 = 0, m1 = 0, m2 = 0, m3 = 0;
                int ai = i * p.k, bj = j * p.k, q = 0;
                for (; q + 4 <= p.k; q += 4) {
                    double t0 = opA[ai + q] * opBt[bj + q], t1 = opA[ai + q + 1] * opBt[bj + q + 1];
                    double t2 = opA[ai + q + 2] * opBt[bj + q + 2], t3 = opA[ai + q + 3] * opBt[bj + q + 3];
                    s0 += t0;
                    s1 += t1;
                    s2 += t2;
                    s3 += t3;
                    m0 += Math.abs(t0);
                    m1 += Math.abs(t1);
                    m2 += Math.abs(t2);
                    m3 += Math.abs(t3);
                }
                for (; q < p.k; q++) {
                    double t = opA[ai + q] * opBt[bj + q];
                    s0 += t;
                    m0 += Math.abs(t);
                }
                double sum = (s0 + s1) + (s2 + s3), magnitude = (m0 + m1) + (m2 + m3);
                double expected = alpha * sum + (beta == 0f ? 0 : beta * (double) before[idx]);
                double tolerance = 1e-5 * (Math.abs(alpha) * magnitude + Math.abs(beta * before[idx])) + 1e-6;
                if (!(Math.abs(c[idx] - expected) <= tolerance)) {
                    fail(p + " alpha=" + alpha + " beta=" + beta + ": C(" + i + ", " + j + ") = " + c[idx]
                            + ", expected " + expected + " +- " + tolerance);
                }
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            if (!inC[idx]) assertEquals(before[idx], c[idx], p + ": element " + idx + " outside C was written");
        }
    }

    static float[] random(int size, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextFloat() * 2f - 1f;
        return x;
    }
}
