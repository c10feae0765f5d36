package dev.arabica.nn.train;

import dev.arabica.core.Tensor;

/**
 * A training objective: a scalar loss from a model's output and the batch's targets, e.g.
 * {@code Losses::crossEntropy} or {@code (out, y) -> Losses.binaryCrossEntropyWithLogits(out.squeeze(1), y)}.
 *
 * <p>{@link Trainer} reports the mean of this value over the examples of an epoch, weighting each
 * batch by its size, so the loss should be a mean over the batch (reduction {@code MEAN}).
 */
@FunctionalInterface
public interface LossFunction {

    /**
     * @param output the model's output for the batch
     * @param target the batch's targets
     * @return a one-element tensor that {@code backward()} can be called on
     */
    Tensor compute(Tensor output, Tensor target);
}
