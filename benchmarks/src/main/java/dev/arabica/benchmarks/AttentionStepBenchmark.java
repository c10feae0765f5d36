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

/** W7: multi-head self-attention forward + backward (see {@link AttentionStep}), batch 16, sequence 64, d_model 128, 4 heads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttentionStepBenchmark {

    @Param({"16"})
    public int batch;

    @Param({"64"})
    public int seq;

    @Param({"128"})
    public int dModel;

    @Param({"4"})
    public int heads;

    @Param({"1", "2"})
    public int threads;

    private AttentionStep step;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        step = new AttentionStep(batch, seq, dModel, heads, 42);
    }

    @Benchmark
    public float step() {
        return step.step();
    }
}
