package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.CharRnn;
import java.util.List;

/** W5 (LSTM) and W6 (GRU): one char-RNN training step, ms/step; see {@link CharRnn}. */
public final class CharRnnWorkload implements Workload {
    private final boolean lstm;

    private CharRnnWorkload(boolean lstm) {
        this.lstm = lstm;
    }

    public static CharRnnWorkload lstm() {
        return new CharRnnWorkload(true);
    }

    public static CharRnnWorkload gru() {
        return new CharRnnWorkload(false);
    }

    @Override public String id() { return lstm ? "W5" : "W6"; }

    @Override public String description() {
        return "char-RNN " + (lstm ? "LSTM" : "GRU") + " train step: one-hot vocab 65, hidden 256, seq 64, batch 32, "
                + "Linear 256->65, cross-entropy over all steps, Adam lr 2e-3, full BPTT";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS_PER_STEP; }

    @Override public List<String> params() { return List.of("vocab=65,hidden=256,seq=64,batch=32"); }

    @Override
    public Task prepare(Params params) {
        CharRnn model = new CharRnn(lstm, 42);
        return Task.keeping(model::trainStep);
    }
}
