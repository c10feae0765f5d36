package dev.arabica.examples;

/**
 * NumPy's legacy global generator, {@code np.random.seed(s); np.random.randn(...)}: the Mersenne
 * Twister MT19937 seeded with {@code init_genrand(s)}, 53-bit doubles from two 32-bit outputs, and
 * normals by the Marsaglia polar method returning the second value of each pair first, as NumPy's
 * {@code legacy_gauss}. The examples use it to start from exactly the initial weights of the course's
 * notebooks (which call {@code np.random.seed(1)}), so their results can be compared with the
 * course's.
 */
final class NumpyRandom {
    private static final int N = 624, M = 397;
    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double gauss;

    /** {@code np.random.seed(seed)} for a seed in [0, 2^32). */
    NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) throw new IllegalArgumentException("NumPy seeds are in [0, 2^32), got " + seed);
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        index = N;
    }

    /** The next 32 random bits (as an unsigned value). */
    long nextUint32() {
        if (index >= N) twist();
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C5680;
        y ^= (y << 15) & 0xEFC60000;
        y ^= y >>> 18;
        return y & 0xFFFF_FFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x8000_0000) | (mt[(i + 1) % N] & 0x7FFF_FFFF);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0);
        }
        index = 0;
    }

    /** Uniform in [0, 1) with 53 bits, as {@code np.random.random_sample()}. */
    double nextDouble() {
        long a = nextUint32() >>> 5, b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal, as one element of {@code np.random.randn()}. */
    double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1, x2, r2;
        do {
            x1 = 2 * nextDouble() - 1;
            x2 = 2 * nextDouble() - 1;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1 || r2 == 0);
        double f = Math.sqrt(-2 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * A uniform integer in {@code [0, max]}, as NumPy's {@code random_interval}: the 32-bit outputs
     * masked to the smallest all-ones mask covering {@code max}, rejected while above it.
     */
    long nextInterval(long max) {
        if (max < 0 || max > 0xFFFF_FFFFL) throw new IllegalArgumentException("NumpyRandom: interval max " + max + " out of [0, 2^32)");
        if (max == 0) return 0;
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return value;
    }

    /** Shuffles {@code a} in place as {@code np.random.shuffle} (Fisher-Yates from the end). */
    void shuffle(int[] a) {
        for (int i = a.length - 1; i >= 1; i--) {
            int j = (int) nextInterval(i), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** {@code np.random.permutation(n)}. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        shuffle(a);
        return a;
    }

    /** {@code np.random.randn(rows, cols) * scale} as float32 in C order. */
    float[] randn(int rows, int cols, double scale) {
        float[] out = new float[rows * cols];
        for (int i = 0; i < out.length; i++) out[i] = (float) (nextGaussian() * scale);
        return out;
    }
}
