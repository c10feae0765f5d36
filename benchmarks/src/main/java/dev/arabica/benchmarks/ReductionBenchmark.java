package dev.arabica.benchmarks;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** RED: {@code x.sum()} and {@code x.softmax(1)} over [1024, 1024]; PENDING (needs Tensor). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ReductionBenchmark {

    @Param({"sum", "softmax"})
    public String op;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        x = Tensor.randn(new Generator(42), 1024, 1024);
    }

    @Benchmark
    public Tensor run() {
        return switch (op) {
            case "sum" -> x.sum();
            case "softmax" -> x.softmax(1);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
