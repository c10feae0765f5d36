package dev.arabica.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one partition's task sends back: how many examples it used, the sum of their losses, float
 * arrays to be averaged with the example count as weight (gradients, parameters, buffers, optimizer
 * moments), int64 arrays to be combined by maximum (step counters, {@code num_batches_tracked}) and,
 * when the driver computes metrics, the model's outputs and the targets of those examples.
 * Values are float32 as computed: the bytes sent are 4 per parameter (see docs/scale-out.md).
 */
final class Contribution implements Partial, Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final long examples;
    final double lossSum;
    final Map<String, float[]> values = new LinkedHashMap<>();
    final Map<String, long[]> maxima = new LinkedHashMap<>();
    final Outputs outputs;

    Contribution(int partition, long examples, double lossSum, Outputs outputs) {
        this.partition = partition;
        this.examples = examples;
        this.lossSum = lossSum;
        this.outputs = outputs;
    }

    /** A partition that had no example for this piece of work. */
    static Contribution empty(int partition) {
        return new Contribution(partition, 0, 0, null);
    }

    @Override
    public int first() {
        return partition;
    }

    @Override
    public void addTo(Accumulator acc) {
        acc.add(this);
    }
}
