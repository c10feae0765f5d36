package dev.arabica.nn.data;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Mini-batches over a {@link TensorDataset}: {@code for (Batch b : loader) { ... }}. With
 * {@code shuffle}, each pass (each call to {@link #iterator()}) draws a new permutation from the
 * seeded generator, so a run is reproducible; {@code dropLast} skips a final incomplete batch.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Generator generator;

    /** One mini-batch: inputs and targets (copies of the selected examples). */
    public record Batch(Tensor x, Tensor y) {
        public int size() {
            return x.size(0);
        }
    }

    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, Generator generator) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
        if (shuffle && generator == null) throw new IllegalArgumentException("DataLoader: shuffling needs a seeded Generator");
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
    }

    /** Sequential batches, no shuffling (for evaluation). */
    public DataLoader(TensorDataset dataset, int batchSize) {
        this(dataset, batchSize, false, false, null);
    }

    public TensorDataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches per pass. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Current state of the shuffling generator is part of a run's state: expose it for checkpoints. */
    public Generator generator() {
        return generator;
    }

    @Override
    public Iterator<Batch> iterator() {
        int n = dataset.size();
        int[] order;
        if (shuffle) {
            order = generator.permutation(n);
        } else {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        int batches = numBatches();
        return new Iterator<>() {
            int next = 0;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int from = next * batchSize, to = Math.min(n, from + batchSize);
                next++;
                int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                if (!shuffle) {
                    // contiguous range: a cheap slice copy
                    return new Batch(dataset.x().detach().slice(0, from, to).contiguous(),
                            dataset.y().detach().slice(0, from, to).contiguous());
                }
                TensorDataset sub = dataset.subset(idx);
                return new Batch(sub.x(), sub.y());
            }
        };
    }
}
