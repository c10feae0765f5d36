package dev.arabica.benchmarks.compare;

import java.util.List;
import java.util.Optional;

/**
 * The registry of comparison workloads, in table order. Adding a workload is one class
 * implementing {@link Workload} plus one line here (and its twin in {@code compare_torch.py}).
 */
public final class Workloads {
    private static final String NEEDS_TENSOR = "needs the Tensor API; source in benchmarks/pending/";

    private static final List<Workload> ALL = List.of(
            new GemmWorkload(),
            // When Tensor lands: move pending/.../compare/MlpStepWorkload.java in and use `new MlpStepWorkload()`.
            Workload.pending("W2", "MLP 784-256-128-10 ReLU, cross-entropy, SGD lr 0.01: one step",
                    Metric.MILLISECONDS_PER_STEP, NEEDS_TENSOR, "batch=64", "batch=1024"),
            // When Tensor lands: `new ElementwiseWorkload()`.
            Workload.pending("EW", "elementwise a.add(b), a.mul(b), a.exp() on 1M floats (allocating)",
                    Metric.MILLISECONDS, NEEDS_TENSOR,
                    "op=add,n=1048576", "op=mul,n=1048576", "op=exp,n=1048576"),
            // When Tensor lands: `new ReductionWorkload()`.
            Workload.pending("RED", "x.sum() and x.softmax(1) over [1024, 1024]",
                    Metric.MILLISECONDS, NEEDS_TENSOR,
                    "op=sum,shape=1024x1024", "op=softmax,dim=1,shape=1024x1024"));

    private Workloads() {}

    public static List<Workload> all() {
        return ALL;
    }

    public static Optional<Workload> byId(String id) {
        return ALL.stream().filter(w -> w.id().equalsIgnoreCase(id)).findFirst();
    }
}
