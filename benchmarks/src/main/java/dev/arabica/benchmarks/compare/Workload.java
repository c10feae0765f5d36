package dev.arabica.benchmarks.compare;

import java.util.List;

/**
 * One comparison workload (W1, W2, EW, ...): a list of parameter cases, each measured in one metric.
 * The PyTorch twin is registered under the same id, with the same parameter strings, in
 * {@code benchmarks/compare_torch.py}; rows are matched on (id, params, threads, metric).
 */
public interface Workload {
    /** Short id used on the command line and in the table, e.g. {@code W1}. */
    String id();

    String description();

    Metric metric();

    /** Parameter strings, e.g. {@code n=64}; keys and values are workload specific. */
    List<String> params();

    /** Whether Arabica can run it yet; if not, the comparison reports NA for each case. */
    default boolean available() {
        return true;
    }

    /** Allocates and fills the inputs of one case (not timed) and returns the timed task. */
    Task prepare(Params params);

    /**
     * A workload whose Java side waits for an API that does not exist yet: it is listed, and its
     * cases show NA in the Arabica column. The source to enable lives in {@code benchmarks/pending/}.
     */
    static Workload pending(String id, String description, Metric metric, String reason, String... params) {
        List<String> cases = List.of(params);
        return new Workload() {
            @Override public String id() { return id; }
            @Override public String description() { return description + " [pending: " + reason + "]"; }
            @Override public Metric metric() { return metric; }
            @Override public List<String> params() { return cases; }
            @Override public boolean available() { return false; }
            @Override public Task prepare(Params p) {
                throw new UnsupportedOperationException(id + " is pending: " + reason);
            }
        };
    }
}
