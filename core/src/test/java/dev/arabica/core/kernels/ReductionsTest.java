package dev.arabica.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contiguous sums ({@link Reductions#sumSpan}) give the same bits at every vector width and with
 * every provider: checked against a plain-Java model of their pairing (which involves no vectors),
 * at the width of each of core's Surefire executions, and against a double reference.
 */
class ReductionsTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 63, 64, 65, 127, 128, 129, 209, 1000, 4095, 4096, 4097, 8193, 32767, 32768,
                         32769, 100_003, (1 << 19) + 7})
    void spanSumsFollowAFixedPairingIndependentOfTheVectorWidth(int n) {
        float[] x = GemmCheck.random(n + 3, n);
        for (int i = 5; i < n; i += 97) x[i] *= 1e4f; // a wide range of magnitudes
        float actual = Reductions.sumSpan(x, 3, n);
        assertEquals(Float.floatToIntBits(model(x, 3, n)), Float.floatToIntBits(actual), "n=" + n);
        double exact = 0, magnitude = 0;
        for (int i = 0; i < n; i++) {
            exact += x[3 + i];
            magnitude += Math.abs(x[3 + i]);
        }
        assertTrue(Math.abs(actual - exact) <= 1e-6 * magnitude + 1e-30, "n=" + n + ": " + actual + " vs " + exact);
    }

    /** The pairing of {@link Reductions#blockSum}, per block of {@code 2^15} floats, without vectors. */
    private static float model(float[] x, int off, int n) {
        int block = 1 << 15;
        if (n <= block) return (float) blockModel(x, off, n);
        double s = 0;
        for (int from = 0; from < n; from += block) s += blockModel(x, off + from, Math.min(block, n - from));
        return (float) s;
    }

    private static double blockModel(float[] x, int off, int n) {
        double s = 0;
        for (int from = 0; from < n; from += 4096) s += pairwise(x, off + from, Math.min(4096, n - from));
        return s;
    }

    private static double pairwise(float[] x, int off, int n) {
        float[] t = new float[n];
        System.arraycopy(x, off, t, 0, n);
        double odd = 0;
        int len = n;
        while (len > 64) {
            if ((len & 1) != 0) odd += t[len - 1];
            len /= 2;
            for (int j = 0; j < len; j++) t[j] = t[j] + t[j + len];
        }
        double[] s = new double[4];
        for (int i = 0; i < len; i++) s[i < len / 4 * 4 ? i % 4 : 0] += t[i];
        return (s[0] + s[1]) + (s[2] + s[3]) + odd;
    }
}
