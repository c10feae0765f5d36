package dev.arabica.nn.train;

import dev.arabica.core.Tensor;

/**
 * A quantity accumulated over the batches of a pass (an epoch, an evaluation) and read at its
 * end, like accuracy. {@link Trainer} resets it before each pass, feeds it every batch's detached
 * output and targets, and logs {@link #value()} under {@link #name()} (prefixed {@code dev_} on
 * the dev set). See {@link Metrics} for the built-in ones.
 */
public interface Metric {

    /** The key in the logs, e.g. {@code accuracy}. */
    String name();

    /** Forgets everything accumulated. */
    void reset();

    /**
     * Adds one batch. Called without gradient recording.
     *
     * @param output the model's output for the batch
     * @param target the batch's targets
     */
    void update(Tensor output, Tensor target);

    /** The value over everything added since the last {@link #reset()} (NaN if nothing was). */
    double value();
}
