package dev.arabica.core.kernels;

import static dev.arabica.core.kernels.GemmCheck.check;
import static dev.arabica.core.kernels.GemmCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.kernels.GemmCheck.Problem;
import dev.arabica.core.simd.VectorProviders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm#sgemm} at sizes that straddle every block boundary of the GEMM this JVM runs: the
 * micro-tile ({@code mr x nr}) and the {@code mc}, {@code kc}, {@code nc} blocks, taken from the
 * actual constants, so each vector width (core's Surefire executions {@code simd-128},
 * {@code simd-256}, {@code simd-512}) and the scalar fallback test their own boundaries.
 */
class GemmBlockBoundaryTest {
    /** The block sizes in use: the packed GEMM's, or the scalar GEMM's (rows of 4, column blocks). */
    static PackedGemm.Blocking blocking() {
        return Gemm.BLOCKING != null ? Gemm.BLOCKING
                : new PackedGemm.Blocking(ScalarGemm.ROWS, 1, ScalarGemm.ROWS, ScalarGemm.KC, ScalarGemm.NB);
    }

    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.75f, 0.5f}, {-2f, 1f}, {1.5f, 0f}, {1f, 1f}};

    /** {@code size - 1, size, size + 1, 2 size - 1, 2 size, 2 size + 1}, those >= 1. */
    static List<Integer> around(int size) {
        Set<Integer> values = new LinkedHashSet<>();
        for (int multiple = 1; multiple <= 2; multiple++) {
            for (int d = -1; d <= 1; d++) {
                if (multiple * size + d >= 1) values.add(multiple * size + d);
            }
        }
        return new ArrayList<>(values);
    }

    static List<int[]> shapes() {
        PackedGemm.Blocking b = blocking();
        int mr = b.mr(), nr = b.nr(), mc = b.mc(), kc = b.kc(), nc = b.nc();
        List<int[]> shapes = new ArrayList<>();
        // One dimension across its tile or block, the others small but with partial edge tiles.
        for (int m : around(mr)) shapes.add(new int[] {m, nr + 1, 7});
        for (int n : around(nr)) shapes.add(new int[] {mr + 1, n, 7});
        for (int m : around(mc)) shapes.add(new int[] {m, nr + 1, 7});
        for (int k : around(kc)) shapes.add(new int[] {mr + 1, nr + 1, k});
        for (int n : around(nc)) shapes.add(new int[] {mr + 1, n, 7});
        // Where a transposed A stops being read in place and is packed (B panels wider than
        // A_IN_PLACE_COLUMNS), with a partial last A sliver and two k blocks.
        int inPlace = PackedGemm.A_IN_PLACE_COLUMNS;
        for (int n : List.of(inPlace - 1, inPlace, inPlace + 1)) shapes.add(new int[] {mc + mr + 3, n, kc + 2});
        // Two or three boundaries at once.
        shapes.add(new int[] {mc + 1, 3 * nr + 1, kc + 1});
        shapes.add(new int[] {mr + 1, nc + 1, kc + 1});
        shapes.add(new int[] {2 * mc + 1, nc + 1, 3});
        shapes.add(new int[] {mc - 1, 3 * nr - 1, 2 * kc + 1});
        // The cat example (12288 inputs, 209 samples, 20 hidden units): the product that used to
        // overflow the packed-B buffer with 512-bit vectors was 20 x 12288 x 209.
        shapes.add(new int[] {209, 4080, 20});
        shapes.add(new int[] {209, 20, 12288});
        shapes.add(new int[] {20, 12288, 209});
        return shapes;
    }

    /**
     * Every shape in all four transposition combinations; alpha/beta cycle through
     * {@link #ALPHA_BETA}, and two of the four combinations use offsets and leading dimensions
     * larger than the matrix width.
     */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        List<int[]> shapes = shapes();
        for (int s = 0; s < shapes.size(); s++) {
            int[] shape = shapes.get(s);
            for (int t = 0; t < 4; t++) {
                float[] ab = ALPHA_BETA[(s * 4 + t) % ALPHA_BETA.length];
                boolean padded = ((s + t) & 1) != 0;
                cases.add(Arguments.of(shape[0], shape[1], shape[2], (t & 1) != 0, (t & 2) != 0, padded, ab[0], ab[1]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} tA={3} tB={4} padded={5} alpha={6} beta={7}")
    @MethodSource("cases")
    void matchesNaiveLoopAcrossBlockBoundaries(int m, int n, int k, boolean transA, boolean transB, boolean padded,
                                               float alpha, float beta) {
        int lanes = VectorProviders.get().floatLanes();
        Problem p = padded
                ? new Problem(m, n, k, transA, transB, 3, 5, 7, lanes + 1, 2 * lanes + 3, lanes + 5)
                : Problem.plain(m, n, k, transA, transB);
        check(p, alpha, beta, 7L * m + 13L * n + k + (transA ? 1 : 0) + (transB ? 2 : 0));
    }

    @Test
    void blockSizesAreWholeTiles() {
        PackedGemm.Blocking b = blocking();
        assertEquals(0, b.mc() % b.mr(), "mc is a multiple of mr: " + b);
        assertEquals(0, b.nc() % b.nr(), "nc is a multiple of nr: " + b);
        assertTrue(b.kc() >= 1 && b.mc() >= b.mr() && b.nc() >= b.nr(), b.toString());
        if (Gemm.BLOCKING != null) {
            int lanes = VectorProviders.get().floatLanes();
            assertEquals(0, b.nr() % lanes, "nr is a whole number of vectors: " + b);
        }
    }

    static Stream<Arguments> threadCases() {
        PackedGemm.Blocking b = blocking();
        // Large enough to be split (Gemm.PARALLEL_THRESHOLD); split by rows, then by columns.
        int rows = Math.max(2 * b.mc() + 3, 291), cols = Math.max(2 * b.nr() + 5, 69);
        int wide = Math.max(b.nc() + b.nr() + 1, 4097), k = b.kc() + 1;
        return Stream.of(
                Arguments.of(rows, cols, k, false, false), Arguments.of(rows, cols, k, true, true),
                Arguments.of(b.mr() + 3, wide, k, false, true), Arguments.of(b.mr() + 3, wide, k, true, false));
    }

    @ParameterizedTest(name = "{0}x{1}x{2} tA={3} tB={4}")
    @MethodSource("threadCases")
    void bitwiseIdenticalForAnyThreadCount(int m, int n, int k, boolean transA, boolean transB) {
        assertTrue((long) m * n * k >= Gemm.PARALLEL_THRESHOLD, "the product must be large enough to be split");
        Problem p = Problem.plain(m, n, k, transA, transB);
        float[] a = random(p.aSize(), 21), b = random(p.bSize(), 22), c0 = random(p.cSize(), 23);
        float[] reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            float[] c = c0.clone();
            Parallel.withThreads(threads, () -> Gemm.sgemm(transA, transB, m, n, k, 0.5f, a, 0, p.lda(),
                    b, 0, p.ldb(), 1.5f, c, 0, p.ldc()));
            if (reference == null) {
                reference = c;
            } else {
                assertArrayEquals(reference, c, threads + " threads differ from 1 thread");
            }
        }
    }
}
