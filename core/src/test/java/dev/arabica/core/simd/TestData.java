package dev.arabica.core.simd;

import java.util.Random;

/** Seeded random test inputs. */
final class TestData {
    private TestData() {}

    static float[] uniform(int n, long seed, float lo, float hi) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = lo + (hi - lo) * rnd.nextFloat();
        return x;
    }
}
