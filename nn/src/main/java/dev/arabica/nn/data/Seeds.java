package dev.arabica.nn.data;

import dev.arabica.core.Generator;

/**
 * Seeds derived from a base seed and an index (an epoch, a worker, ...), so that a run can
 * re-create the random stream of any epoch from two numbers instead of saving a generator's state.
 * A {@link DataLoader} with {@link DataLoader#shuffle(long) shuffle(seed)} shuffles epoch {@code e}
 * with {@code generator(seed, e)}; a model can re-seed its dropout the same way from
 * {@link dev.arabica.nn.train.Callback#onEpochBegin}.
 */
public final class Seeds {
    private Seeds() {}

    /** A well-mixed 64-bit seed for {@code (seed, index)} (SplitMix64's finaliser applied twice). */
    public static long derive(long seed, long index) {
        return mix(seed ^ mix(index + 0x632BE59BD9B4E019L));
    }

    /** A new generator seeded with {@link #derive(long, long) derive(seed, index)}. */
    public static Generator generator(long seed, long index) {
        return new Generator(derive(seed, index));
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
