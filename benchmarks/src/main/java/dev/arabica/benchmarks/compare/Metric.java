package dev.arabica.benchmarks.compare;

/**
 * What a comparison row reports, and which direction is better. The names are the ones printed
 * in the table and CSV, and must match {@code METRICS} in {@code benchmarks/compare_torch.py}.
 */
public enum Metric {
    /** Milliseconds per call of the operation. */
    MILLISECONDS("ms", false),
    /** Milliseconds per training step (zero_grad + forward + backward + update). */
    MILLISECONDS_PER_STEP("ms/step", false),
    /** Billions of floating-point operations per second, from the task's flop count. */
    GFLOPS("GFLOP/s", true),
    SECONDS_PER_EPOCH("s/epoch", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() {
        return label;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Converts a median time per call into this metric. */
    public double fromSeconds(double secondsPerCall, double flopsPerCall) {
        return switch (this) {
            case MILLISECONDS, MILLISECONDS_PER_STEP -> secondsPerCall * 1e3;
            case SECONDS_PER_EPOCH -> secondsPerCall;
            case GFLOPS -> {
                if (!(flopsPerCall > 0)) {
                    throw new IllegalStateException("a GFLOP/s metric needs the task's flop count");
                }
                yield flopsPerCall / secondsPerCall * 1e-9;
            }
        };
    }
}
