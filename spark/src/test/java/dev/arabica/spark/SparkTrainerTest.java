package dev.arabica.spark;

import static dev.arabica.spark.SparkTestSupport.CROSS_ENTROPY;
import static dev.arabica.spark.SparkTestSupport.maxRelativeDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.MonitorMode;
import dev.arabica.optim.Adam;
import dev.arabica.optim.Optimizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a local[2] Spark context against single-machine references (one context for the class). */
class SparkTrainerTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestSupport.context("local[2]");
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    private static SparkTrainer trainer(ModelFactory factory, OptimizerFactory optimizer) {
        return new SparkTrainer(sc, factory, CROSS_ENTROPY, optimizer, ExampleFormat.classification(784));
    }

    @Test
    void synchronousTrainingMatchesOneMachineOnTheSameGlobalBatches() {
        TensorDataset data = SparkTestSupport.fashion(1000);
        EpochOrder order = EpochOrder.shuffled(7);
        OptimizerFactory sgd = SparkTestSupport.sgd(0.1, 0.9);
        // three partitions of 333, 333, 334 examples, 8 global batches per epoch (the last one of 104)
        SparkTrainer trainer = trainer(SparkTestSupport.mlp(32), sgd).batchSize(128).order(order);
        History history = trainer.fit(Examples.parallelize(sc, data, 3), null, 1);
        Module reference = SparkTestSupport.trainLocally(SparkTestSupport.mlp(32), sgd, data, order, 128, 1);

        assertEquals(8, trainer.step());
        double diff = maxRelativeDifference(trainer.model(), reference);
        double moved = maxRelativeDifference(SparkTestSupport.mlp(32).create(), reference);
        assertTrue(diff < 1e-6, "Spark vs one machine: " + diff); // seen: 3e-8
        assertTrue(moved > 1e4 * 1e-6, "training moved the weights by " + moved);
        // the epoch's loss is the mean over its examples: one machine's losses at the same weights
        double loss = history.get("loss").get(0);
        assertTrue(loss > 0.5 && loss < 2.5, "loss " + loss);
    }

    @Test
    void theSameRunGivesTheSameBitsAndTheTreeOnlyChangesRounding() {
        TensorDataset data = SparkTestSupport.fashion(300);
        JavaRDD<Example> rdd = Examples.parallelize(sc, data, 6); // 6 partitions: the smallest count depth 2 makes a tree level for
        List<StateArrays> runs = new ArrayList<>();
        for (int depth : new int[] {2, 2, 1}) {
            SparkTrainer t = trainer(SparkTestSupport.mlp(16), m -> new Adam(m.parameters(), Adam.Options.lr(1e-3)))
                    .batchSize(100).order(EpochOrder.shuffled(3)).aggregationDepth(depth);
            t.fit(rdd, null, 1);
            runs.add(StateArrays.of(t.model().stateDict()));
        }
        assertTrue(runs.get(0).sameBits(runs.get(1)), "two identical runs differ");
        // depth 2 over 6 partitions sums in three groups of two: other rounding, same math
        Map<String, Tensor> tree = runs.get(0).tensors(), flat = runs.get(2).tensors();
        for (String key : tree.keySet()) assertTrue(tree.get(key).allClose(flat.get(key), 1e-4f, 1e-5f), key);
    }

    @Test
    void parameterAveragingWithOneLocalStepIsSynchronousSgd() {
        TensorDataset data = SparkTestSupport.fashion(512);
        JavaRDD<Example> rdd = Examples.parallelize(sc, data, 2);
        SparkTrainer sync = trainer(SparkTestSupport.mlp(16), SparkTestSupport.sgd(0.2, 0)).batchSize(64);
        SparkTrainer averaging = trainer(SparkTestSupport.mlp(16), SparkTestSupport.sgd(0.2, 0)).batchSize(64)
                .mode(TrainingMode.parameterAveraging(1));
        sync.fit(rdd, null, 1);
        averaging.fit(rdd, null, 1);
        assertEquals(8, averaging.step());
        double diff = maxRelativeDifference(averaging.model(), sync.model());
        assertTrue(diff < 1e-6, "averaging(1) vs synchronous: " + diff); // seen: 0
        assertTrue(maxRelativeDifference(sync.model(), SparkTestSupport.mlp(16).create()) > 1e-2);
    }

    @Test
    void parameterAveragingMatchesLocalStepsAveragedByHand() {
        TensorDataset data = SparkTestSupport.fashion(400);
        int batch = 50, localSteps = 3, partitions = 2;
        EpochOrder order = EpochOrder.shuffled(11);
        OptimizerFactory adam = m -> new Adam(m.parameters(), Adam.Options.lr(2e-3));
        SparkTrainer trainer = trainer(SparkTestSupport.mlp(16), adam).batchSize(batch).order(order)
                .mode(TrainingMode.parameterAveraging(localSteps));
        trainer.fit(Examples.parallelize(sc, data, partitions), null, 1);

        // reference: 8 batches = rounds of 3, 3, 2 local steps; partition p holds examples [200 p, 200 p + 200)
        Module model = SparkTestSupport.mlp(16).create();
        Optimizer<?> optimizer = adam.create(model);
        int n = data.size();
        for (int k = 0; k < 8; k += localSteps) {
            List<Map<String, Tensor>> states = new ArrayList<>(), optimizerStates = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                final int partition = p;
                Module local = SparkTestSupport.mlp(16).create();
                local.loadStateDict(model.stateDict());
                Optimizer<?> localOptimizer = adam.create(local);
                localOptimizer.loadStateDict(optimizer.stateDict());
                long count = 0;
                for (int j = k; j < Math.min(8, k + localSteps); j++) {
                    int[] mine = java.util.Arrays.stream(order.batchIndices(n, batch, 0, j)).filter(i -> i / 200 == partition).toArray();
                    if (mine.length == 0) continue;
                    TensorDataset b = data.subset(mine);
                    localOptimizer.zeroGrad();
                    Losses.crossEntropy(local.forward(b.x()), b.y()).backward();
                    localOptimizer.step();
                    count += mine.length;
                }
                states.add(local.stateDict());
                optimizerStates.add(localOptimizer.stateDict());
                counts.add(count);
            }
            model.loadStateDict(weightedMean(states, counts, Map.of()));
            optimizer.loadStateDict(weightedMean(optimizerStates, counts, optimizer.stateDict()));
        }
        // bitwise: the same local steps, and the same double sums in partition order
        assertTrue(StateArrays.of(trainer.model().stateDict()).sameBits(StateArrays.of(model.stateDict())),
                "Spark averaging vs averaging by hand: " + maxRelativeDifference(trainer.model(), model));
        Map<String, Tensor> sparkAdam = trainer.optimizer().stateDict(), handAdam = optimizer.stateDict();
        assertEquals(handAdam.keySet(), sparkAdam.keySet());
        assertEquals(8, sparkAdam.get("state.0.step").getLong()); // every partition took all 8 local steps
        assertTrue(StateArrays.of(handAdam).sameBits(StateArrays.of(sparkAdam)), "Adam's moments differ");
    }

    /** Float entries: weighted mean in double (partition order); int64: maximum; param_groups from {@code keep}. */
    private static Map<String, Tensor> weightedMean(List<Map<String, Tensor>> states, List<Long> counts, Map<String, Tensor> keep) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        for (String key : states.get(0).keySet()) {
            if (key.startsWith("param_groups.")) {
                out.put(key, keep.get(key));
                continue;
            }
            Tensor first = states.get(0).get(key);
            if (first.dtype() == dev.arabica.core.DType.INT64) {
                long max = Long.MIN_VALUE;
                for (Map<String, Tensor> s : states) max = Math.max(max, s.get(key).getLong());
                out.put(key, Tensor.ofLongs(new long[] {max}));
                continue;
            }
            double[] sum = new double[first.numel()];
            double weight = 0;
            for (int p = 0; p < states.size(); p++) {
                float[] v = states.get(p).get(key).toFloatArray();
                for (int i = 0; i < v.length; i++) sum[i] += (double) counts.get(p) * v[i];
                weight += counts.get(p);
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) mean[i] = (float) (sum[i] / weight);
            out.put(key, Tensor.of(mean, first.shape()));
        }
        return out;
    }

    @Test
    void executorsNeverWriteTheBroadcastState() {
        TensorDataset data = SparkTestSupport.fashion(200);
        TrainingData prepared = TrainingData.prepare(Examples.parallelize(sc, data, 2), ExampleFormat.classification(784),
                org.apache.spark.storage.StorageLevel.MEMORY_ONLY());
        try {
            JavaRDD<Shard> shards = prepared.shards(EpochOrder.sequential(), 0);
            Module model = SparkTestSupport.mlp(8).create();
            OptimizerFactory sgd = SparkTestSupport.sgd(0.5, 0.9);
            TaskSpec spec = new TaskSpec("broadcast-test", SparkTestSupport.mlp(8), sgd, CROSS_ENTROPY, ExampleFormat.classification(784),
                    0, Double.NaN, true);
            StateArrays params = StateArrays.of(model.stateDict()), before = StateArrays.of(model.stateDict());
            Optimizer<?> optimizer = sgd.create(model);
            Losses.crossEntropy(model.forward(data.x()), data.y()).backward();
            optimizer.step(); // the optimizer now has momentum buffers to broadcast too
            StateArrays optimizerState = StateArrays.of(optimizer.stateDict()), optimizerBefore = StateArrays.of(optimizer.stateDict());
            // in local mode the executors read these very objects
            Accumulator g = Jobs.gradients(sc, shards, spec, params, 0, 200, 0, 2);
            Accumulator a = Jobs.localSteps(sc, shards, spec, params, optimizerState, new double[] {0.5}, new long[] {0, 50, 100, 200}, 0, 2);
            assertTrue(params.sameBits(before), "a task wrote the broadcast parameters");
            assertTrue(optimizerState.sameBits(optimizerBefore), "a task wrote the broadcast optimizer state");
            assertEquals(200, g.examples());
            assertEquals(200, a.examples());
            assertFalse(java.util.Arrays.equals(a.mean("model.0.weight"), params.tensors().get("0.weight").toFloatArray()),
                    "local steps changed the executors' copies");
        } finally {
            prepared.release();
        }
    }

    @Test
    void metricsEvaluationProgressAndBestWeights(@TempDir Path dir) throws Exception {
        TensorDataset train = SparkTestSupport.fashion(600);
        TensorDataset dev = new TensorDataset(train.x().slice(0, 400, 600).contiguous(), train.y().slice(0, 400, 600).contiguous());
        CapturingLogger progress = new CapturingLogger();
        Path best = dir.resolve("best.safetensors");
        SparkTrainer trainer = trainer(SparkTestSupport.mlp(16), SparkTestSupport.sgd(0.1, 0.9)).batchSize(100)
                .metrics(Metrics.accuracy()).evalBatchSize(64)
                .callbacks(SparkProgress.to(progress, java.time.Duration.ZERO), SparkCheckpoint.bestWeights(best, "dev_loss", MonitorMode.AUTO));
        History h = trainer.fit(Examples.parallelize(sc, train, 2), Examples.parallelize(sc, dev, 3), 2);
        assertEquals(2, progress.lines.size(), "one summary per epoch: " + progress.lines);
        assertTrue(progress.lines.get(1).matches("epoch 2/2 \\d+\\.\\ds \\d+\\.\\d batches/s loss \\d\\.\\d{4} accuracy 0\\.\\d{4} "
                + "dev_loss \\d\\.\\d{4} dev_accuracy 0\\.\\d{4} lr 0\\.100"), progress.lines.get(1));
        // the weights of the best dev loss are on disk, loadable into a fresh model: the final ones if the last epoch was best
        Module reloaded = SparkTestSupport.mlp(16).create();
        ModelFiles.load(reloaded, best);
        boolean lastIsBest = h.get("dev_loss").get(1) < h.get("dev_loss").get(0);
        assertEquals(lastIsBest, StateArrays.of(reloaded.stateDict()).sameBits(StateArrays.of(trainer.model().stateDict())));
        assertEquals(List.of("loss", "accuracy", "dev_loss", "dev_accuracy", "lr"), new ArrayList<>(h.keys()));
        Map<String, Double> local = Evaluation.evaluate(trainer.model(), Losses::crossEntropy, DataLoader.of(dev).batchSize(200).epoch(0),
                List.of(Metrics.accuracy()));
        assertEquals(local.get("loss"), h.get("dev_loss").get(1), 1e-5);
        assertEquals(local.get("accuracy"), h.get("dev_accuracy").get(1), 0);
        assertTrue(h.get("accuracy").get(1) > 0.3 && h.get("accuracy").get(1) > h.get("accuracy").get(0), "training accuracy " + h.get("accuracy"));
        assertTrue(h.get("loss").get(1) < h.get("loss").get(0), "loss falls " + h.get("loss"));
        Map<String, Double> again = trainer.evaluate(Examples.parallelize(sc, dev, 1));
        assertEquals(local.get("loss"), again.get("loss"), 1e-5);
    }

    @Test
    void aResumedRunIsBitwiseTheUninterruptedOne(@TempDir Path dir) throws Exception {
        TensorDataset data = SparkTestSupport.fashion(300);
        JavaRDD<Example> rdd = Examples.parallelize(sc, data, 2);
        Path file = dir.resolve("run.safetensors");
        ModelFactory dropout = SparkTestSupport.mlpWithDropout(16, 0.3);
        OptimizerFactory adam = m -> new Adam(m.parameters(), Adam.Options.lr(1e-3));
        SparkTrainer straight = trainer(dropout, adam).batchSize(64).order(EpochOrder.shuffled(1)).seed(9)
                .callbacks(SparkCheckpoint.every(dir.resolve("other.safetensors"), 1));
        straight.fit(rdd, null, 2);

        SparkTrainer first = trainer(dropout, adam).batchSize(64).order(EpochOrder.shuffled(1)).seed(9)
                .callbacks(SparkCheckpoint.every(file, 1));
        first.fit(rdd, null, 1);
        assertTrue(Files.exists(file));
        SparkTrainer resumed = trainer(dropout, adam).batchSize(64).order(EpochOrder.shuffled(1)).seed(9)
                .callbacks(SparkCheckpoint.every(file, 1));
        resumed.resume(file);
        assertEquals(1, resumed.epoch());
        assertEquals(5, resumed.step());
        resumed.fit(rdd, null, 2);
        assertTrue(StateArrays.of(resumed.model().stateDict()).sameBits(StateArrays.of(straight.model().stateDict())),
                "resumed run differs from the uninterrupted one");
        assertTrue(StateArrays.of(resumed.optimizer().stateDict()).sameBits(StateArrays.of(straight.optimizer().stateDict())));
        assertEquals(straight.history().asMap(), resumed.history().asMap());
        // a different dropout seed gives different weights: the masks did matter
        SparkTrainer otherSeed = trainer(dropout, adam).batchSize(64).order(EpochOrder.shuffled(1)).seed(10);
        otherSeed.fit(rdd, null, 2);
        assertFalse(StateArrays.of(otherSeed.model().stateDict()).sameBits(StateArrays.of(straight.model().stateDict())));
    }

    @Test
    void batchNormBuffersAreTheExampleWeightedMeanOfThePartitions() {
        TensorDataset data = SparkTestSupport.fashion(90);
        ModelFactory bn = () -> new dev.arabica.nn.Sequential(new dev.arabica.nn.Linear(784, 8, new dev.arabica.core.Generator(3)),
                new dev.arabica.nn.BatchNorm1d(8), new dev.arabica.nn.ReLU(), new dev.arabica.nn.Linear(8, 10, new dev.arabica.core.Generator(4)));
        SparkTrainer trainer = trainer(bn, SparkTestSupport.sgd(0.1, 0)).batchSize(90); // one step; partitions of 30 and 60
        trainer.fit(sc.parallelize(Examples.of(data).subList(0, 30), 1).union(sc.parallelize(Examples.of(data).subList(30, 90), 1)), null, 1);
        double[] expected = new double[8];
        int[][] parts = {{0, 30}, {30, 90}};
        for (int[] part : parts) {
            Module local = bn.create();
            local.forward(data.x().slice(0, part[0], part[1]).contiguous());
            float[] rm = local.stateDict().get("1.running_mean").toFloatArray();
            for (int i = 0; i < 8; i++) expected[i] += (part[1] - part[0]) * (double) rm[i] / 90;
        }
        float[] got = trainer.model().stateDict().get("1.running_mean").toFloatArray();
        for (int i = 0; i < 8; i++) assertEquals(expected[i], got[i], 1e-6);
        assertEquals(1, trainer.model().stateDict().get("1.num_batches_tracked").getLong());
    }

    @Test
    void mistakesGetClearErrors() {
        Object notSerializable = new Object();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(sc,
                () -> { notSerializable.hashCode(); return SparkTestSupport.mlp(4).create(); }, CROSS_ENTROPY,
                SparkTestSupport.sgd(0.1, 0), ExampleFormat.classification(784)));
        assertTrue(e.getMessage().contains("the model factory cannot be shipped to executors: it refers to a java.lang.Object"), e.getMessage());

        SparkTrainer trainer = trainer(SparkTestSupport.mlp(4), SparkTestSupport.sgd(0.1, 0));
        JavaRDD<Example> wrong = sc.parallelize(List.of(Example.ofClass(new float[784], 1), Example.ofClass(new float[783], 2)), 1);
        SparkException se = assertThrows(SparkException.class, () -> trainer.fit(wrong, null, 1));
        assertTrue(se.getMessage().contains("example 1 of partition 0 has 783 input values, expected 784 (shape [784])"), se.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(sc.parallelize(List.<Example>of(), 2), null, 1));
        assertTrue(e.getMessage().contains("the training RDD has no examples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.batchSize(0));
        assertTrue(e.getMessage().contains("batchSize: must be >= 1, got 0"), e.getMessage());
    }

    /** An SLF4J logger that keeps INFO messages (SparkProgress logs through the logger it is given). */
    static final class CapturingLogger extends org.slf4j.helpers.LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        CapturingLogger() {
            name = "capture";
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(org.slf4j.event.Level level, org.slf4j.Marker marker, String message, Object[] args,
                Throwable t) {
            if (level == org.slf4j.event.Level.INFO) lines.add(org.slf4j.helpers.MessageFormatter.basicArrayFormat(message, args));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
