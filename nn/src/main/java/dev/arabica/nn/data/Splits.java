package dev.arabica.nn.data;

import dev.arabica.core.Generator;
import java.util.ArrayList;
import java.util.List;

/** Seeded train/dev/test splits of a {@link TensorDataset}. */
public final class Splits {
    private Splits() {}

    /**
     * Splits a data set into parts with the given fractions (which must sum to 1, within 1e-6), after a
     * seeded shuffle. Sizes are rounded down, and the last part takes the remainder.
     */
    public static List<TensorDataset> split(TensorDataset data, Generator generator, double... fractions) {
        if (fractions.length == 0) throw new IllegalArgumentException("split: give at least one fraction");
        double sum = 0;
        for (double f : fractions) {
            if (!(f >= 0)) throw new IllegalArgumentException("split: fractions must be >= 0, got " + f);
            sum += f;
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("split: fractions " + java.util.Arrays.toString(fractions) + " sum to " + sum + ", not 1");
        }
        int n = data.size();
        int[] perm = generator.permutation(n);
        List<TensorDataset> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < fractions.length; i++) {
            int len = i == fractions.length - 1 ? n - from : (int) Math.floor(fractions[i] * n);
            parts.add(data.subset(java.util.Arrays.copyOfRange(perm, from, from + len)));
            from += len;
        }
        return parts;
    }

    /** {@code split(data, gen, 1 - devFraction, devFraction)} as a pair (train, dev). */
    public static List<TensorDataset> trainDev(TensorDataset data, Generator generator, double devFraction) {
        return split(data, generator, 1 - devFraction, devFraction);
    }
}
