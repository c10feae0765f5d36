package dev.arabica.spark;

import java.io.Serializable;

/**
 * How {@link SparkTrainer} spreads a step over the partitions.
 *
 * <ul>
 *   <li>{@link #synchronous()}: every global batch is one Spark job. The driver broadcasts the
 *       parameters; each partition computes the gradient of the mean loss over its share of the
 *       batch; the gradients are summed weighted by the shares' sizes (so the result is the
 *       gradient of the mean loss over the whole global batch, the same math as one machine up to
 *       summation order) and the driver's optimizer steps. Float buffers (batch norm's running
 *       statistics) become the example-weighted mean of the partitions' updated buffers, int64
 *       buffers their maximum. Traffic per step: the parameters down and one gradient up per
 *       partition.</li>
 *   <li>{@link #parameterAveraging(int)}: DL4J's {@code ParameterAveragingTrainingMaster}. The
 *       driver broadcasts parameters and optimizer state; each partition takes {@code localSteps}
 *       optimizer steps of its own on its shares of the next {@code localSteps} global batches,
 *       without communicating; then parameters, buffers and the optimizer's per-parameter moments
 *       are averaged weighted by the examples each partition used (step counters take the
 *       maximum), and the driver's model and optimizer are set to the averages. One job per
 *       {@code localSteps} batches: less traffic for slow networks, at the price of partitions
 *       drifting apart between averages. With {@code localSteps = 1} and plain SGD it equals
 *       synchronous training.</li>
 * </ul>
 */
public final class TrainingMode implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int localSteps;

    private TrainingMode(int localSteps) {
        this.localSteps = localSteps;
    }

    /** Gradient all-reduce every global batch (the default). */
    public static TrainingMode synchronous() {
        return new TrainingMode(0);
    }

    /** Local steps on every partition, parameters averaged every {@code localSteps} global batches. */
    public static TrainingMode parameterAveraging(int localSteps) {
        if (localSteps < 1) throw new IllegalArgumentException("TrainingMode.parameterAveraging: localSteps must be >= 1, got " + localSteps);
        return new TrainingMode(localSteps);
    }

    public boolean isSynchronous() {
        return localSteps == 0;
    }

    /** The global batches between two averages (1 for synchronous training). */
    public int batchesPerJob() {
        return Math.max(1, localSteps);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainingMode m && m.localSteps == localSteps;
    }

    @Override
    public int hashCode() {
        return localSteps;
    }

    @Override
    public String toString() {
        return isSynchronous() ? "synchronous" : "parameter averaging every " + localSteps + " steps";
    }
}
