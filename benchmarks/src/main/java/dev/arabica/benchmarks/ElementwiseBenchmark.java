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

/**
 * EW: {@code a.add(b)}, {@code a.mul(b)}, {@code a.exp()} on 1M floats, allocating the result
 * ({@code add}) or into a reused buffer ({@code add_out}: {@code a.add(b, out)}); run with
 * {@code -prof gc} to see the bytes per call of each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ElementwiseBenchmark {

    @Param({"add", "mul", "exp", "add_out", "mul_out", "exp_out"})
    public String op;

    @Param({"1048576"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private Tensor a;
    private Tensor b;
    private Tensor out;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        Generator generator = new Generator(42);
        a = Tensor.randn(generator, n);
        b = Tensor.randn(generator, n);
        out = Tensor.zeros(n);
    }

    @Benchmark
    public Tensor run() {
        return switch (op) {
            case "add" -> a.add(b);
            case "mul" -> a.mul(b);
            case "exp" -> a.exp();
            case "add_out" -> a.add(b, out);
            case "mul_out" -> a.mul(b, out);
            case "exp_out" -> a.exp(out);
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }
}
