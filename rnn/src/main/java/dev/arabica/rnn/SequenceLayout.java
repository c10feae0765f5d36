package dev.arabica.rnn;

/**
 * Where the row of time step {@code t}, batch element {@code b} sits in a {@code [T*B, features]}
 * array: row {@code t * timeStride + b * batchStride}. Time-major ({@code [T, B, F]}) storage has
 * strides {@code (B, 1)}, batch-major ({@code [B, T, F]}) storage {@code (1, T)}. Both keep each
 * row's features contiguous, so one GEMM covers all rows whatever the order.
 */
record SequenceLayout(int timeStride, int batchStride) {
    static SequenceLayout timeMajor(int batch) {
        return new SequenceLayout(batch, 1);
    }

    static SequenceLayout batchMajor(int steps) {
        return new SequenceLayout(1, steps);
    }

    static SequenceLayout of(boolean batchMajor, int steps, int batch) {
        return batchMajor ? batchMajor(steps) : timeMajor(batch);
    }

    int row(int t, int b) {
        return t * timeStride + b * batchStride;
    }

    /** True if row {@code s * batch + b} is the row of {@code (s, b)} (time-major order). */
    boolean isTimeMajor(int steps, int batch) {
        return (steps <= 1 || timeStride == batch) && (batch <= 1 || batchStride == 1);
    }
}
