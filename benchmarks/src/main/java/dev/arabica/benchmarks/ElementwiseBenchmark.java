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

/** EW: allocating {@code a.add(b)}, {@code a.mul(b)}, {@code a.exp()} on 1M floats; PENDING (needs Tensor). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {

    @Param({"add", "mul", "exp"})
    public String op;

    @Param({"1048576"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private Tensor a;
    private Tensor b;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        Generator generator = new Generator(42);
        a = Tensor.randn(generator, n);
        b = Tensor.randn(generator, n);
    }

    @Benchmark
    public Tensor run() {
        return switch (op) {
            case "add" -> a.add(b);
            case "mul" -> a.mul(b);
            case "exp" -> a.exp();
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
