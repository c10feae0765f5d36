package dev.arabica.benchmarks.compare;

import java.util.SplittableRandom;

/** Seeded input data for the workloads (values only matter for not being degenerate). */
final class Inputs {
    private Inputs() {}

    /** Uniform in [-1, 1). */
    static float[] uniform(SplittableRandom random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }
}
