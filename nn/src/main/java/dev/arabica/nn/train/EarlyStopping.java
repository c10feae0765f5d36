package dev.arabica.nn.train;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored log value ({@code dev_loss}, {@code dev_accuracy}, ...) has not
 * improved by more than {@code minDelta} for {@code patience} epochs in a row, as Keras's
 * {@code EarlyStopping}. With {@code restoreBestWeights}, the model ends training (stopped early or
 * not) with the weights of its best epoch, kept as an in-memory copy of the state dict.
 *
 * <p>Its state (best value and epoch, epochs without improvement, best weights) is saved in
 * checkpoints, so a resumed run stops where an uninterrupted one would.
 */
public final class EarlyStopping implements Callback, Stateful {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final MonitorMode mode;
    private final boolean restoreBestWeights;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;
    private int stoppedEpoch = -1;
    private Map<String, Tensor> bestWeights;

    /** Monitors {@code monitor} ({@link MonitorMode#AUTO}, no minimum delta) and restores the best weights. */
    public EarlyStopping(String monitor, int patience) {
        this(monitor, patience, 0, MonitorMode.AUTO, true);
    }

    /**
     * @param monitor the log key to watch
     * @param patience the number of epochs in a row without improvement after which training stops (0 and 1 both stop at the first)
     * @param minDelta the smallest change that counts as an improvement (>= 0)
     * @param mode whether lower or higher is better
     * @param restoreBestWeights whether to load the best epoch's weights at the end of training
     */
    public EarlyStopping(String monitor, int patience, double minDelta, MonitorMode mode, boolean restoreBestWeights) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException("EarlyStopping: minDelta must be >= 0, got " + minDelta);
        this.patience = patience;
        this.minDelta = minDelta;
        this.mode = Objects.requireNonNull(mode, "mode").resolve(monitor);
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalStateException("EarlyStopping: monitored value '" + monitor + "' is not in the logs " + logs.keySet()
                    + (monitor.startsWith("dev_") ? " (was a dev set given to fit?)" : ""));
        }
        if (mode.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) bestWeights = trainer.model().stateDict();
        } else if (++wait >= patience) {
            stoppedEpoch = epoch;
            trainer.stop();
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (restoreBestWeights && bestWeights != null && bestEpoch != trainer.epoch() - 1) {
            trainer.model().loadStateDict(bestWeights);
        }
    }

    /** The best monitored value so far (NaN before the first epoch). */
    public double best() {
        return best;
    }

    /** The epoch with the best value, or -1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The epoch after which training was stopped, or -1 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", Stateful.doubleState(best));
        out.put("best_epoch", Tensor.ofLongs(new long[] {bestEpoch}));
        out.put("wait", Tensor.ofLongs(new long[] {wait}));
        if (bestWeights != null) bestWeights.forEach((k, v) -> out.put("best_weights." + k, v));
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (e.getKey().startsWith("best_weights.")) {
                weights.put(e.getKey().substring("best_weights.".length()), e.getValue());
            } else if (!e.getKey().equals("best") && !e.getKey().equals("best_epoch") && !e.getKey().equals("wait")) {
                throw new IllegalArgumentException("EarlyStopping.loadStateDict: unexpected key '" + e.getKey() + "'");
            }
        }
        best = Stateful.readDouble(state, "best");
        bestEpoch = (int) Stateful.readLong(state, "best_epoch");
        wait = (int) Stateful.readLong(state, "wait");
        bestWeights = weights.isEmpty() ? null : weights;
        stoppedEpoch = -1;
    }
}
