package dev.arabica.spark;

import dev.arabica.nn.data.Seeds;
import java.io.Serializable;

/**
 * The order in which an epoch visits a data set of {@code n} examples, as a bijection between the
 * examples' global indices (their order in the RDD: partition by partition, in each partition in
 * iteration order) and positions {@code 0 .. n-1}. Global batch {@code k} of an epoch is the
 * examples at positions {@code [k * batchSize, (k + 1) * batchSize)}.
 *
 * <p>{@link #shuffled(long)} is a keyed pseudo-random permutation that any executor computes for
 * its own examples from {@code (seed, epoch, n, index)} alone, with no permutation array shipped
 * and no communication: a six-round Feistel network on the smallest even number of bits that
 * covers {@code n}, with cycle walking to stay below {@code n} (fewer than four rounds of walking
 * on average). Its round keys are {@link Seeds#derive} of the seed and the epoch, so epoch
 * {@code e}'s order depends on nothing else, and a resumed run sees the same batches. It is not
 * the permutation {@code DataLoader.shuffle(seed)} draws; to train a single-machine reference on the same
 * global batches, take them from {@link #indexAt} (see {@link #batchIndices}).
 *
 * <p>{@link #sequential()} visits the examples in index order every epoch.
 */
public final class EpochOrder implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ROUNDS = 6;

    private final boolean shuffle;
    private final long seed;

    private EpochOrder(boolean shuffle, long seed) {
        this.shuffle = shuffle;
        this.seed = seed;
    }

    /** Index order, the same every epoch. */
    public static EpochOrder sequential() {
        return new EpochOrder(false, 0);
    }

    /** A different pseudo-random order every epoch, fixed by {@code seed} and the epoch number. */
    public static EpochOrder shuffled(long seed) {
        return new EpochOrder(true, seed);
    }

    public boolean isShuffled() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    /** The position of example {@code index} in epoch {@code epoch} of a data set of {@code n} examples. */
    public long position(long index, long n, int epoch) {
        check(index, n, "index");
        if (!shuffle || n <= 1) return index;
        Feistel f = new Feistel(n, seed, epoch);
        long x = f.forward(index);
        while (x >= n) x = f.forward(x);
        return x;
    }

    /** The example at position {@code position} of epoch {@code epoch}: the inverse of {@link #position}. */
    public long indexAt(long position, long n, int epoch) {
        check(position, n, "position");
        if (!shuffle || n <= 1) return position;
        Feistel f = new Feistel(n, seed, epoch);
        long x = f.inverse(position);
        while (x >= n) x = f.inverse(x);
        return x;
    }

    /**
     * The global indices of the examples in global batch {@code batch} of epoch {@code epoch}, in
     * position order: what a single machine trains on in that step.
     */
    public int[] batchIndices(int n, int batchSize, int epoch, int batch) {
        if (batchSize < 1) throw new IllegalArgumentException("EpochOrder.batchIndices: batchSize must be >= 1, got " + batchSize);
        long from = (long) batch * batchSize;
        if (batch < 0 || from >= n) {
            throw new IllegalArgumentException("EpochOrder.batchIndices: batch " + batch + " out of range for " + n + " examples in batches of " + batchSize);
        }
        int to = (int) Math.min(n, from + batchSize);
        int[] out = new int[to - (int) from];
        for (int i = 0; i < out.length; i++) out[i] = (int) indexAt(from + i, n, epoch);
        return out;
    }

    private static void check(long value, long n, String what) {
        if (n < 1) throw new IllegalArgumentException("EpochOrder: the data set must have at least one example, got n = " + n);
        if (n > 1L << 62) throw new IllegalArgumentException("EpochOrder: n = " + n + " is too large");
        if (value < 0 || value >= n) throw new IndexOutOfBoundsException("EpochOrder: " + what + " " + value + " out of range [0, " + n + ")");
    }

    @Override
    public String toString() {
        return shuffle ? "EpochOrder.shuffled(" + seed + ")" : "EpochOrder.sequential()";
    }

    /** A balanced Feistel permutation of {@code [0, 4^halfBits)} with {@code 4^halfBits >= n}. */
    private static final class Feistel {
        private final int halfBits;
        private final long mask;
        private final long[] keys = new long[ROUNDS];

        Feistel(long n, long seed, int epoch) {
            int bits = 64 - Long.numberOfLeadingZeros(n - 1); // smallest b with 2^b >= n
            bits = Math.max(2, bits + (bits & 1));
            halfBits = bits / 2;
            mask = (1L << halfBits) - 1;
            long epochKey = Seeds.derive(seed, epoch);
            for (int r = 0; r < ROUNDS; r++) keys[r] = Seeds.derive(epochKey, r);
        }

        long forward(long x) {
            long left = x >>> halfBits, right = x & mask;
            for (int r = 0; r < ROUNDS; r++) {
                long next = left ^ (Seeds.derive(keys[r], right) & mask);
                left = right;
                right = next;
            }
            return left << halfBits | right;
        }

        long inverse(long x) {
            long left = x >>> halfBits, right = x & mask;
            for (int r = ROUNDS - 1; r >= 0; r--) {
                long previous = right ^ (Seeds.derive(keys[r], left) & mask);
                right = left;
                left = previous;
            }
            return left << halfBits | right;
        }
    }
}
