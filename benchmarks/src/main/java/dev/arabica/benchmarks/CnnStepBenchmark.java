package dev.arabica.benchmarks;

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

/** W3 (LeNet-5, batch 64) and W4 (small CIFAR CNN, batch 32): one SGD training step (see {@link CnnStep}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CnnStepBenchmark {

    @Param({"W3", "W4"})
    public String workload;

    @Param({"1", "2"})
    public int threads;

    private CnnStep step;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        step = workload.equals("W3") ? CnnStep.lenet(64, 42) : CnnStep.cifar(32, 42);
    }

    @Benchmark
    public float step() {
        return step.step();
    }
}
