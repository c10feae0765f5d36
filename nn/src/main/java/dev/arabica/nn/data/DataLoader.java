package dev.arabica.nn.data;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Mini-batches over a {@link TensorDataset}, as PyTorch's {@code DataLoader}, configured by name:
 * <pre>{@code
 * DataLoader train = DataLoader.of(trainSet).batchSize(64).shuffle(42);   // epoch e: its own permutation
 * DataLoader dev = DataLoader.of(devSet).batchSize(256);                  // data order
 * for (Batch b : train) { ... }                                           // one pass (epoch)
 * trainer.fit(train, dev, 10);
 * }</pre>
 * The settings and their defaults are PyTorch's: {@code batchSize} 1, no shuffling,
 * {@code dropLast} false (a final incomplete batch is kept). A loader is immutable: each setter
 * returns a configured copy, so one base loader can be specialised several times.
 *
 * <p>Order. Without shuffling, batch {@code k} holds examples {@code [k * batchSize, (k + 1) *
 * batchSize)}. With {@link #shuffle(long) shuffle(seed)} epoch {@code e} visits the examples in the
 * order {@link Seeds#generator(long, long) Seeds.generator(seed, e)}{@code .permutation(n)}: a pure
 * function of the seed and the epoch, so a run resumed from a checkpoint at epoch {@code e} sees
 * exactly the batches an uninterrupted run sees, without saving any generator state. With
 * {@link #shuffle(Generator)} each pass draws a new permutation from the given generator, which
 * advances (its state then belongs in a checkpoint for an exact resume).
 *
 * <p>Epochs. {@link #epoch(int)} gives the batches of epoch {@code e} (what a trainer calls);
 * iterating the loader itself ({@link #iterator()}) runs epoch 0 on the first pass, epoch 1 on the
 * second, and so on (the count belongs to this instance; the copies made by the setters start at 0).
 *
 * <p>Transforms. {@link #transform(UnaryOperator)} and {@link #transform(long, BiFunction)} map
 * every batch after it is assembled, e.g. for data augmentation; a random transform draws from a
 * generator derived from its own seed and the epoch ({@code Seeds.generator(seed, e)}, used for
 * the epoch's batches in order), so augmented epochs are reproducible and resumable too.
 *
 * <p>Batches hold copies of the selected examples (in data order a batch is a contiguous slice of
 * the dataset's tensors, without a copy when they are contiguous); the dataset is never modified.
 * A loader may be iterated by one thread at a time.
 */
public final class DataLoader implements Iterable<DataLoader.Batch> {
    private final TensorDataset dataset;
    private final int batchSize;
    private final boolean dropLast;
    private final Generator generator;   // shuffle(Generator), or null
    private final Long seed;             // shuffle(long), or null
    private final List<Stage> transforms;
    private final AtomicInteger passes = new AtomicInteger();

    /** One mini-batch: inputs and targets. */
    public record Batch(Tensor x, Tensor y) {
        public Batch {
            Objects.requireNonNull(x, "Batch: x");
            Objects.requireNonNull(y, "Batch: y");
        }

        /** The number of examples ({@code x.size(0)}). */
        public int size() {
            return x.size(0);
        }
    }

    /** A transform of the pipeline; {@code seeded} transforms get the epoch's generator. */
    private record Stage(boolean seeded, long seed, BiFunction<Batch, Generator, Batch> fn) {}

    private DataLoader(TensorDataset dataset, int batchSize, boolean dropLast, Generator generator, Long seed,
            List<Stage> transforms) {
        if (batchSize <= 0) throw new IllegalArgumentException("DataLoader: batchSize must be positive, got " + batchSize);
        this.dataset = Objects.requireNonNull(dataset, "DataLoader: dataset");
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.generator = generator;
        this.seed = seed;
        this.transforms = List.copyOf(transforms);
    }

    /** A loader over {@code dataset} with PyTorch's defaults: batch size 1, no shuffling, no dropped batch. */
    public static DataLoader of(TensorDataset dataset) {
        return new DataLoader(dataset, 1, false, null, null, List.of());
    }

    /**
     * @deprecated use {@code DataLoader.of(dataset).batchSize(batchSize).shuffle(generator).dropLast(dropLast)}
     *     (with {@code shuffle} false, leave out {@code .shuffle(...)})
     */
    @Deprecated
    public DataLoader(TensorDataset dataset, int batchSize, boolean shuffle, boolean dropLast, Generator generator) {
        this(dataset, batchSize, dropLast, shuffle ? requireGenerator(generator) : null, null, List.of());
    }

    /** @deprecated use {@code DataLoader.of(dataset).batchSize(batchSize)} */
    @Deprecated
    public DataLoader(TensorDataset dataset, int batchSize) {
        this(dataset, batchSize, false, null, null, List.of());
    }

    private static Generator requireGenerator(Generator generator) {
        if (generator == null) throw new IllegalArgumentException("DataLoader: shuffling needs a seeded Generator");
        return generator;
    }

    // ------------------------------------------------------------------ settings (copies)

    /** A copy with {@code batchSize} examples per batch (the last one may be smaller unless {@link #dropLast(boolean)}). */
    public DataLoader batchSize(int batchSize) {
        return new DataLoader(dataset, batchSize, dropLast, generator, seed, transforms);
    }

    /** A copy that shuffles each pass with a new permutation drawn from {@code generator} (which advances). */
    public DataLoader shuffle(Generator generator) {
        return new DataLoader(dataset, batchSize, dropLast, requireGenerator(generator), null, transforms);
    }

    /** A copy that shuffles epoch {@code e} with {@code Seeds.generator(seed, e).permutation(n)}. */
    public DataLoader shuffle(long seed) {
        return new DataLoader(dataset, batchSize, dropLast, null, seed, transforms);
    }

    /** A copy that skips ({@code true}) or keeps ({@code false}) a final incomplete batch. */
    public DataLoader dropLast(boolean dropLast) {
        return new DataLoader(dataset, batchSize, dropLast, generator, seed, transforms);
    }

    /** A copy that maps every batch with {@code transform} (after the transforms added before). */
    public DataLoader transform(UnaryOperator<Batch> transform) {
        Objects.requireNonNull(transform, "DataLoader.transform: transform");
        return withStage(new Stage(false, 0, (b, g) -> transform.apply(b)));
    }

    /**
     * A copy that maps every batch with a random {@code transform}: in epoch {@code e} it is called
     * with the epoch's batches in order and one generator, {@code Seeds.generator(seed, e)}.
     */
    public DataLoader transform(long seed, BiFunction<Batch, Generator, Batch> transform) {
        Objects.requireNonNull(transform, "DataLoader.transform: transform");
        return withStage(new Stage(true, seed, transform));
    }

    private DataLoader withStage(Stage stage) {
        List<Stage> t = new ArrayList<>(transforms);
        t.add(stage);
        return new DataLoader(dataset, batchSize, dropLast, generator, seed, t);
    }

    // ------------------------------------------------------------------ reading

    public TensorDataset dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean dropLast() {
        return dropLast;
    }

    /** Whether the examples are shuffled (by a generator or a seed). */
    public boolean isShuffled() {
        return generator != null || seed != null;
    }

    /** The generator given to {@link #shuffle(Generator)}, or null (its state belongs in a checkpoint). */
    public Generator generator() {
        return generator;
    }

    /** Number of batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The next pass: epoch 0 on the first call, then 1, 2, ... (see the class comment). */
    @Override
    public Iterator<Batch> iterator() {
        return epoch(passes.getAndIncrement()).iterator();
    }

    /**
     * The batches of epoch {@code epoch} (0-based). Loaders shuffled by a seed and seeded transforms
     * depend on {@code epoch} only; a loader shuffled by a generator draws its next permutation
     * when the returned iterable is iterated.
     */
    public Iterable<Batch> epoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("DataLoader.epoch: epoch must be >= 0, got " + epoch);
        return () -> batches(epoch);
    }

    private Iterator<Batch> batches(int epoch) {
        int n = dataset.size();
        int[] order = generator != null ? generator.permutation(n)
                : seed != null ? Seeds.generator(seed, epoch).permutation(n) : null;
        Generator[] stageGens = new Generator[transforms.size()];
        for (int s = 0; s < stageGens.length; s++) {
            Stage stage = transforms.get(s);
            if (stage.seeded()) stageGens[s] = Seeds.generator(stage.seed(), epoch);
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
                Batch b;
                if (order == null) {
                    // contiguous range: a cheap slice
                    b = new Batch(dataset.x().detach().slice(0, from, to).contiguous(),
                            dataset.y().detach().slice(0, from, to).contiguous());
                } else {
                    TensorDataset sub = dataset.subset(Arrays.copyOfRange(order, from, to));
                    b = new Batch(sub.x(), sub.y());
                }
                for (int s = 0; s < stageGens.length; s++) {
                    b = Objects.requireNonNull(transforms.get(s).fn().apply(b, stageGens[s]),
                            "DataLoader: a transform returned null");
                }
                return b;
            }
        };
    }
}
