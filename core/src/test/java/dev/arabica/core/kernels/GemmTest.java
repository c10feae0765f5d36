package dev.arabica.core.kernels;

import static dev.arabica.core.kernels.GemmCheck.check;
import static dev.arabica.core.kernels.GemmCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.kernels.GemmCheck.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#sgemm} against a naive double-precision triple loop at assorted sizes; the block
 * boundaries of the active vector width are covered by {@link GemmBlockBoundaryTest}.
 */
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

    /**
     * Every shape in all four transposition combinations, each combination with another
     * alpha/beta pair (so every shape meets all four pairs).
     */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int s = 0; s < SHAPES.length; s++) {
            for (int t = 0; t < 4; t++) {
                float[] ab = ALPHA_BETA[(s + t) % ALPHA_BETA.length];
                cases.add(Arguments.of(SHAPES[s][0], SHAPES[s][1], SHAPES[s][2], (t & 1) != 0, (t & 2) != 0, ab[0], ab[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void matchesNaiveLoop(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta) {
        check(Problem.plain(m, n, k, transA, transB), alpha, beta, 1L + m * 31L + n * 7L + k);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4} alpha={5} beta={6}")
    @MethodSource("cases")
    void offsetsAndLeadingDimensionsWiderThanTheMatrix(int m, int n, int k, boolean transA, boolean transB,
                                                      float alpha, float beta) {
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
        Problem p = Problem.plain(37, 41, 19, false, true);
        float[] c = new float[p.cSize()];
        Arrays.fill(c, Float.NaN);
        float[] a = random(p.aSize(), 1), b = random(p.bSize(), 2);
        Gemm.sgemm(false, true, p.m(), p.n(), p.k(), 1f, a, 0, p.lda(), b, 0, p.ldb(), 0f, c, 0, p.ldc());
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
        Problem p = Problem.plain(m, n, k, transA, transB);
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
}
