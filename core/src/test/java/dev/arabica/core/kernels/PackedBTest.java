package dev.arabica.core.kernels;

import static dev.arabica.core.kernels.GemmCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#pack} and the product with a packed operand: the same bits as {@link Gemm#sgemm} on
 * B itself, at sizes around every block boundary of this JVM's GEMM (each Surefire width execution
 * tests its own), both transpositions, any alpha and beta, 1 and 2 threads, offsets and padded
 * leading dimensions.
 */
class PackedBTest {
    private static List<int[]> shapes() {
        PackedGemm.Blocking b = GemmBlockBoundaryTest.blocking();
        List<int[]> shapes = new ArrayList<>();
        // {m, n, k}: matrix-vector cases (m or n = 1), tiles, the k and n blocks, many rows (threads).
        for (int[] s : new int[][] {{1, 7, 5}, {5, 1, 9}, {1, 1, 1}, {2, 3, 4}, {32, 768, 256}, {33, 97, 65}}) shapes.add(s);
        for (int m : new int[] {b.mr() - 1, b.mr() + 1, 2 * b.mc() + 3}) {
            for (int n : new int[] {Math.max(2, b.nr() - 1), b.nr() + 1, b.nc() + 1}) {
                for (int k : new int[] {b.kc() - 1, b.kc() + 1, 2 * b.kc() + 5}) {
                    if ((long) m * n * k <= 6_000_000L) shapes.add(new int[] {Math.max(2, m), n, k});
                }
            }
        }
        // Past the column block (several B panels per k block) with few rows.
        shapes.add(new int[] {2, b.nc() + 1, b.kc() + 1});
        shapes.add(new int[] {3, b.nc() + b.nr() + 1, 7});
        return shapes;
    }

    @Test
    void sameBitsAsTheUnpackedProduct() {
        float[][] alphaBeta = {{1f, 0f}, {0.75f, 0.5f}, {-2f, 1f}};
        int seed = 1;
        for (int[] s : shapes()) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] ab = alphaBeta[seed % alphaBeta.length];
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 1;
                    float[] a = random((ta ? k : m) * lda + 5, seed++);
                    float[] b = random((tb ? n : k) * ldb + 4, seed++);
                    float[] c = random(m * ldc + 3, seed++);
                    float[] expected = c.clone();
                    Gemm.sgemm(ta, tb, m, n, k, ab[0], a, 5, lda, b, 4, ldb, ab[1], expected, 3, ldc);
                    Gemm.PackedB packed = Gemm.pack(tb, k, n, b, 4, ldb);
                    assertEquals(k, packed.rows());
                    assertEquals(n, packed.columns());
                    for (int threads = 1; threads <= 2; threads++) {
                        float[] actual = c.clone();
                        Parallel.withThreads(threads, () -> Gemm.sgemm(ta, m, ab[0], a, 5, lda, packed, ab[1], actual, 3, ldc));
                        String what = m + "x" + n + "x" + k + (ta ? " A^T" : "") + (tb ? " B^T" : "") + ", " + threads + " thread(s)";
                        assertArrayEquals(expected, actual, what);
                    }
                }
            }
        }
    }

    @Test
    void badShapesAreRejected() {
        float[] b = new float[12];
        assertThrows(IllegalArgumentException.class, () -> Gemm.pack(false, -1, 3, b, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> Gemm.pack(false, 3, 4, b, 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Gemm.pack(false, 4, 4, b, 0, 4));
        Gemm.PackedB packed = Gemm.pack(false, 3, 4, b, 0, 4);
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, 2, 1f, new float[5], 0, 3, packed, 0f, new float[8], 0, 4));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Gemm.sgemm(false, 2, 1f, new float[6], 0, 3, packed, 0f, new float[7], 0, 4));
    }
}
