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

/** W2: one MLP 784-256-128-10 SGD step (see {@link MlpStep}); PENDING (needs Tensor). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpStepBenchmark {

    @Param({"64", "1024"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private MlpStep mlp;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        mlp = new MlpStep(batch, 42);
    }

    @Benchmark
    public float step() {
        return mlp.step();
    }
}
