package dev.arabica.benchmarks.compare;

import java.util.function.Supplier;

/** One prepared measurement: inputs are allocated, {@link #run()} is the timed call. */
public interface Task {
    /** The operation being timed. Must leave its result reachable (a field, an array) so it is not dead code. */
    void run();

    /** Floating-point operations per {@link #run()} call; only needed for {@link Metric#GFLOPS}. */
    default double flops() {
        return 0;
    }

    /**
     * A task that calls {@code op} and keeps the latest result in a field, so the JIT cannot drop
     * the call as dead code (for ops that return a new tensor, e.g. {@code () -> a.add(b)}).
     */
    static Task keeping(Supplier<?> op) {
        return new Task() {
            private Object last;

            @Override
            public void run() {
                last = op.get();
            }

            @Override
            public String toString() {
                return "Task(last=" + (last == null ? "null" : last.getClass().getSimpleName()) + ")";
            }
        };
    }
}
