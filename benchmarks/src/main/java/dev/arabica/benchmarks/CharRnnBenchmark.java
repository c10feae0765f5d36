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

/**
 * W5/W6 and sampling (see {@link CharRnn}): one char-RNN training step with an LSTM ({@code cell=lstm},
 * W5) or a GRU ({@code cell=gru}, W6), and 1,000 characters sampled one at a time from the LSTM model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CharRnnBenchmark {
    @Param({"lstm", "gru"})
    public String cell;

    @Param({"1", "2"})
    public int threads;

    private CharRnn model;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        model = new CharRnn("lstm".equals(cell), 42);
    }

    /** W5 ({@code cell=lstm}) or W6 ({@code cell=gru}). */
    @Benchmark
    public float trainStep() {
        return model.trainStep();
    }

    /** 1,000 characters, batch 1, one step at a time (the LSTM model for {@code cell=lstm}). */
    @Benchmark
    public int[] sample1000() {
        return model.sample(1000, 7);
    }
}
