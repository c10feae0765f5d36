package dev.arabica.spark;

import dev.arabica.nn.train.LossFunction;
import java.io.Serializable;

/**
 * A {@link LossFunction} that can be shipped to executors: a method reference or lambda whose target
 * type is this interface is serializable, e.g. {@code SparkLoss loss = Losses::crossEntropy;}. It
 * must be a mean over the batch's examples: each partition's loss and gradient are weighted by its
 * example count, which makes the combined gradient the gradient of the mean over the global batch.
 */
@FunctionalInterface
public interface SparkLoss extends LossFunction, Serializable {}
