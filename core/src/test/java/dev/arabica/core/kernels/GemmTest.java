package dev.arabica.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Gemm#sgemm} against a naive double-precision triple loop. */
class GemmTest {
    private static final int[][] SHAPES = {
        {1, 1, 1}, {3, 5, 7}, {17, 33, 65}, {1, 1000, 1}, {1, 1, 1000}, {1000, 1, 3}, {129, 257, 63},
        {64, 64, 64}, {300, 200, 150}, {4, 16, 256}, {5, 17, 257}, {145, 31, 513},
        // more columns than one packed panel (NC = 4080, not a multiple of the 32-column AVX-512 tile)
        {6, 4100, 5}, {5, 8200, 3},
        // matrix-vector products (the gemv path): long k, long outputs, awkward sizes
        {209, 1, 12288}, {1, 4099, 513}, {12289, 1, 209}, {1, 1, 4097}, {2, 1, 33}, {1, 3, 33},
    };
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {0.75f, 0.5f}, {-2f, 0f}};

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                for (float[] ab : ALPHA_BETA) {
                    cases.add(Arguments.of(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, ab[0], ab[1]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void matchesNaiveLoop(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        check(new Problem(m, n, k, transA, transB, 0, 0, 0, 0, 0, 0), alpha, beta, 1L + m * 31L + n * 7L + k);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4}")
    @MethodSource("cases")
    void offsetsAndLeadingDimensionsWiderThanTheMatrix(int m, int n, int k, boolean transA, boolean transB,
                                                      float alpha, float beta) {
        if (alpha != 0.75f) return; // one alpha/beta pair is enough here
        check(new Problem(m, n, k, transA, transB, 3, 5, 7, 2, 9, 4), alpha, beta, 99L + m + n + k);
    }

    /**
     * n > NC = 4080, which 512-bit vectors' nr = 32 does not divide: the B panel's last sliver is
     * padded past NC. Run on a fresh thread, whose packing buffers have not been grown by larger
     * products before, with one kernel thread.
     */
    @Test
    void panelWiderThanNcOnAFreshThread() throws Exception {
        Problem p = new Problem(3, 4100, 5, false, true, 0, 0, 0, 0, 0, 0);
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                Parallel.withThreads(1, () -> check(p, 1f, 0f, 21));
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError("sgemm 3x4100x5 on a fresh thread", failure[0]);
    }

    @Test
    void betaZeroIgnoresNanInC() {
        Problem p = new Problem(37, 41, 19, false, true, 0, 0, 0, 0, 0, 0);
        float[] c = new float[p.cSize()];
        Arrays.fill(c, Float.NaN);
        float[] a = random(p.aSize(), 1), b = random(p.bSize(), 2);
        Gemm.sgemm(false, true, p.m, p.n, p.k, 1f, a, 0, p.lda(), b, 0, p.ldb(), 0f, c, 0, p.ldc());
        for (float v : c) assertTrue(Float.isFinite(v));
    }

    @Test
    void kZeroScalesC() {
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        Gemm.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 3, 0.5f, c, 0, 3);
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f, 2.5f, 3f}, c);
        Arrays.fill(c, Float.NaN);
        Gemm.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 0, new float[0], 0, 3, 0f, c, 0, 3);
        assertArrayEquals(new float[6], c);
    }

    @Test
    void mOrNZeroIsANoOp() {
        float[] c = {7f, 8f};
        Gemm.sgemm(false, false, 0, 2, 5, 1f, new float[0], 0, 5, new float[10], 0, 2, 0f, c, 0, 2);
        Gemm.sgemm(false, false, 2, 0, 5, 1f, new float[10], 0, 5, new float[0], 0, 0, 0f, c, 0, 0);
        assertArrayEquals(new float[] {7f, 8f}, c);
    }

    @Test
    void rejectsMatricesThatDoNotFit() {
        float[] a = new float[6], b = new float[6], c = new float[4];
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4}")
    @MethodSource("determinismCases")
    void bitwiseIdenticalForAnyThreadCount(int m, int n, int k, boolean transA, boolean transB) {
        Problem p = new Problem(m, n, k, transA, transB, 0, 0, 0, 0, 0, 0);
        float[] a = random(p.aSize(), 11), b = random(p.bSize(), 12), c0 = random(p.cSize(), 13);
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            float[] c = c0.clone();
            Parallel.withThreads(threads, () -> Gemm.sgemm(transA, transB, m, n, k, 1.5f, a, 0, p.lda(),
                    b, 0, p.ldb(), 0.5f, c, 0, p.ldc()));
            if (reference == null) {
                reference = c;
            } else {
                assertArrayEquals(reference, c, threads + " threads differ from 1 thread");
            }
        }
    }

    static Stream<Arguments> determinismCases() {
        return Stream.of(
                Arguments.of(257, 263, 129, false, false), Arguments.of(257, 263, 129, true, true),
                Arguments.of(31, 700, 300, false, true), Arguments.of(512, 512, 512, false, false),
                // gemv path, large enough to be split between threads
                Arguments.of(209, 1, 12288, false, false), Arguments.of(209, 1, 12288, true, true),
                Arguments.of(1, 5001, 400, false, false), Arguments.of(1, 5001, 400, true, true),
                Arguments.of(3001, 1, 700, true, false), Arguments.of(1, 3001, 700, false, true));
    }

    /** Shape, transposes, offsets and extra leading-dimension padding of one product. */
    record Problem(int m, int n, int k, boolean transA, boolean transB,
                   int aOff, int bOff, int cOff, int aPad, int bPad, int cPad) {
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
    }

    private static void check(Problem p, float alpha, float beta, long seed) {
        float[] a = random(p.aSize(), seed), b = random(p.bSize(), seed + 1), c = random(p.cSize(), seed + 2);
        float[] before = c.clone();
        Gemm.sgemm(p.transA, p.transB, p.m, p.n, p.k, alpha, a, p.aOff, p.lda(), b, p.bOff, p.ldb(),
                beta, c, p.cOff, p.ldc());
        boolean[] inC = new boolean[c.length];
        for (int i = 0; i < p.m; i++) {
            for (int j = 0; j < p.n; j++) {
                int idx = p.cOff + i * p.ldc() + j;
                inC[idx] = true;
                double sum = 0, magnitude = 0;
                for (int q = 0; q < p.k; q++) {
                    double t = (double) p.a(a, i, q) * p.b(b, q, j);
                    sum += t;
                    magnitude += Math.abs(t);
                }
                double expected = alpha * sum + (beta == 0f ? 0 : beta * (double) before[idx]);
                double tolerance = 1e-5 * (Math.abs(alpha) * magnitude + Math.abs(beta * before[idx])) + 1e-6;
                if (!(Math.abs(c[idx] - expected) <= tolerance)) {
                    fail("C(" + i + ", " + j + ") = " + c[idx] + ", expected " + expected + " +- " + tolerance);
                }
            }
        }
        for (int idx = 0; idx < c.length; idx++) {
            if (!inC[idx]) assertEquals(before[idx], c[idx], "element " + idx + " outside C was written");
        }
    }

    static float[] random(int size, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = rnd.nextFloat() * 2f - 1f;
        return x;
    }
}
