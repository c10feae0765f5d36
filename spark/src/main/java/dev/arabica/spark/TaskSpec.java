package dev.arabica.spark;

import java.io.Serializable;

/**
 * What every task of a training run needs besides the parameters: shipped (Java-serialized by
 * Spark's closure serializer) with each task. It holds only the user's serializable factories and
 * loss, the example format and a few numbers.
 *
 * @param runId identifies the training run, so that executor threads reuse their model copy only within it
 * @param optimizerFactory used on executors with parameter averaging only
 * @param loss the loss; null for an evaluation without loss
 * @param seed base seed of the per-step, per-partition dropout seeds
 * @param clipNorm the gradient-norm clip of local steps (parameter averaging), or NaN
 * @param collectOutputs whether tasks send outputs and targets back for the driver's metrics
 */
record TaskSpec(String runId, ModelFactory modelFactory, OptimizerFactory optimizerFactory, SparkLoss loss, ExampleFormat format,
        long seed, double clipNorm, boolean collectOutputs) implements Serializable {

    /** This spec with outputs collected or not. */
    TaskSpec withOutputs(boolean collect) {
        return new TaskSpec(runId, modelFactory, optimizerFactory, loss, format, seed, clipNorm, collect);
    }
}
