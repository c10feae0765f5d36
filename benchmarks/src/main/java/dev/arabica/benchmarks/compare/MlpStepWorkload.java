package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.MlpStep;
import java.util.List;

/** W2: one MLP 784-256-128-10 SGD step, ms/step (see {@link MlpStep}). */
public final class MlpStepWorkload implements Workload {
    @Override public String id() { return "W2"; }

    @Override public String description() {
        return "MLP 784-256-128-10 ReLU, cross-entropy, SGD lr 0.01: one step";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS_PER_STEP; }

    @Override public List<String> params() { return List.of("batch=64", "batch=1024"); }

    @Override
    public Task prepare(Params params) {
        MlpStep mlp = new MlpStep(params.getInt("batch"), 42);
        return Task.keeping(mlp::step);
    }
}
