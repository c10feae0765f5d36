package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.ResNet18Forward;
import java.util.List;

/** R18: ResNet-18 inference on one 224x224 image, ms (see {@link ResNet18Forward}). */
public final class ResNet18Workload implements Workload {
    @Override public String id() { return "R18"; }

    @Override public String description() {
        return "ResNet-18 forward (eval, no grad), 3x224x224";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS; }

    @Override public List<String> params() { return List.of("batch=1"); }

    @Override
    public Task prepare(Params params) {
        ResNet18Forward net = new ResNet18Forward(params.getInt("batch"), 42);
        return Task.keeping(net::forward);
    }
}
