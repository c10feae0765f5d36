package dev.arabica.benchmarks;

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

/** R18: ResNet-18 inference latency on one 3x224x224 image (see {@link ResNet18Forward}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ResNet18Benchmark {

    @Param({"1", "2"})
    public int threads;

    private ResNet18Forward net;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        net = new ResNet18Forward(1, 42);
    }

    @Benchmark
    public Tensor forward() {
        return net.forward();
    }
}
