package dev.arabica.nn.train;

import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.optim.GradClip;
import dev.arabica.optim.LrScheduler;
import dev.arabica.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the usual training loop over epochs of mini-batches, so you don't have to:
 * <pre>{@code
 * Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters(), 1e-3))
 *         .metrics(Metrics.accuracy())
 *         .callbacks(Progress.auto(), new EarlyStopping("dev_loss", 3));
 * History history = trainer.fit(DataLoader.of(train).batchSize(64).shuffle(seed), DataLoader.of(dev).batchSize(256), 10);
 * Map<String, Double> test = trainer.evaluate(DataLoader.of(testSet).batchSize(256));
 * }</pre>
 *
 * <p>Each training step is {@code zeroGrad; out = model.forward(x); loss = lossFn(out, y);
 * loss.backward(); [clip]; optimizer.step(); [scheduler.step() if stepped per batch]} with the model
 * in training mode. After each epoch the scheduler takes its epoch step (unless stepped per batch),
 * the dev set is evaluated in eval mode without gradients, and the epoch's logs go to the
 * {@link History} and the callbacks. Logged values: {@code loss} (the mean over the epoch's
 * examples, each batch weighted by its size, computed while training) and the metrics, the same
 * prefixed {@code dev_} for the dev set, and {@code lr}, the learning rate the epoch started with.
 *
 * <p>The trainer is a convenience, not a requirement: every piece ({@link Evaluation},
 * {@link Checkpoint}, {@link ModelFiles}, {@link Metrics}) works in a hand-written loop.
 *
 * <p><b>Resuming.</b> {@link #saveCheckpoint} (or the {@link ModelCheckpoint} callback) stores the
 * model, optimizer, scheduler, epoch, history and every {@link Stateful} callback or tracked
 * component; {@link #resume} restores them into a trainer built the same way, and {@link #fit}
 * then continues from the saved epoch. With a loader shuffled by a seed
 * ({@link DataLoader#shuffle(long)}) and per-epoch re-seeded dropout, the resumed run is bitwise
 * identical to an uninterrupted one.
 *
 * <p>Not thread-safe; one trainer trains one model at a time.
 */
public final class Trainer {
    private final Module model;
    private final LossFunction lossFunction;
    private final Optimizer<?> optimizer;
    private LrScheduler scheduler;
    private boolean schedulerPerBatch;
    private final List<Metric> metrics = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final Map<String, Stateful> tracked = new LinkedHashMap<>();
    private double clipNorm = Double.NaN;
    private final History history = new History();
    private int epoch;
    private long step;
    private int targetEpochs;
    private int batchesPerEpoch = -1;
    private boolean stopRequested;

    /**
     * @param model the model to train
     * @param lossFunction its objective (a mean over the batch)
     * @param optimizer an optimizer over the model's (trainable) parameters
     */
    public Trainer(Module model, LossFunction lossFunction, Optimizer<?> optimizer) {
        this.model = Objects.requireNonNull(model, "model");
        this.lossFunction = Objects.requireNonNull(lossFunction, "lossFunction");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
    }

    // ------------------------------------------------------------------ configuration

    /** Steps {@code scheduler} once per epoch; returns this. */
    public Trainer scheduler(LrScheduler scheduler) {
        return scheduler(scheduler, false);
    }

    /** Steps {@code scheduler} once per batch ({@code perBatch}) or once per epoch; returns this. */
    public Trainer scheduler(LrScheduler scheduler, boolean perBatch) {
        if (scheduler != null && scheduler.optimizer() != optimizer) {
            throw new IllegalArgumentException("Trainer.scheduler: the scheduler drives another optimizer than the trainer's");
        }
        this.scheduler = scheduler;
        this.schedulerPerBatch = perBatch;
        return this;
    }

    /** Adds metrics, computed on the training batches and on the dev set; returns this. */
    public Trainer metrics(Metric... metrics) {
        for (Metric m : metrics) {
            Objects.requireNonNull(m, "metric");
            if (m.name().equals("loss") || m.name().equals("lr") || m.name().startsWith("dev_")) {
                throw new IllegalArgumentException("Trainer.metrics: metric name '" + m.name() + "' is reserved");
            }
            for (Metric other : this.metrics) {
                if (other.name().equals(m.name())) {
                    throw new IllegalArgumentException("Trainer.metrics: two metrics are named '" + m.name() + "'");
                }
            }
            this.metrics.add(m);
        }
        return this;
    }

    /** Adds callbacks, run in the order added; returns this. */
    public Trainer callbacks(Callback... callbacks) {
        for (Callback c : callbacks) this.callbacks.add(Objects.requireNonNull(c, "callback"));
        return this;
    }

    /**
     * Includes {@code component}'s state in checkpoints under {@code name} (no dots) and restores it
     * on {@link #resume}; returns this.
     */
    public Trainer track(String name, Stateful component) {
        Checkpoint.checkComponentName(name);
        if (name.startsWith("callback")) throw new IllegalArgumentException("Trainer.track: names starting with 'callback' are reserved");
        if (tracked.putIfAbsent(name, Objects.requireNonNull(component, "component")) != null) {
            throw new IllegalArgumentException("Trainer.track: '" + name + "' is already tracked");
        }
        return this;
    }

    /** Clips the gradients' global L2 norm to {@code maxNorm} before each step; returns this. */
    public Trainer clipGradNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("Trainer.clipGradNorm: maxNorm must be > 0, got " + maxNorm);
        this.clipNorm = maxNorm;
        return this;
    }

    // ------------------------------------------------------------------ state

    public Module model() {
        return model;
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** The scheduler, or null. */
    public LrScheduler scheduler() {
        return scheduler;
    }

    public History history() {
        return history;
    }

    /** The number of epochs completed (including those restored by {@link #resume}). */
    public int epoch() {
        return epoch;
    }

    /** The number of optimizer steps taken. */
    public long step() {
        return step;
    }

    /** The epoch count the current {@link #fit} call trains up to. */
    public int targetEpochs() {
        return targetEpochs;
    }

    /** Batches per epoch of the current {@link #fit} call's training data, or -1 before the first {@link #fit}. */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** The metrics, in the order added (unmodifiable). */
    public List<Metric> metrics() {
        return List.copyOf(metrics);
    }

    /** Asks {@link #fit} to stop after the current epoch (early stopping). */
    public void stop() {
        stopRequested = true;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    // ------------------------------------------------------------------ training

    /**
     * Trains until {@code epochs} epochs are completed in total (so after {@link #resume} from epoch
     * 2, {@code fit(train, dev, 3)} runs one epoch), or until a callback calls {@link #stop()}.
     *
     * <p>Epoch {@code e} trains on {@code train.epoch(e)} and evaluates {@code dev.epoch(e)}.
     *
     * @param dev the dev set, evaluated after every epoch, or null
     * @return the history of all epochs so far
     */
    public History fit(DataLoader train, DataLoader dev, int epochs) {
        Objects.requireNonNull(train, "train");
        if (epochs < 0) throw new IllegalArgumentException("Trainer.fit: epochs must be >= 0, got " + epochs);
        stopRequested = false;
        targetEpochs = epochs;
        batchesPerEpoch = train.numBatches();
        for (Callback c : callbacks) c.onTrainBegin(this);
        while (epoch < epochs && !stopRequested) {
            int e = epoch;
            for (Callback c : callbacks) c.onEpochBegin(this, e);
            double lr = optimizer.lr();
            Map<String, Double> logs = trainEpoch(train.epoch(e));
            if (scheduler != null && !schedulerPerBatch) scheduler.step();
            if (dev != null) {
                for (Map.Entry<String, Double> d : evaluate(dev.epoch(e)).entrySet()) logs.put("dev_" + d.getKey(), d.getValue());
            }
            logs.put("lr", lr);
            history.append(logs);
            epoch = e + 1;
            Map<String, Double> view = java.util.Collections.unmodifiableMap(logs);
            for (Callback c : callbacks) c.onEpochEnd(this, e, view);
            for (Callback c : callbacks) c.afterEpochEnd(this, e);
        }
        for (Callback c : callbacks) c.onTrainEnd(this);
        return history;
    }

    private Map<String, Double> trainEpoch(Iterable<Batch> batches) {
        model.train();
        for (Metric m : metrics) m.reset();
        double lossSum = 0;
        long count = 0;
        int index = 0;
        List<Tensor> params = optimizer.params();
        for (Batch b : batches) {
            optimizer.zeroGrad();
            Tensor out = model.forward(b.x());
            Tensor loss = lossFunction.compute(out, b.y());
            if (loss.numel() != 1) {
                throw new IllegalStateException("Trainer: the loss function returned a tensor of shape " + Shape.format(loss.shape())
                        + "; it must return one value (use a mean reduction)");
            }
            loss.backward();
            if (!Double.isNaN(clipNorm)) GradClip.clipGradNorm(params, clipNorm);
            optimizer.step();
            step++;
            if (scheduler != null && schedulerPerBatch) scheduler.step();
            int n = b.size();
            lossSum += (double) loss.item() * n;
            count += n;
            try (var scope = GradMode.noGrad()) {
                Tensor detached = out.detach();
                for (Metric m : metrics) m.update(detached, b.y());
            }
            if (!callbacks.isEmpty()) {
                Map<String, Double> running = logs(lossSum, count);
                for (Callback c : callbacks) c.onBatchEnd(this, index, running);
            }
            index++;
        }
        return logs(lossSum, count);
    }

    private Map<String, Double> logs(double lossSum, long count) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", count == 0 ? Double.NaN : lossSum / count);
        for (Metric m : metrics) logs.put(m.name(), m.value());
        return logs;
    }

    // ------------------------------------------------------------------ evaluation and prediction

    /**
     * Loss and metrics over {@code data} in eval mode without gradients (see {@link Evaluation#evaluate}).
     * It reuses (and resets) the trainer's metric objects, so calling it from
     * {@link Callback#onBatchEnd} would disturb the epoch's running training metrics; from
     * {@link Callback#onEpochEnd} it is safe.
     */
    public Map<String, Double> evaluate(Iterable<Batch> data) {
        return Evaluation.evaluate(model, lossFunction, data, metrics);
    }

    /** {@link #evaluate(Iterable)} over a data loader. */
    public Map<String, Double> evaluate(DataLoader data) {
        return evaluate((Iterable<Batch>) data);
    }

    /** The model's output for {@code x} in eval mode without gradients. */
    public Tensor predict(Tensor x) {
        return Evaluation.predict(model, x);
    }

    // ------------------------------------------------------------------ checkpoints

    /** Writes a checkpoint of the current state to {@code file}, atomically (see {@link Checkpoint}). */
    public void saveCheckpoint(Path file) throws IOException {
        Map<String, Map<String, Tensor>> components = new LinkedHashMap<>();
        for (Map.Entry<String, Stateful> e : tracked.entrySet()) components.put(e.getKey(), e.getValue().stateDict());
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof Stateful s) components.put("callback" + i, s.stateDict());
        }
        new Checkpoint(epoch, step, model.stateDict(), optimizer.stateDict(),
                scheduler == null ? Map.of() : scheduler.stateDict(), components, history).save(file);
    }

    /**
     * Restores a checkpoint written by {@link #saveCheckpoint} into this trainer, which must be set
     * up as the one that wrote it (same architecture, optimizer kind and groups, scheduler or none,
     * the same stateful callbacks in the same positions, the same tracked components).
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
        history.replaceWith(c.history());
    }

    @Override
    public String toString() {
        return "Trainer(model=" + model.getClass().getSimpleName() + ", optimizer=" + optimizer.name() + ", epoch=" + epoch
                + ", metrics=" + Arrays.toString(metrics.stream().map(Metric::name).toArray()) + ")";
    }
}
