package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Losses;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A task that fails is retried by Spark, and the step's result is bitwise what it is without the
 * failure. {@code local[2,2]}: two threads, a task may fail once and is then retried.
 */
class FaultToleranceTest {
    private static JavaSparkContext sc;
    /** Failures injected (the local executor runs in this JVM, so a static counter sees them). */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = SparkTestSupport.context("local[2,2]");
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    /**
     * Cross-entropy that throws in the first attempt of every task of partition 1, after the
     * forward pass (the executor's model copy is then left mid-step, with stale activations).
     */
    private static final SparkLoss FAILS_FIRST_ATTEMPT = (out, y) -> {
        Tensor loss = Losses.crossEntropy(out, y);
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure in the first attempt of task " + task.taskAttemptId());
        }
        return loss;
    };

    private static StateArrays train(SparkLoss loss, TrainingMode mode, JavaRDD<Example> data) {
        SparkTrainer trainer = new SparkTrainer(sc, SparkTestSupport.mlpWithDropout(16, 0.2), loss,
                m -> new Adam(m.parameters(), Adam.Options.lr(1e-3)), ExampleFormat.classification(784))
                .batchSize(100).order(EpochOrder.shuffled(4)).mode(mode).seed(3);
        trainer.fit(data, null, 1);
        assertEquals(3, trainer.step());
        return StateArrays.of(trainer.model().stateDict());
    }

    @Test
    void aRetriedTaskGivesBitwiseTheSameSynchronousSteps() {
        TensorDataset data = SparkTestSupport.fashion(300);
        JavaRDD<Example> rdd = Examples.parallelize(sc, data, 2);
        StateArrays clean = train(SparkTestSupport.CROSS_ENTROPY, TrainingMode.synchronous(), rdd);
        INJECTED.set(0);
        StateArrays faulty = train(FAILS_FIRST_ATTEMPT, TrainingMode.synchronous(), rdd);
        assertEquals(3, INJECTED.get(), "one failure per step");
        assertTrue(faulty.sameBits(clean), "a retried task changed the result");
    }

    @Test
    void aRetriedTaskGivesBitwiseTheSameAveragingRound() {
        TensorDataset data = SparkTestSupport.fashion(300);
        JavaRDD<Example> rdd = Examples.parallelize(sc, data, 2);
        StateArrays clean = train(SparkTestSupport.CROSS_ENTROPY, TrainingMode.parameterAveraging(2), rdd);
        INJECTED.set(0);
        StateArrays faulty = train(FAILS_FIRST_ATTEMPT, TrainingMode.parameterAveraging(2), rdd);
        assertEquals(2, INJECTED.get(), "one failure per round (rounds of 2 and 1 batches)");
        assertTrue(faulty.sameBits(clean), "a retried task changed the result");
    }
}
