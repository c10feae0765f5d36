package dev.arabica.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hyperparameters of one parameter group of an optimizer: an immutable record per optimizer
 * ({@link SGD.Options}, {@link Adam.Options}, ...) whose constructor validates every value.
 *
 * <p>{@link #toMap()} and {@link #fromMap(Map)} translate to and from PyTorch's names
 * ({@code lr}, {@code momentum}, {@code weight_decay}, {@code betas}, ...) for
 * {@link Optimizer#stateDict()}; booleans are 0/1 and {@code betas} has two values.
 *
 * @param <O> the record itself, so that {@link #withLr} and {@link #fromMap} return it without casts
 */
public interface OptimizerOptions<O extends OptimizerOptions<O>> {

    /** The learning rate. */
    double lr();

    /** A copy with another learning rate (validated like the constructor). */
    O withLr(double lr);

    /** Every hyperparameter by its PyTorch name, in a fixed order. */
    LinkedHashMap<String, double[]> toMap();

    /**
     * Options of the same type built from {@code values}, which must hold exactly the names of
     * {@link #toMap()}; validated like the constructor.
     */
    O fromMap(Map<String, double[]> values);
}
