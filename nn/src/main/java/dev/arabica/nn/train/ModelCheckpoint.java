package dev.arabica.nn.train;

import dev.arabica.core.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Saves during training, atomically (a crash mid-write leaves the previous file intact):
 * <ul>
 *   <li>{@link #every(Path, int)}: a full training checkpoint ({@link Trainer#saveCheckpoint}) every
 *       {@code n} epochs and after the last one, to resume from with {@link Trainer#resume};</li>
 *   <li>{@link #bestWeights(Path, String, MonitorMode)}: the model's weights
 *       ({@link ModelFiles}) whenever the monitored value improves.</li>
 * </ul>
 */
public final class ModelCheckpoint implements Callback, Stateful {
    private final Path file;
    private final int everyEpochs;
    private final String monitor;
    private final MonitorMode mode;
    private double best = Double.NaN;

    private ModelCheckpoint(Path file, int everyEpochs, String monitor, MonitorMode mode) {
        this.file = Objects.requireNonNull(file, "file");
        this.everyEpochs = everyEpochs;
        this.monitor = monitor;
        this.mode = mode == null ? null : mode.resolve(monitor);
    }

    /** A training checkpoint after every epoch. */
    public static ModelCheckpoint everyEpoch(Path file) {
        return every(file, 1);
    }

    /** A training checkpoint every {@code epochs} epochs and after the last epoch of each {@code fit}. */
    public static ModelCheckpoint every(Path file, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("ModelCheckpoint: epochs must be >= 1, got " + epochs);
        return new ModelCheckpoint(file, epochs, null, null);
    }

    /** The model's weights whenever {@code monitor} improves. */
    public static ModelCheckpoint bestWeights(Path file, String monitor, MonitorMode mode) {
        return new ModelCheckpoint(file, 0, Objects.requireNonNull(monitor, "monitor"), Objects.requireNonNull(mode, "mode"));
    }

    public Path file() {
        return file;
    }

    /** Periodic checkpoints are written here, once every callback has seen the epoch's logs. */
    @Override
    public void afterEpochEnd(Trainer trainer, int epoch) {
        if (monitor != null) return;
        boolean last = trainer.epoch() >= trainer.targetEpochs() || trainer.isStopRequested();
        if ((epoch + 1) % everyEpochs != 0 && !last) return;
        try {
            trainer.saveCheckpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not write " + file, e);
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (monitor == null) return;
        Double value = logs.get(monitor);
        if (value == null) throw new IllegalStateException("ModelCheckpoint: monitored value '" + monitor + "' is not in the logs " + logs.keySet());
        if (!mode.improves(value, best, 0)) return;
        best = value;
        try {
            ModelFiles.save(trainer.model(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not write " + file, e);
        }
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return Map.of("best", Stateful.doubleState(best));
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        if (!state.keySet().equals(java.util.Set.of("best"))) {
            throw new IllegalArgumentException("ModelCheckpoint.loadStateDict: expected the key 'best', got " + state.keySet());
        }
        best = Stateful.readDouble(state, "best");
    }
}
