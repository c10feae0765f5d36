package dev.arabica.spark;

import java.util.Map;

/**
 * Hooks into {@link SparkTrainer#fit}, the counterpart of nn's {@code Callback}, run on the driver.
 * Every method has an empty default. Epochs are numbered from 0. A callback can read and change
 * the trainer (its model, optimizer, history; changes to the model reach the executors with the
 * next broadcast) and end training after the current epoch with {@link SparkTrainer#stop()}.
 * Callbacks run in the order added; one that also implements {@code dev.arabica.nn.train.Stateful}
 * is saved in checkpoints.
 */
public interface SparkCallback {

    /** Before the first epoch of a {@link SparkTrainer#fit} call ({@link SparkTrainer#epoch()} epochs are already done). */
    default void onTrainBegin(SparkTrainer trainer) {}

    /** Before epoch {@code epoch}'s first job. */
    default void onEpochBegin(SparkTrainer trainer, int epoch) {}

    /**
     * After each job's update of the driver's model: after every global batch in synchronous mode,
     * after every averaging round (then {@code batch} is the round's last batch) with parameter
     * averaging.
     *
     * @param batch the 0-based index within the epoch of the last global batch done
     * @param running the epoch's running mean loss ({@code loss}) and metrics so far
     */
    default void onBatchEnd(SparkTrainer trainer, int batch, Map<String, Double> running) {}

    /**
     * After epoch {@code epoch}, its dev evaluation and the scheduler's epoch step;
     * {@link SparkTrainer#epoch()} is already {@code epoch + 1}.
     *
     * @param logs the epoch's training loss and metrics, the dev ones prefixed {@code dev_}, and
     *     the learning rate the epoch started with ({@code lr})
     */
    default void onEpochEnd(SparkTrainer trainer, int epoch, Map<String, Double> logs) {}

    /** After every callback's {@link #onEpochEnd}: the place to save state (see {@link SparkCheckpoint}). */
    default void afterEpochEnd(SparkTrainer trainer, int epoch) {}

    /** After the last epoch, or after the epoch in which a callback called {@link SparkTrainer#stop()}. */
    default void onTrainEnd(SparkTrainer trainer) {}
}
