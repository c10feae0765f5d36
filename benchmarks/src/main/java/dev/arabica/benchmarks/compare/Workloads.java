package dev.arabica.benchmarks.compare;

import java.util.List;
import java.util.Optional;

/**
 * The registry of comparison workloads, in table order. Adding a workload is one class
 * implementing {@link Workload} plus one line here (and its twin in {@code compare_torch.py}).
 */
public final class Workloads {
    private static final List<Workload> ALL = List.of(
            new GemmWorkload(),
            new MlpStepWorkload(),
            new FashionMlpEpochWorkload(),
            CnnStepWorkload.lenet(),
            CnnStepWorkload.cifar(),
            new ResNet18Workload(),
            new ElementwiseWorkload(),
            new ReductionWorkload(),
            CharRnnWorkload.lstm(),
            CharRnnWorkload.gru(),
            new CharRnnSampleWorkload(),
            new AttentionWorkload());

    private Workloads() {}

    public static List<Workload> all() {
        return ALL;
    }

    public static Optional<Workload> byId(String id) {
        return ALL.stream().filter(w -> w.id().equalsIgnoreCase(id)).findFirst();
    }
}
