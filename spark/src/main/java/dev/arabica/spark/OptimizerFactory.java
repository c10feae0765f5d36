package dev.arabica.spark;

import dev.arabica.nn.Module;
import dev.arabica.optim.Optimizer;
import java.io.Serializable;

/**
 * Builds the optimizer over a model's parameters, e.g.
 * {@code model -> new SGD(model.parameters(), SGD.Options.lr(0.1).withMomentum(0.9))}. The driver's
 * optimizer takes the steps of synchronous training; with parameter averaging every executor also
 * builds one over its copy of the model and loads the driver's optimizer state into it (see
 * {@link TrainingMode}). Every call must build the same kind of optimizer with the same groups.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {

    /** A new optimizer over {@code model}'s parameters. */
    Optimizer<?> create(Module model);
}
