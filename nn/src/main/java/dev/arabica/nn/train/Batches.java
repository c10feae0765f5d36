package dev.arabica.nn.train;

import dev.arabica.core.Generator;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import java.util.Objects;

/**
 * The mini-batches of each epoch, as {@link Trainer#fit(Batches, Batches, int)} consumes them.
 *
 * <p>Unlike a {@link DataLoader}, whose shuffling generator advances from pass to pass, the
 * batches of epoch {@code e} can be a pure function of {@code e}: {@link #shuffled} draws epoch
 * {@code e}'s permutation from {@link Seeds#generator(long, long) Seeds.generator(seed, e)}. A run
 * resumed from a checkpoint at epoch {@code e} then sees exactly the batches an uninterrupted run
 * sees, without saving any generator state.
 */
public interface Batches {

    /** The batches of epoch {@code epoch} (0-based). */
    Iterable<Batch> epoch(int epoch);

    /** The number of batches per epoch, or -1 if unknown (the progress bar then shows no ETA). */
    default int batchesPerEpoch() {
        return -1;
    }

    /**
     * The same loader every epoch. A shuffling loader's generator keeps advancing, so a resumed
     * run shuffles differently from an uninterrupted one; use {@link #shuffled} when that matters.
     */
    static Batches of(DataLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return new Batches() {
            @Override
            public Iterable<Batch> epoch(int epoch) {
                return loader;
            }

            @Override
            public int batchesPerEpoch() {
                return loader.numBatches();
            }
        };
    }

    /** Shuffled mini-batches, the last one possibly smaller; epoch {@code e} is shuffled by {@code Seeds.generator(seed, e)}. */
    static Batches shuffled(TensorDataset data, int batchSize, long seed) {
        return shuffled(data, batchSize, false, seed);
    }

    /** Shuffled mini-batches; {@code dropLast} skips a final incomplete batch. */
    static Batches shuffled(TensorDataset data, int batchSize, boolean dropLast, long seed) {
        Objects.requireNonNull(data, "data");
        int batches = new DataLoader(data, batchSize, true, dropLast, new Generator(seed)).numBatches(); // validates
        return new Batches() {
            @Override
            public Iterable<Batch> epoch(int epoch) {
                return new DataLoader(data, batchSize, true, dropLast, Seeds.generator(seed, epoch));
            }

            @Override
            public int batchesPerEpoch() {
                return batches;
            }
        };
    }

    /** Batches in data order, the same every epoch (for evaluation). */
    static Batches sequential(TensorDataset data, int batchSize) {
        return of(new DataLoader(data, batchSize));
    }

    /** One batch holding the whole data set, without copying it (full-batch gradient descent). */
    static Batches fullBatch(TensorDataset data) {
        Objects.requireNonNull(data, "data");
        java.util.List<Batch> one = java.util.List.of(new Batch(data.x(), data.y()));
        return new Batches() {
            @Override
            public Iterable<Batch> epoch(int epoch) {
                return one;
            }

            @Override
            public int batchesPerEpoch() {
                return 1;
            }
        };
    }
}
