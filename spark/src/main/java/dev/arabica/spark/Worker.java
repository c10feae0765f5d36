package dev.arabica.spark;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.StateDictException;
import dev.arabica.optim.Optimizer;
import java.lang.ref.SoftReference;
import java.util.List;

/**
 * An executor thread's copy of the model (and, for parameter averaging, of the optimizer), built
 * by the run's {@link ModelFactory} on the thread's first task of a run and reused by its later
 * tasks: every task first copies the broadcast state into it, so what a previous (perhaps failed)
 * task left in it does not matter. Held softly, so an idle executor can drop it under memory
 * pressure; a later task then builds a new one.
 */
final class Worker {
    private static final ThreadLocal<SoftReference<Worker>> CURRENT = new ThreadLocal<>();

    final String runId;
    final Module model;
    /** {@code model.parameters()}: gradient {@code grad.<i>} belongs to the i-th. */
    final List<Tensor> params;
    private Optimizer<?> optimizer;

    private Worker(String runId, Module model) {
        this.runId = runId;
        this.model = model;
        this.params = model.parameters();
    }

    /** This thread's worker for {@code spec}'s run, built if missing. */
    static Worker get(TaskSpec spec) {
        SoftReference<Worker> ref = CURRENT.get();
        Worker w = ref == null ? null : ref.get();
        if (w == null || !w.runId.equals(spec.runId())) {
            Module model = spec.modelFactory().create();
            if (model == null) throw new IllegalStateException("SparkTrainer: the ModelFactory returned null on an executor");
            w = new Worker(spec.runId(), model);
            CURRENT.set(new SoftReference<>(w));
        }
        return w;
    }

    /** The worker's optimizer over its model, built with {@code factory} on first use. */
    Optimizer<?> optimizer(OptimizerFactory factory) {
        if (optimizer == null) {
            optimizer = factory.create(model);
            if (optimizer == null) throw new IllegalStateException("SparkTrainer: the OptimizerFactory returned null on an executor");
        }
        return optimizer;
    }

    /** Copies {@code state} (read only) into the model, strictly. */
    void load(StateArrays state) {
        try {
            model.loadStateDict(state.tensors());
        } catch (StateDictException e) {
            throw new IllegalStateException("SparkTrainer: the model the ModelFactory built on this executor does not match the driver's: "
                    + e.getMessage(), e);
        }
    }
}
