package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.CnnStep;
import java.util.List;

/** W3 (LeNet-5) and W4 (small CIFAR CNN): one SGD training step, ms/step (see {@link CnnStep}). */
public final class CnnStepWorkload implements Workload {
    private final String id;

    private CnnStepWorkload(String id) {
        this.id = id;
    }

    /** W3: LeNet-5, batch 64. */
    public static CnnStepWorkload lenet() {
        return new CnnStepWorkload("W3");
    }

    /** W4: small CIFAR CNN, batch 32. */
    public static CnnStepWorkload cifar() {
        return new CnnStepWorkload("W4");
    }

    @Override public String id() { return id; }

    @Override public String description() {
        return id.equals("W3")
                ? "LeNet-5 1x28x28, conv 6@5x5 p2, pool, conv 16@5x5, pool, fc 400-120-84-10, cross-entropy, SGD: one step"
                : "CIFAR CNN 3x32x32, conv 32@3x3 p1, pool, conv 64@3x3 p1, pool, fc 4096-128-10, cross-entropy, SGD: one step";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS_PER_STEP; }

    @Override public List<String> params() { return List.of(id.equals("W3") ? "batch=64" : "batch=32"); }

    @Override
    public Task prepare(Params params) {
        int batch = params.getInt("batch");
        CnnStep step = id.equals("W3") ? CnnStep.lenet(batch, 42) : CnnStep.cifar(batch, 42);
        return Task.keeping(step::step);
    }
}
