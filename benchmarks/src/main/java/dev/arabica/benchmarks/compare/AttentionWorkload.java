package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.AttentionStep;
import java.util.List;

/** W7: multi-head self-attention block forward + backward, ms/step (see {@link AttentionStep}). */
public final class AttentionWorkload implements Workload {
    @Override public String id() { return "W7"; }

    @Override public String description() {
        return "multi-head self-attention (batch_first, no dropout): forward + backward with a fixed upstream gradient";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS_PER_STEP; }

    @Override public List<String> params() { return List.of("batch=16,seq=64,dmodel=128,heads=4"); }

    @Override
    public Task prepare(Params params) {
        AttentionStep step = new AttentionStep(params.getInt("batch"), params.getInt("seq"), params.getInt("dmodel"),
                params.getInt("heads"), 42);
        return Task.keeping(step::step);
    }
}
