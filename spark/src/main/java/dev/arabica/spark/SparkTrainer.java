package dev.arabica.spark;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.train.Checkpoint;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metric;
import dev.arabica.nn.train.Stateful;
import dev.arabica.optim.LrScheduler;
import dev.arabica.optim.Optimizer;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data-parallel training as Spark jobs, the counterpart of nn's {@code Trainer}:
 * <pre>{@code
 * ModelFactory mlp = () -> new Sequential(new Linear(784, 128, new Generator(1)), new ReLU(), new Linear(128, 10, new Generator(2)));
 * SparkTrainer trainer = new SparkTrainer(sc, mlp, Losses::crossEntropy,
 *                 model -> new SGD(model.parameters(), SGD.Options.lr(0.1).withMomentum(0.9)), ExampleFormat.classification(784))
 *         .batchSize(256).order(EpochOrder.shuffled(seed))
 *         .metrics(Metrics.accuracy())
 *         .callbacks(SparkProgress.every(Duration.ofSeconds(10)), SparkCheckpoint.every(Path.of("run.safetensors"), 1));
 * History history = trainer.fit(trainRdd, devRdd, 10);     // JavaRDD<Example>
 * Map<String, Double> test = trainer.evaluate(testRdd);
 * }</pre>
 *
 * <p><b>What runs where.</b> The driver holds the model (built by the {@link ModelFactory}), the
 * optimizer (built by the {@link OptimizerFactory} over it), scheduler, metrics, callbacks and
 * history. The executors hold the data and one model copy per task thread, built by the same
 * factory; the factory, the {@link SparkLoss} and the {@link ExampleFormat} are shipped with the
 * tasks (Java-serialized: they must capture only serializable values), the parameters as float
 * arrays ({@link StateArrays}) in a broadcast per job. Executors copy the broadcast into their
 * model and never write it; nothing else of the driver is shipped.
 *
 * <p><b>A step</b> ({@link TrainingMode#synchronous()}, the default): global batch {@code k} of
 * epoch {@code e} is the examples at positions {@code [k B, (k + 1) B)} of the epoch's
 * {@link EpochOrder} ({@code B} = {@link #batchSize}); each partition holds some of them. One Spark
 * job: broadcast the state dict; each partition computes the gradient of the mean loss over its
 * share; the driver sums the gradients weighted by share size over the batch size ({@link AllReduce},
 * in partition order, so the result is deterministic and unchanged when a failed task is retried),
 * sets them as the parameters' gradients, clips them if asked, and calls {@code optimizer.step()}.
 * That is the math of one machine training on the same global batch, up to float summation order,
 * as long as examples do not interact within a batch (batch norm normalizes per share, like
 * PyTorch's DDP without SyncBatchNorm). With {@link TrainingMode#parameterAveraging} a job covers
 * several batches of local steps and then averages; see {@link TrainingMode}.
 *
 * <p><b>Epochs, logs, callbacks, checkpoints</b> work as in {@code Trainer}: the logged
 * {@code loss} is the mean over the epoch's examples, the metrics are computed on the driver from
 * the outputs the tasks send back (so any {@link Metric} works; this adds {@code batch * outputs}
 * floats per job, and nothing when there are no metrics), the dev set is evaluated after every
 * epoch ({@code dev_} prefix), {@code lr} is the rate the epoch started with. {@link #saveCheckpoint}
 * writes nn's {@link Checkpoint} atomically on the driver; {@link #resume} restores it, and with
 * {@link EpochOrder} (a function of seed and epoch) and per-step dropout seeds the resumed run is
 * bitwise the uninterrupted one.
 *
 * <p>Determinism: the same data in the same partitions, seed and settings give the same bits,
 * whatever the executors' thread counts or task timing. Changing the number of partitions changes
 * only the summation order (and the dropout masks).
 *
 * <p>Not thread-safe; one trainer trains one model at a time.
 */
public final class SparkTrainer {
    private static final Logger log = LoggerFactory.getLogger(SparkTrainer.class);

    private final JavaSparkContext sc;
    private final ModelFactory modelFactory;
    private final SparkLoss loss;
    private final OptimizerFactory optimizerFactory;
    private final ExampleFormat format;
    private final Module model;
    private final Optimizer<?> optimizer;
    private final String runId = UUID.randomUUID().toString();
    private LrScheduler scheduler;
    private boolean schedulerPerBatch;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<SparkCallback> callbacks = new ArrayList<>();
    private final Map<String, Stateful> tracked = new LinkedHashMap<>();
    private double clipNorm = Double.NaN;
    private int batchSize = 32;
    private boolean dropLast;
    private EpochOrder order = EpochOrder.sequential();
    private TrainingMode mode = TrainingMode.synchronous();
    private long seed;
    private int aggregationDepth = 2;
    private int evalBatchSize = 1024;
    private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();
    private History history = new History();
    private int epoch;
    private long step;
    private int targetEpochs;
    private int batchesPerEpoch = -1;
    private boolean stopRequested;

    /**
     * Builds the driver's model and optimizer.
     *
     * @param sc the Spark context the jobs run in
     * @param modelFactory builds the model on the driver and on the executors
     * @param loss the objective, a mean over the batch
     * @param optimizerFactory builds the optimizer (on the driver; also on executors with parameter averaging)
     * @param format how examples become tensors
     * @throws IllegalArgumentException if a factory, the loss or the format cannot be serialized
     */
    public SparkTrainer(JavaSparkContext sc, ModelFactory modelFactory, SparkLoss loss, OptimizerFactory optimizerFactory,
            ExampleFormat format) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.modelFactory = checkSerializable(Objects.requireNonNull(modelFactory, "modelFactory"), "model factory");
        this.loss = checkSerializable(Objects.requireNonNull(loss, "loss"), "loss");
        this.optimizerFactory = checkSerializable(Objects.requireNonNull(optimizerFactory, "optimizerFactory"), "optimizer factory");
        this.format = Objects.requireNonNull(format, "format");
        this.model = Objects.requireNonNull(modelFactory.create(), "SparkTrainer: the model factory returned null");
        this.optimizer = Objects.requireNonNull(optimizerFactory.create(model), "SparkTrainer: the optimizer factory returned null");
    }

    private static <T> T checkSerializable(T value, String what) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("SparkTrainer: the " + what + " cannot be shipped to executors: it refers to a "
                    + e.getMessage() + ", which is not serializable (capture only serializable values, e.g. sizes and seeds)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("SparkTrainer: the " + what + " cannot be serialized: " + e, e);
        }
        return value;
    }

    // ------------------------------------------------------------------ configuration

    /** The global batch size: examples per optimizer step over all partitions (default 32); returns this. */
    public SparkTrainer batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("SparkTrainer.batchSize: must be >= 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Whether to skip an epoch's last global batch when it is incomplete (default false); returns this. */
    public SparkTrainer dropLast(boolean dropLast) {
        this.dropLast = dropLast;
        return this;
    }

    /** The order each epoch visits the examples in (default {@link EpochOrder#sequential()}); returns this. */
    public SparkTrainer order(EpochOrder order) {
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /** Synchronous (default) or parameter averaging; returns this. */
    public SparkTrainer mode(TrainingMode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** The base seed of the per-step, per-partition seeds given to {@link ModelFactory#reseed} (default 0); returns this. */
    public SparkTrainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Levels of the deterministic tree that sums the partitions' results (default 2, as
     * {@code treeAggregate}); 1 sends every partition's result straight to the driver. See
     * {@link AllReduce}. Returns this.
     */
    public SparkTrainer aggregationDepth(int depth) {
        if (depth < 1) throw new IllegalArgumentException("SparkTrainer.aggregationDepth: must be >= 1, got " + depth);
        this.aggregationDepth = depth;
        return this;
    }

    /** Examples per forward pass in {@link #evaluate} (default 1024; it does not change the results); returns this. */
    public SparkTrainer evalBatchSize(int evalBatchSize) {
        if (evalBatchSize < 1) throw new IllegalArgumentException("SparkTrainer.evalBatchSize: must be >= 1, got " + evalBatchSize);
        this.evalBatchSize = evalBatchSize;
        return this;
    }

    /** How {@link #fit} keeps its copy of the training set for the fit's duration (default MEMORY_AND_DISK); returns this. */
    public SparkTrainer storageLevel(StorageLevel level) {
        this.storageLevel = Objects.requireNonNull(level, "level");
        return this;
    }

    /**
     * Steps {@code scheduler} once per epoch, or once per global batch ({@code perBatch}; with
     * parameter averaging the rate then changes between rounds only, a round using the rate it
     * started with); returns this.
     */
    public SparkTrainer scheduler(LrScheduler scheduler, boolean perBatch) {
        if (scheduler != null && scheduler.optimizer() != optimizer) {
            throw new IllegalArgumentException("SparkTrainer.scheduler: the scheduler drives another optimizer than the trainer's");
        }
        this.scheduler = scheduler;
        this.schedulerPerBatch = perBatch;
        return this;
    }

    /** Steps {@code scheduler} once per epoch; returns this. */
    public SparkTrainer scheduler(LrScheduler scheduler) {
        return scheduler(scheduler, false);
    }

    /** Adds metrics, computed on the driver for the training batches and the dev set; returns this. */
    public SparkTrainer metrics(Metric... metrics) {
        for (Metric m : metrics) {
            Objects.requireNonNull(m, "metric");
            if (m.name().equals("loss") || m.name().equals("lr") || m.name().startsWith("dev_")) {
                throw new IllegalArgumentException("SparkTrainer.metrics: metric name '" + m.name() + "' is reserved");
            }
            for (Metric other : this.metrics) {
                if (other.name().equals(m.name())) throw new IllegalArgumentException("SparkTrainer.metrics: two metrics are named '" + m.name() + "'");
            }
            this.metrics.add(m);
        }
        return this;
    }

    /** Adds callbacks, run on the driver in the order added; returns this. */
    public SparkTrainer callbacks(SparkCallback... callbacks) {
        for (SparkCallback c : callbacks) this.callbacks.add(Objects.requireNonNull(c, "callback"));
        return this;
    }

    /** Includes {@code component}'s state in checkpoints under {@code name} (no dots, not starting with "callback"); returns this. */
    public SparkTrainer track(String name, Stateful component) {
        if (name == null || name.isEmpty() || name.contains(".") || name.startsWith("callback")) {
            throw new IllegalArgumentException("SparkTrainer.track: names must be non-empty, without '.', not starting with 'callback'; got '" + name + "'");
        }
        if (tracked.putIfAbsent(name, Objects.requireNonNull(component, "component")) != null) {
            throw new IllegalArgumentException("SparkTrainer.track: '" + name + "' is already tracked");
        }
        return this;
    }

    /**
     * Clips the gradients' global L2 norm to {@code maxNorm} before each optimizer step: the
     * combined gradient on the driver (synchronous), each local step's gradient on the executors
     * (parameter averaging); returns this.
     */
    public SparkTrainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("SparkTrainer.clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        this.clipNorm = maxNorm;
        return this;
    }

    // ------------------------------------------------------------------ state

    /** The driver's model: the trained weights. */
    public Module model() {
        return model;
    }

    /** The driver's optimizer. */
    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The scheduler, or null. */
    public LrScheduler scheduler() {
        return scheduler;
    }

    public JavaSparkContext sparkContext() {
        return sc;
    }

    public TrainingMode mode() {
        return mode;
    }

    public int batchSize() {
        return batchSize;
    }

    /** The per-epoch logs (a new object after {@link #resume}). */
    public History history() {
        return history;
    }

    /** Epochs completed (including those restored by {@link #resume}). */
    public int epoch() {
        return epoch;
    }

    /** Global batches trained on (optimizer steps of the driver in synchronous mode). */
    public long step() {
        return step;
    }

    /** The epoch count the current {@link #fit} trains up to. */
    public int targetEpochs() {
        return targetEpochs;
    }

    /** Global batches per epoch of the current {@link #fit}, or -1 before it counted the data. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The metrics, in the order added (unmodifiable). */
    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    /** Asks {@link #fit} to stop after the current epoch. */
    public void stop() {
        stopRequested = true;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains until {@code epochs} epochs are completed in total (after {@link #resume} from epoch 2,
     * {@code fit(train, dev, 3)} runs one epoch), or until a callback calls {@link #stop()}.
     * {@code train} is read once and kept (at {@link #storageLevel}) until the fit returns; cache
     * {@code dev} yourself if it is expensive to compute, as it is evaluated every epoch.
     *
     * @param train the training examples; its partitions and their order must be the same every
     *     time it is computed (global indices follow them)
     * @param dev evaluated after every epoch, or null
     * @return the history of all epochs so far
     */
    public History fit(JavaRDD<Example> train, JavaRDD<Example> dev, int epochs) {
        Objects.requireNonNull(train, "train");
        if (epochs < 0) throw new IllegalArgumentException("SparkTrainer.fit: epochs must be >= 0, got " + epochs);
        stopRequested = false;
        targetEpochs = epochs;
        TrainingData data = TrainingData.prepare(train, format, storageLevel);
        try {
            long n = data.size;
            long batches = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
            if (batches == 0) {
                throw new IllegalArgumentException("SparkTrainer.fit: " + n + " examples make no complete batch of " + batchSize + " (dropLast)");
            }
            if (batches > Integer.MAX_VALUE) throw new IllegalArgumentException("SparkTrainer.fit: " + batches + " batches per epoch is too many");
            batchesPerEpoch = (int) batches;
            log.info("{} examples in {} partitions, {} global batches of {} per epoch, {}, {} parameters",
                    n, data.offsets.length, batchesPerEpoch, batchSize, mode, model.parameterCount(true));
            for (SparkCallback c : callbacks) c.onTrainBegin(this);
            while (epoch < epochs && !stopRequested) {
                int e = epoch;
                for (SparkCallback c : callbacks) c.onEpochBegin(this, e);
                double lr = optimizer.lr();
                Map<String, Double> logs = trainEpoch(data, e);
                if (scheduler != null && !schedulerPerBatch) scheduler.step();
                if (dev != null) {
                    for (Map.Entry<String, Double> d : evaluate(dev).entrySet()) logs.put("dev_" + d.getKey(), d.getValue());
                }
                logs.put("lr", lr);
                history.append(logs);
                epoch = e + 1;
                Map<String, Double> view = Collections.unmodifiableMap(logs);
                for (SparkCallback c : callbacks) c.onEpochEnd(this, e, view);
                for (SparkCallback c : callbacks) c.afterEpochEnd(this, e);
            }
            for (SparkCallback c : callbacks) c.onTrainEnd(this);
        } finally {
            data.release();
        }
        return history;
    }

    private TaskSpec spec() {
        return new TaskSpec(runId, modelFactory, optimizerFactory, loss, format, seed, clipNorm, !metrics.isEmpty());
    }

    private Map<String, Double> trainEpoch(TrainingData data, int e) {
        model.train();
        for (Metric m : metrics) m.reset();
        TaskSpec spec = spec();
        JavaRDD<Shard> shards = data.shards(order, e).persist(StorageLevel.MEMORY_ONLY());
        double lossSum = 0;
        long count = 0;
        try {
            int k = 0;
            while (k < batchesPerEpoch) {
                int jobBatches = Math.min(mode.batchesPerJob(), batchesPerEpoch - k);
                sc.setJobDescription("arabica epoch " + (e + 1) + " batch " + (k + 1) + (jobBatches > 1 ? "-" + (k + jobBatches) : "")
                        + "/" + batchesPerEpoch);
                Accumulator acc = mode.isSynchronous() ? synchronousStep(shards, spec, data.size, k) : averagingRound(shards, spec, data.size, k, jobBatches);
                lossSum += acc.lossSum();
                count += acc.examples();
                DriverUpdates.updateMetrics(metrics, acc.outputs(), format);
                step += jobBatches;
                if (scheduler != null && schedulerPerBatch) for (int j = 0; j < jobBatches; j++) scheduler.step();
                k += jobBatches;
                if (log.isDebugEnabled()) log.debug("SparkTrainer: epoch {} batch {}/{} loss {}", e + 1, k, batchesPerEpoch, acc.lossSum() / acc.examples());
                if (!callbacks.isEmpty()) {
                    Map<String, Double> running = logs(lossSum, count);
                    for (SparkCallback c : callbacks) c.onBatchEnd(this, k - 1, running);
                }
            }
        } finally {
            shards.unpersist(false);
            sc.setJobDescription(null);
        }
        return logs(lossSum, count);
    }

    private Map<String, Double> logs(double lossSum, long count) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", count == 0 ? Double.NaN : lossSum / count);
        for (Metric m : metrics) logs.put(m.name(), m.value());
        return logs;
    }

    /** One global batch: gradients from the partitions, then the driver's optimizer step. */
    private Accumulator synchronousStep(JavaRDD<Shard> shards, TaskSpec spec, long n, int k) {
        long from = (long) k * batchSize, to = Math.min(n, from + batchSize);
        Accumulator acc = Jobs.gradients(sc, shards, spec, StateArrays.of(model.stateDict()), from, to, step, aggregationDepth);
        DriverUpdates.applyGradients(model, optimizer, acc, clipNorm);
        return acc;
    }

    /** One round of parameter averaging over global batches {@code k .. k + batches - 1}. */
    private Accumulator averagingRound(JavaRDD<Shard> shards, TaskSpec spec, long n, int k, int batches) {
        long[] bounds = new long[batches + 1];
        for (int j = 0; j <= batches; j++) bounds[j] = Math.min(n, (long) (k + j) * batchSize);
        double[] rates = new double[optimizer.groupCount()];
        for (int g = 0; g < rates.length; g++) rates[g] = optimizer.lr(g);
        Map<String, Tensor> optimizerState = optimizer.stateDict();
        Accumulator acc = Jobs.localSteps(sc, shards, spec, StateArrays.of(model.stateDict()), StateArrays.of(optimizerState), rates,
                bounds, step, aggregationDepth);
        DriverUpdates.applyAverages(model, optimizer, optimizerState, acc);
        return acc;
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Loss and metrics over every example of {@code data} with the driver's current parameters, in
     * eval mode without gradients, keyed {@code loss} and by metric name (as nn's
     * {@code Evaluation.evaluate}). One Spark job; the metrics run on the driver over the outputs the
     * partitions send back ({@code examples * outputs} floats), which needs no such traffic when
     * there are no metrics.
     */
    public Map<String, Double> evaluate(JavaRDD<Example> data) {
        Objects.requireNonNull(data, "data");
        TaskSpec spec = spec();
        sc.setJobDescription("arabica evaluate");
        Accumulator acc;
        try {
            acc = Jobs.evaluate(sc, data, spec, StateArrays.of(model.stateDict()), evalBatchSize, aggregationDepth);
        } finally {
            sc.setJobDescription(null);
        }
        for (Metric m : metrics) m.reset();
        DriverUpdates.updateMetrics(metrics, acc.outputs(), format);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", acc.examples() == 0 ? Double.NaN : acc.lossSum() / acc.examples());
        for (Metric m : metrics) logs.put(m.name(), m.value());
        return logs;
    }

    // ------------------------------------------------------------------ checkpoints

    /** Writes a checkpoint (nn's {@link Checkpoint} format) of the driver's state to {@code file}, atomically. */
    public void saveCheckpoint(Path file) throws IOException {
        Map<String, Map<String, Tensor>> components = new LinkedHashMap<>();
        for (Map.Entry<String, Stateful> e : tracked.entrySet()) components.put(e.getKey(), e.getValue().stateDict());
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) components.put("callback" + i, s.stateDict());
        }
        new Checkpoint(epoch, step, model.stateDict(), optimizer.stateDict(), scheduler == null ? Map.of() : scheduler.stateDict(),
                components, history).save(file);
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint} (or by nn's {@code Trainer} for the
     * same model and optimizer) into this trainer, which must be set up as the one that wrote it.
     *
     * @throws IOException if the file cannot be read or is not a checkpoint
     * @throws IllegalArgumentException if its content does not fit this trainer
     */
    public void resume(Path file) throws IOException {
        Checkpoint c = Checkpoint.load(file);
        Map<String, Stateful> expected = new LinkedHashMap<>(tracked);
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) expected.put("callback" + i, s);
        }
        if (!expected.keySet().equals(c.components().keySet())) {
            throw new IllegalArgumentException(file + ": the checkpoint holds state for components " + c.components().keySet()
                    + " but this trainer has " + expected.keySet() + " (tracked components and stateful callbacks by position)");
        }
        if (c.epoch() > Integer.MAX_VALUE) throw new IllegalArgumentException(file + ": epoch " + c.epoch() + " out of range");
        c.restore(model, optimizer, scheduler);
        for (Map.Entry<String, Stateful> e : expected.entrySet()) e.getValue().loadStateDict(c.components().get(e.getKey()));
        epoch = (int) c.epoch();
        step = c.step();
        history = copyOf(c.history());
    }

    private static History copyOf(History saved) {
        History h = new History();
        Map<String, List<Double>> values = saved.asMap();
        for (int e = 0; e < saved.epochs(); e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            for (Map.Entry<String, List<Double>> v : values.entrySet()) logs.put(v.getKey(), v.getValue().get(e));
            h.append(logs);
        }
        return h;
    }

    @Override
    public String toString() {
        return "SparkTrainer(model=" + model.getClass().getSimpleName() + ", optimizer=" + optimizer.name() + ", " + mode
                + ", batchSize=" + batchSize + ", epoch=" + epoch + ")";
    }
}
