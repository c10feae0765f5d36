package dev.arabica.core;

/**
 * A seeded pseudo-random generator (SplitMix64), so that initialisation, dropout and shuffling are
 * reproducible bit for bit.
 *
 * <p>Every layer, initializer and random op that takes a {@code Generator} also has an overload
 * without one that draws from the global {@linkplain #defaultGenerator() default generator}, as
 * PyTorch's functions draw from its default generator. {@link #manualSeed(long)} (PyTorch's
 * {@code torch.manual_seed}) re-seeds it: the same seed followed by the same constructions and
 * calls in the same order gives the same bits.
 *
 * <p>Thread safety: a generator is not thread-safe. Draw from one generator on one thread at a
 * time (give each thread its own generator). This holds for the default generator too: it is
 * shared by the whole JVM, so build and train models that use it from one thread (concurrent draws
 * would not corrupt it into an invalid state, but the values each thread gets, and so the
 * reproducibility of the run, would depend on the interleaving). {@link #manualSeed} itself may
 * be called from any thread; it takes effect for draws that start after it returns. Inference in
 * eval mode draws nothing.
 */
public final class Generator {
    /** PyTorch's default CPU seed, the default generator's seed until {@link #manualSeed} is called. */
    public static final long DEFAULT_SEED = 67280421310721L;

    private static final Generator DEFAULT = new Generator(DEFAULT_SEED);

    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose sequence is fixed by {@code seed}. */
    public Generator(long seed) {
        this.state = seed;
    }

    /**
     * Re-seeds the global default generator with {@code seed}, exactly as {@code new Generator(seed)}
     * would start (PyTorch's {@code torch.manual_seed}), and returns it. Layers created earlier keep
     * drawing from the same (now re-seeded) instance.
     */
    public static Generator manualSeed(long seed) {
        synchronized (DEFAULT) {
            DEFAULT.state = seed;
            DEFAULT.hasSpare = false;
            DEFAULT.spareGaussian = 0;
        }
        return DEFAULT;
    }

    /**
     * The global default generator that the overloads without a {@code Generator} argument draw
     * from; seeded with {@link #DEFAULT_SEED} until {@link #manualSeed(long)} is called. One
     * instance for the life of the JVM (see the class comment on threads).
     */
    public static Generator defaultGenerator() {
        return DEFAULT;
    }

    /**
     * The generator's complete state as three longs (counter, whether a second Gaussian is pending,
     * that Gaussian's raw bits), so that a checkpoint can resume a random stream exactly.
     */
    public long[] state() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareGaussian)};
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long[] saved) {
        if (saved == null || saved.length != 3 || (saved[1] != 0 && saved[1] != 1)) {
            throw new IllegalArgumentException("Generator.setState: expected the 3 values returned by state(), got "
                    + java.util.Arrays.toString(saved));
        }
        this.state = saved[0];
        this.hasSpare = saved[1] == 1;
        this.spareGaussian = Double.longBitsToDouble(saved[2]);
    }

    /** Next 64 random bits. */
    public long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, bound). */
    public long nextLong(long bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long r = nextLong() >>> 1;
        long m = bound - 1;
        if ((bound & m) == 0) return r & m;
        long u = r;
        while (u - (r = u % bound) + m < 0) u = nextLong() >>> 1;
        return r;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform float in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * Fills {@code out[off, off+n)} with the next {@code n} values of {@link #nextFloat()}, exactly
     * as {@code n} calls would, and advances the generator past them. SplitMix64's value number
     * {@code i} depends only on the state and {@code i}, so long fills are split over the kernel
     * pool without changing a bit.
     */
    public void nextFloats(float[] out, int off, int n) {
        java.util.Objects.checkFromIndexSize(off, n, out.length);
        long start = state;
        dev.arabica.core.kernels.Parallel.forRange(n, 1 << 16, n >= 1 << 17, (from, to) -> {
            long z0 = start + (long) from * GOLDEN;
            for (int i = from; i < to; i++) {
                z0 += GOLDEN;
                out[off + i] = (mix(z0) >>> 40) * 0x1.0p-24f;
            }
        });
        state = start + (long) n * GOLDEN;
    }

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal (Marsaglia polar method). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double mul = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * mul;
        hasSpare = true;
        return u * mul;
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
