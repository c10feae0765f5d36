package dev.arabica.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Sigmoid;
import dev.arabica.nn.Tanh;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.SGD;
import dev.arabica.optim.StepLR;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    /** Two Gaussian blobs in 2-D, labels 0/1 as floats [n, 1] for a sigmoid output. */
    static TensorDataset blobs(int n, long seed) {
        Generator gen = new Generator(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            x[2 * i] = (float) gen.nextGaussian() + (label == 1 ? 1.5f : -1.5f);
            x[2 * i + 1] = (float) gen.nextGaussian();
            y[i] = label;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n, 1));
    }

    static Sequential binaryModel(long seed) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(2, 8, gen), new Tanh(), new Dropout(0.1, gen), new Linear(8, 1, gen), new Sigmoid());
    }

    static Trainer binaryTrainer(Module model, double lr) {
        return new Trainer(model, Losses::binaryCrossEntropy, new SGD(model.parameters(), lr))
                .metrics(Metrics.binaryAccuracy(0.5), Metrics.precision(0.5), Metrics.recall(0.5), Metrics.f1(0.5));
    }

    @Test
    void fitLogsTrainAndDevMetricsAndLearns() {
        TensorDataset train = blobs(400, 1), dev = blobs(200, 2);
        Trainer trainer = binaryTrainer(binaryModel(3), 0.5);
        History h = trainer.fit(DataLoader.of(train).batchSize(32).shuffle(4), DataLoader.of(dev).batchSize(100), 5);
        assertEquals(List.of("loss", "accuracy", "precision", "recall", "f1", "dev_loss", "dev_accuracy", "dev_precision",
                "dev_recall", "dev_f1", "lr"), List.copyOf(h.keys()));
        assertEquals(5, h.epochs());
        assertEquals(5, trainer.epoch());
        assertEquals(5 * 13, trainer.step());
        assertTrue(h.get("loss").get(4) < h.get("loss").get(0));
        assertTrue(h.last().get("dev_accuracy") > 0.9, h.toString());
        assertTrue(h.last().get("dev_f1") > 0.9, h.toString());
        assertTrue(trainer.model().isTraining(), "evaluation restored training mode");
        // evaluate and predict switch to eval mode and no-grad automatically
        Map<String, Double> eval = trainer.evaluate(DataLoader.of(dev).batchSize(64));
        assertEquals(h.last().get("dev_accuracy"), eval.get("accuracy"), 1e-12);
        Tensor p = trainer.predict(dev.x());
        assertFalse(p.requiresGrad());
        assertTrue(p.isLeaf(), "no graph was recorded");
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void evaluationIsDeterministicDespiteDropout() {
        Sequential model = binaryModel(3);
        TensorDataset dev = blobs(50, 2);
        Tensor a = Evaluation.predict(model, dev.x()), b = Evaluation.predict(model, dev.x());
        assertTrue(a.allClose(b, 0, 0));
        Tensor chunked = Evaluation.predict(model, dev.x(), 7);
        assertTrue(a.allClose(chunked, 1e-6f, 1e-7f));
    }

    @Test
    void evaluationScopeRestoresPerModuleModes() {
        Sequential model = binaryModel(3);
        model.get(2).eval(); // a user froze dropout
        try (var scope = Evaluation.scope(model)) {
            assertFalse(model.isTraining());
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(model.isTraining());
        assertTrue(model.get(0).isTraining());
        assertFalse(model.get(2).isTraining());
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void schedulerStepsPerEpochOrPerBatch() {
        TensorDataset train = blobs(64, 1);
        Sequential model = binaryModel(3);
        SGD sgd = new SGD(model.parameters(), 0.1);
        Trainer perEpoch = new Trainer(model, Losses::binaryCrossEntropy, sgd).scheduler(new StepLR(sgd, 1, 0.5));
        History h = perEpoch.fit(DataLoader.of(train).batchSize(16).shuffle(1), null, 3);
        assertEquals(List.of(0.1, 0.05, 0.025), h.get("lr"));

        Sequential model2 = binaryModel(3);
        SGD sgd2 = new SGD(model2.parameters(), 0.1);
        Trainer perBatch = new Trainer(model2, Losses::binaryCrossEntropy, sgd2).scheduler(new StepLR(sgd2, 4, 0.5), true);
        h = perBatch.fit(DataLoader.of(train).batchSize(16).shuffle(1), null, 2);
        assertEquals(List.of(0.1, 0.05), h.get("lr"));
        assertEquals(0.025, sgd2.lr(), 1e-15);
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        TensorDataset train = blobs(200, 1), dev = blobs(100, 2);
        Sequential model = binaryModel(3);
        List<Map<String, Tensor>> weightsPerEpoch = new ArrayList<>();
        // A huge learning rate makes the dev loss jump around, so some epoch is best and later ones are worse.
        EarlyStopping early = new EarlyStopping("dev_loss", 1);
        Trainer trainer = binaryTrainer(model, 25).callbacks(early, new Callback() {
            @Override
            public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
                weightsPerEpoch.add(t.model().stateDict());
            }
        });
        History h = trainer.fit(DataLoader.of(train).batchSize(20).shuffle(5), DataLoader.of(dev).batchSize(100), 50);
        assertTrue(early.stoppedEpoch() >= 0, "stopped early: " + h.get("dev_loss"));
        assertEquals(early.stoppedEpoch() + 1, trainer.epoch());
        List<Double> devLoss = h.get("dev_loss");
        int best = early.bestEpoch();
        assertEquals(devLoss.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), devLoss.get(best));
        assertEquals(best + 2, trainer.epoch(), "patience 1: stops after the second epoch without improvement");
        CheckpointResumeTest.assertBitwiseEqual(weightsPerEpoch.get(best), model.stateDict());
    }

    @Test
    void callbacksSeeEveryStageInOrder() {
        List<String> events = new ArrayList<>();
        Trainer trainer = binaryTrainer(binaryModel(1), 0.1).callbacks(new Callback() {
            @Override public void onTrainBegin(Trainer t) { events.add("begin@" + t.epoch()); }
            @Override public void onEpochBegin(Trainer t, int epoch) { events.add("epoch" + epoch); }
            @Override public void onBatchEnd(Trainer t, int batch, Map<String, Double> running) { events.add("b" + batch); }
            @Override public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
                events.add("end" + epoch + "@" + t.epoch());
                if (epoch == 1) t.stop();
            }
            @Override public void afterEpochEnd(Trainer t, int epoch) { events.add("after" + epoch); }
            @Override public void onTrainEnd(Trainer t) { events.add("done"); }
        });
        trainer.fit(DataLoader.of(blobs(20, 1)).batchSize(10), null, 5);
        assertEquals(List.of("begin@0", "epoch0", "b0", "b1", "end0@1", "after0", "epoch1", "b0", "b1", "end1@2", "after1", "done"),
                events);
    }

    @Test
    void aLossThatIsNotAScalarIsRejected() {
        Sequential model = binaryModel(1);
        Trainer trainer = new Trainer(model, (out, y) -> out.sub(y).square(), new SGD(model.parameters(), 0.1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> trainer.fit(DataLoader.of(blobs(8, 1)).batchSize(8), null, 1));
        assertTrue(e.getMessage().contains("[8,1]"), e.getMessage());
    }

    @Test
    void shuffledBatchesDependOnlyOnSeedAndEpoch() {
        TensorDataset d = blobs(30, 1);
        DataLoader a = DataLoader.of(d).batchSize(8).shuffle(42), b = DataLoader.of(d).batchSize(8).shuffle(42);
        assertEquals(4, a.numBatches());
        assertEquals(firstValues(a.epoch(3)), firstValues(b.epoch(3)));
        assertEquals(firstValues(a.epoch(3)), firstValues(a.epoch(3)));
        assertFalse(firstValues(a.epoch(3)).equals(firstValues(a.epoch(4))));
        assertEquals(1, DataLoader.of(d).batchSize(d.size()).numBatches());
    }

    private static List<Float> firstValues(Iterable<Batch> batches) {
        List<Float> out = new ArrayList<>();
        for (Batch b : batches) out.add(b.x().get(0, 0));
        return out;
    }

    @Test
    void progressLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(Progress.Mode.AUTO, new PrintStream(bytes, true, StandardCharsets.UTF_8), 2,
                Duration.ZERO);
        assertEquals(Progress.Mode.LINES, progress.mode(), "a stream other than System.out is never a terminal");
        Trainer trainer = binaryTrainer(binaryModel(1), 0.1).callbacks(progress);
        trainer.fit(DataLoader.of(blobs(40, 1)).batchSize(10), DataLoader.of(blobs(20, 2)).batchSize(20), 3);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        String[] lines = text.split("\n");
        assertEquals(2, lines.length, text);  // epochs 2 and 3 (every 2nd epoch and the last)
        assertTrue(lines[0].matches("epoch 2/3 \\d+\\.\\ds \\(ETA \\d+:\\d\\d\\) loss \\d\\.\\d{4} accuracy \\d\\.\\d{4} .* dev_f1 \\d\\.\\d{4}"),
                lines[0]);
        assertTrue(lines[1].startsWith("epoch 3/3 "), lines[1]);
    }

    @Test
    void progressLinesDuringLongEpochs() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(Progress.Mode.LINES, new PrintStream(bytes, true, StandardCharsets.UTF_8), 1,
                Duration.ofNanos(1));
        binaryTrainer(binaryModel(1), 0.1).callbacks(progress).fit(DataLoader.of(blobs(40, 1)).batchSize(10), null, 1);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1/1 batch 1/4 (25%) ETA "), text);
        assertTrue(text.lines().count() >= 2, text);
    }

    @Test
    void progressBarRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(Progress.Mode.BAR, new PrintStream(bytes, true, StandardCharsets.UTF_8), 1,
                Duration.ofSeconds(10));
        binaryTrainer(binaryModel(1), 0.1).callbacks(progress).fit(DataLoader.of(blobs(40, 1)).batchSize(10), null, 2);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(java.util.regex.Pattern.compile("\repoch 1/2 \\[=+] 4/4 \\d+\\.\\ds \\(ETA \\d:\\d\\d\\) loss \\d\\.\\d{4} accuracy ")
                .matcher(text).find(), text);
        assertTrue(text.contains("\repoch 2/2 [========================] 4/4 "), text);
        assertEquals(2, text.chars().filter(c -> c == '\n').count(), text);
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void progressNonePrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(Progress.Mode.NONE, new PrintStream(bytes, true, StandardCharsets.UTF_8), 1,
                Duration.ZERO);
        binaryTrainer(binaryModel(1), 0.1).callbacks(progress).fit(DataLoader.of(blobs(40, 1)).batchSize(10), null, 2);
        assertEquals(0, bytes.size());
        assertEquals("1:01:05", Progress.clock(3_665_000_000_000L));
        assertEquals("0:07", Progress.clock(7_000_000_000L));
    }

    @Test
    void bestWeightsCheckpointWritesWhenTheMonitorImproves(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("best.safetensors");
        Sequential model = binaryModel(3);
        Trainer trainer = binaryTrainer(model, 0.5).callbacks(ModelCheckpoint.bestWeights(file, "dev_accuracy", MonitorMode.AUTO));
        trainer.fit(DataLoader.of(blobs(100, 1)).batchSize(20).shuffle(1), DataLoader.of(blobs(50, 2)).batchSize(50), 3);
        assertTrue(Files.isRegularFile(file));
        Sequential loaded = binaryModel(9);
        ModelFiles.load(loaded, file);
        assertTrue(Evaluation.evaluate(loaded, null, DataLoader.of(blobs(50, 2)).batchSize(50).epoch(0),
                List.of(Metrics.binaryAccuracy(0.5))).get("accuracy") > 0.8);
    }

    @Test
    void historyEncodingRoundTripsExactly() {
        History h = new History();
        h.append(Map.of("loss", 0.1 + 0.2));
        h.append(Map.of("loss", Double.NaN, "dev_loss", 1e-300));
        History back = History.decode(h.encode());
        assertEquals(h.asMap(), back.asMap());
        assertEquals(2, back.epochs());
        assertTrue(Double.isNaN(back.get("dev_loss").get(0)));
    }
}
