package dev.arabica.spark;

import dev.arabica.core.Tensor;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.MonitorMode;
import dev.arabica.nn.train.Stateful;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Saves on the driver during {@link SparkTrainer#fit}, atomically (a crash mid-write leaves the
 * previous file intact), like nn's {@code ModelCheckpoint}:
 * <ul>
 *   <li>{@link #every(Path, int)}: a full training checkpoint ({@link SparkTrainer#saveCheckpoint})
 *       every {@code n} epochs and after the last one, to continue from with {@link SparkTrainer#resume};</li>
 *   <li>{@link #bestWeights(Path, String, MonitorMode)}: the model's weights ({@link ModelFiles},
 *       safetensors) whenever the monitored log value improves.</li>
 * </ul>
 * The path is on the driver's file system (use a shared or durable disk on a cluster).
 */
public final class SparkCheckpoint implements SparkCallback, Stateful {
    private final Path file;
    private final int everyEpochs;
    private final String monitor;
    private final MonitorMode mode;
    private double best = Double.NaN;

    private SparkCheckpoint(Path file, int everyEpochs, String monitor, MonitorMode mode) {
        this.file = Objects.requireNonNull(file, "file");
        this.everyEpochs = everyEpochs;
        this.monitor = monitor;
        this.mode = mode == null ? null : mode.resolve(monitor);
    }

    /** A training checkpoint every {@code epochs} epochs and after the last epoch of each fit. */
    public static SparkCheckpoint every(Path file, int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("SparkCheckpoint: epochs must be >= 1, got " + epochs);
        return new SparkCheckpoint(file, epochs, null, null);
    }

    /** The model's weights whenever {@code monitor} improves ({@link MonitorMode#AUTO}: lower for names with "loss"). */
    public static SparkCheckpoint bestWeights(Path file, String monitor, MonitorMode mode) {
        return new SparkCheckpoint(file, 0, Objects.requireNonNull(monitor, "monitor"), Objects.requireNonNull(mode, "mode"));
    }

    public Path file() {
        return file;
    }

    @Override
    public void afterEpochEnd(SparkTrainer trainer, int epoch) {
        if (monitor != null) return;
        boolean last = trainer.epoch() >= trainer.targetEpochs() || trainer.isStopRequested();
        if ((epoch + 1) % everyEpochs != 0 && !last) return;
        try {
            trainer.saveCheckpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("SparkCheckpoint: could not write " + file, e);
        }
    }

    @Override
    public void onEpochEnd(SparkTrainer trainer, int epoch, Map<String, Double> logs) {
        if (monitor == null) return;
        Double value = logs.get(monitor);
        if (value == null) throw new IllegalStateException("SparkCheckpoint: monitored value '" + monitor + "' is not in the logs " + logs.keySet());
        if (!improves(value)) return;
        best = value;
        try {
            ModelFiles.save(trainer.model(), file);
        } catch (IOException e) {
            throw new UncheckedIOException("SparkCheckpoint: could not write " + file, e);
        }
    }

    private boolean improves(double value) {
        if (Double.isNaN(value)) return false;
        if (Double.isNaN(best)) return true;
        return mode == MonitorMode.MIN ? value < best : value > best;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return Map.of("best", Stateful.doubleState(best));
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        if (!state.keySet().equals(Set.of("best"))) {
            throw new IllegalArgumentException("SparkCheckpoint.loadStateDict: expected the key 'best', got " + state.keySet());
        }
        best = Stateful.readDouble(state, "best");
    }
}
