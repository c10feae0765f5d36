package dev.arabica.benchmarks.compare;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;

/** RED: {@code x.sum()} and {@code x.softmax(dim)} over [1024, 1024], ms per call. PENDING (needs Tensor). */
public final class ReductionWorkload implements Workload {
    @Override public String id() { return "RED"; }

    @Override public String description() { return "x.sum() and x.softmax(1) over [1024, 1024]"; }

    @Override public Metric metric() { return Metric.MILLISECONDS; }

    @Override
    public List<String> params() {
        return List.of("op=sum,shape=1024x1024", "op=softmax,dim=1,shape=1024x1024");
    }

    @Override
    public Task prepare(Params params) {
        Tensor x = Tensor.randn(new Generator(42), params.getShape("shape"));
        return switch (params.get("op")) {
            case "sum" -> Task.keeping(x::sum);
            case "softmax" -> {
                int dim = params.getInt("dim");
                yield Task.keeping(() -> x.softmax(dim));
            }
            default -> throw new IllegalArgumentException("unknown op in " + params);
        };
    }
}
