package dev.arabica.nn.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}. Every method has an empty default, so a callback overrides only
 * what it needs. Epochs are numbered from 0. A callback can read and change the trainer (its model,
 * optimizer, history) and end training after the current epoch with {@link Trainer#stop()}.
 * Callbacks run in the order they were added; a callback that also implements {@link Stateful} is
 * saved in checkpoints.
 *
 * <pre>{@code
 * trainer.callbacks(new Callback() {
 *     public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
 *         if (logs.get("loss") < 0.01) t.stop();
 *     }
 * });
 * }</pre>
 */
public interface Callback {

    /** Before the first epoch of a {@link Trainer#fit} call ({@link Trainer#epoch()} epochs are already done). */
    default void onTrainBegin(Trainer trainer) {}

    /** Before epoch {@code epoch} draws its first batch. */
    default void onEpochBegin(Trainer trainer, int epoch) {}

    /**
     * After the optimizer step of batch {@code batch} (0-based within the epoch).
     *
     * @param running the epoch's running mean loss ({@code loss}) and metrics so far
     */
    default void onBatchEnd(Trainer trainer, int batch, Map<String, Double> running) {}

    /**
     * After epoch {@code epoch}, its dev evaluation and the scheduler's epoch step;
     * {@link Trainer#epoch()} is already {@code epoch + 1}.
     *
     * @param logs the epoch's training loss and metrics, the dev ones prefixed {@code dev_}, and the
     *     learning rate the epoch used ({@code lr})
     */
    default void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {}

    /**
     * After every callback's {@link #onEpochEnd} for epoch {@code epoch}: the place to save state
     * that other callbacks update in {@code onEpochEnd} (used by {@link ModelCheckpoint}).
     */
    default void afterEpochEnd(Trainer trainer, int epoch) {}

    /** After the last epoch, or after the epoch in which a callback called {@link Trainer#stop()}. */
    default void onTrainEnd(Trainer trainer) {}
}
