package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.CharRnn;
import java.util.List;

/**
 * SAMPLE: 1,000 characters drawn one at a time (batch 1) from the W5 model (LSTM 256 + Linear,
 * vocabulary 65), ms per 1,000 characters; see {@link CharRnn#sample}.
 */
public final class CharRnnSampleWorkload implements Workload {
    @Override public String id() { return "SAMPLE"; }

    @Override public String description() {
        return "sample 1000 characters one at a time, batch 1, from the W5 model (LSTM cell, no grad)";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS; }

    @Override public List<String> params() { return List.of("chars=1000,hidden=256"); }

    @Override
    public Task prepare(Params params) {
        CharRnn model = new CharRnn(true, 42);
        int chars = params.getInt("chars");
        return Task.keeping(() -> model.sample(chars, 7));
    }
}
