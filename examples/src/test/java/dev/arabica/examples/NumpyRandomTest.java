package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Values printed by NumPy 2.4 for the same calls. */
class NumpyRandomTest {

    @Test
    void matchesNumpysRandn() {
        NumpyRandom r = new NumpyRandom(1);
        double[] expected = {1.6243453636632417, -0.61175641365007538, -0.5281717522634557, -1.0729686221561705, 0.86540762932467852};
        for (double e : expected) assertEquals(e, r.nextGaussian(), 0.0);
    }

    @Test
    void matchesNumpyAfterALongStream() {
        // np.random.seed(1); a = randn(20, 12288); b = randn(7, 20)
        NumpyRandom r = new NumpyRandom(1);
        double last2 = 0, last1 = 0;
        for (int i = 0; i < 20 * 12288; i++) {
            last2 = last1;
            last1 = r.nextGaussian();
        }
        assertEquals(1.5381921606835582, last2, 0.0);
        assertEquals(0.74660420444320141, last1, 0.0);
        double b = 0;
        for (int i = 0; i < 7 * 20; i++) b = r.nextGaussian();
        assertEquals(-0.50374062593846514, b, 0.0);
    }

    @Test
    void matchesNumpysRawOutput() {
        // np.random.seed(1); np.random.randint(0, 2**31, 3) masks each 32-bit output to 31 bits
        NumpyRandom r = new NumpyRandom(1);
        long[] expected = {1791095845L, 2135392491L, 946286476L};
        for (long e : expected) assertEquals(e, r.nextUint32() & 0x7FFF_FFFFL);
    }

    @Test
    void permutationIsNumpys() {
        // np.random.seed(0); np.random.permutation(10) and np.random.seed(11); np.random.permutation(300)[:8]
        assertArrayEquals(new int[] {2, 8, 4, 9, 1, 6, 7, 3, 0, 5}, new NumpyRandom(0).permutation(10));
        int[] p = new NumpyRandom(11).permutation(300);
        assertArrayEquals(new int[] {174, 113, 86, 239, 12, 252, 261, 39}, java.util.Arrays.copyOf(p, 8));
        assertEquals(300, java.util.Arrays.stream(p).distinct().count());
    }
}
