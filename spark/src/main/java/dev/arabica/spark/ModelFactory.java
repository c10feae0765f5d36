package dev.arabica.spark;

import dev.arabica.nn.Dropout;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.Seeds;
import java.io.Serializable;

/**
 * Builds the model, on the driver and on every executor. This is how a model reaches the cluster:
 * the factory (a serializable lambda or class, e.g.
 * {@code () -> new Sequential(new Linear(784, 128, new Generator(1)), new ReLU(), new Linear(128, 10, new Generator(2)))})
 * is shipped with the tasks, each executor builds its own copy once per task thread, and the
 * parameters travel separately as float arrays ({@link StateArrays}), copied into that copy before
 * every piece of work. No module object is ever Java-serialized.
 *
 * <p>Every call must build the same architecture: the same state-dict names and shapes, the same
 * trainable parameters in the same order. The initial values do not matter on executors (they are
 * overwritten); the driver's model, built by the first call, holds the weights training starts from.
 *
 * <p>A model's state must live in its state dict (parameters and buffers) apart from random
 * generators, which {@link #reseed} sets before each step so that a retried task draws the same
 * numbers as the failed attempt.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {

    /** A new model. Called on the driver once and on each executor thread once per training run. */
    Module create();

    /**
     * Makes the model's randomness a function of {@code seed}, called on an executor before each
     * local step with a seed derived from the trainer's seed, the step and the partition. The
     * default re-seeds every {@link Dropout} module's generator (with {@link Seeds#derive
     * Seeds.derive(seed, i)} for the i-th dropout module in {@code namedModules()} order); override
     * it for other random layers.
     */
    default void reseed(Module model, long seed) {
        int i = 0;
        for (Module m : model.namedModules().values()) {
            if (m instanceof Dropout d) d.generator().setState(new dev.arabica.core.Generator(Seeds.derive(seed, i++)).state());
        }
    }
}
