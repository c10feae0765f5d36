package dev.arabica.benchmarks;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm1d;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.optim.SGD;
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
 * One SGD training step of {@code Linear(784, 512) -> BatchNorm1d(512) -> ReLU -> Linear(512, 10)}
 * with cross-entropy on integer labels: the step that exercises nn's fused batch norm and
 * cross-entropy kernels (zero grads, forward, backward, update).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NormStepBenchmark {

    @Param({"64", "1024"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor labels;
    private Sequential model;
    private SGD optimizer;

    @Setup(Level.Trial)
    public void setUp() {
        ArabicaThreads.require(threads);
        Generator generator = new Generator(42);
        x = Tensor.randn(generator, batch, 784);
        labels = Tensor.randint(generator, 0, 10, batch);
        model = new Sequential(new Linear(784, 512, generator), new BatchNorm1d(512), new ReLU(),
                new Linear(512, 10, generator));
        optimizer = new SGD(model.parameters(), 0.01);
    }

    @Benchmark
    public float step() {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels);
        loss.backward();
        optimizer.step();
        return loss.item();
    }
}
