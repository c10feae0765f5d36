package dev.arabica.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm1d;
import dev.arabica.nn.Functional;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.Seeds;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import dev.arabica.optim.StepLR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train 2 epochs, checkpoint, rebuild everything, resume, train epoch 3: the result equals an
 * uninterrupted 3-epoch run bit for bit, with shuffled mini-batches, dropout, batch norm, Adam, a
 * learning-rate schedule and early-stopping state in play.
 */
class CheckpointResumeTest {
    static final long DATA_SEED = 11, INIT_SEED = 12, SHUFFLE_SEED = 13, DROPOUT_SEED = 14;

    /**
     * A model with dropout whose generator is re-seeded at the start of every epoch from
     * (seed, epoch), so a resumed run draws the same masks without saving generator state.
     */
    static final class DropoutNet extends Module {
        final Linear hidden;
        final BatchNorm1d norm;
        final Linear out;
        Generator dropoutGenerator = new Generator(0);

        DropoutNet(Generator init) {
            hidden = registerModule("hidden", new Linear(4, 32, init));
            norm = registerModule("norm", new BatchNorm1d(32));
            out = registerModule("out", new Linear(32, 3, init));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = norm.forward(hidden.forward(x)).relu();
            return out.forward(Functional.dropout(h, 0.3, isTraining(), dropoutGenerator));
        }
    }

    /** Re-seeds the model's dropout for each epoch. */
    record ReseedDropout(DropoutNet net) implements Callback {
        @Override
        public void onEpochBegin(Trainer trainer, int epoch) {
            net.dropoutGenerator = Seeds.generator(DROPOUT_SEED, epoch);
        }
    }

    static TensorDataset data() {
        Generator gen = new Generator(DATA_SEED);
        int n = 300;
        Tensor x = Tensor.randn(gen, n, 4);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            float s = x.get(i, 0) + 0.5f * x.get(i, 1) * x.get(i, 2);
            y[i] = s < -0.4f ? 0 : s < 0.4f ? 1 : 2;
        }
        return new TensorDataset(x, Tensor.ofLongs(y, n));
    }

    record Run(DropoutNet model, Trainer trainer, EarlyStopping early) {}

    static Run newRun(Path checkpoint) {
        DropoutNet model = new DropoutNet(new Generator(INIT_SEED));
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(0.01).withWeightDecay(1e-4));
        EarlyStopping early = new EarlyStopping("dev_loss", 100, 0, MonitorMode.AUTO, true);
        Trainer trainer = new Trainer(model, Losses::crossEntropy, adam)
                .scheduler(new StepLR(adam, 1, 0.5))
                .metrics(Metrics.accuracy())
                .callbacks(new ReseedDropout(model), early);
        if (checkpoint != null) trainer.callbacks(ModelCheckpoint.everyEpoch(checkpoint));
        return new Run(model, trainer, early);
    }

    static History fit(Trainer trainer, int epochs) {
        TensorDataset d = data();
        return trainer.fit(DataLoader.of(d).batchSize(32).shuffle(SHUFFLE_SEED), DataLoader.of(d).batchSize(100), epochs);
    }

    static void assertBitwiseEqual(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            Tensor e = expected.get(k), a = actual.get(k);
            assertArrayEquals(e.shape(), a.shape(), k);
            assertEquals(e.dtype(), a.dtype(), k);
            if (e.dtype() == DType.INT64) {
                assertArrayEquals(e.toLongArray(), a.toLongArray(), k);
            } else {
                float[] ev = e.toFloatArray(), av = a.toFloatArray();
                for (int i = 0; i < ev.length; i++) {
                    assertEquals(Float.floatToRawIntBits(ev[i]), Float.floatToRawIntBits(av[i]), k + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void resumedRunMatchesUninterruptedRunBitwise(@TempDir Path dir) throws IOException {
        Run straight = newRun(null);
        History expected = fit(straight.trainer, 3);

        Path file = dir.resolve("run.ckpt.safetensors");
        Run first = newRun(file);
        fit(first.trainer, 2);
        assertTrue(Files.isRegularFile(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary files are left behind");
        }

        Run resumed = newRun(file);
        resumed.trainer.resume(file);
        assertEquals(2, resumed.trainer.epoch());
        assertEquals(first.trainer.step(), resumed.trainer.step());
        History actual = fit(resumed.trainer, 3);

        assertBitwiseEqual(straight.model.stateDict(), resumed.model.stateDict());
        assertBitwiseEqual(straight.trainer.optimizer().stateDict(), resumed.trainer.optimizer().stateDict());
        assertEquals(straight.trainer.optimizer().lr(), resumed.trainer.optimizer().lr());
        assertEquals(expected.asMap(), actual.asMap());
        assertEquals(3, actual.epochs());
        assertEquals(straight.early.best(), resumed.early.best());
        assertEquals(straight.early.bestEpoch(), resumed.early.bestEpoch());

        // The comparison is meaningful: the epochs differ, and dropout changes the result.
        List<Double> loss = actual.get("loss");
        assertNotEquals(loss.get(1), loss.get(2));
        assertEquals(List.of(0.01, 0.005, 0.0025), actual.get("lr"));
    }

    /** nn.Dropout and a shuffling DataLoader, resumed exactly by tracking their generators. */
    static Trainer trackedRun(Path checkpoint, dev.arabica.nn.Sequential[] modelOut, dev.arabica.nn.data.DataLoader[] loaderOut) {
        Generator init = new Generator(INIT_SEED);
        dev.arabica.nn.Dropout dropout = new dev.arabica.nn.Dropout(0.3, new Generator(DROPOUT_SEED));
        dev.arabica.nn.Sequential model = new dev.arabica.nn.Sequential(new Linear(4, 32, init), new dev.arabica.nn.ReLU(),
                dropout, new Linear(32, 3, init));
        dev.arabica.nn.data.DataLoader loader = dev.arabica.nn.data.DataLoader.of(data()).batchSize(32).shuffle(new Generator(SHUFFLE_SEED));
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(0.01));
        Trainer trainer = new Trainer(model, Losses::crossEntropy, adam)
                .track("dropout", Stateful.of(dropout.generator()))
                .track("shuffle", Stateful.of(loader.generator()));
        if (checkpoint != null) trainer.callbacks(ModelCheckpoint.everyEpoch(checkpoint));
        modelOut[0] = model;
        loaderOut[0] = loader;
        return trainer;
    }

    @Test
    void trackedGeneratorsResumeDropoutAndShufflingExactly(@TempDir Path dir) throws IOException {
        dev.arabica.nn.Sequential[] m = new dev.arabica.nn.Sequential[1];
        dev.arabica.nn.data.DataLoader[] l = new dev.arabica.nn.data.DataLoader[1];
        Trainer straight = trackedRun(null, m, l);
        straight.fit(l[0], null, 3);
        Map<String, Tensor> expected = m[0].stateDict();

        Path file = dir.resolve("tracked.safetensors");
        Trainer first = trackedRun(file, m, l);
        first.fit(l[0], null, 2);
        Trainer resumed = trackedRun(file, m, l);
        resumed.resume(file);
        resumed.fit(l[0], null, 3);
        assertBitwiseEqual(expected, m[0].stateDict());
    }

    @Test
    void resumingWithoutReseedingDropoutDiverges(@TempDir Path dir) throws IOException {
        // Guards the test above against passing vacuously: if the dropout stream is not restored,
        // the weights after epoch 3 differ.
        Run straight = newRun(null);
        fit(straight.trainer, 3);
        Path file = dir.resolve("c.safetensors");
        fit(newRun(file).trainer, 2);
        Run resumed = newRun(file);
        resumed.trainer.resume(file);
        resumed.trainer.callbacks(new Callback() {
            @Override
            public void onEpochBegin(Trainer trainer, int epoch) {
                resumed.model.dropoutGenerator = new Generator(12345);
            }
        });
        fit(resumed.trainer, 3);
        float a = straight.model.out.weight().get(0, 0), b = resumed.model.out.weight().get(0, 0);
        assertNotEquals(a, b);
    }

    @Test
    void checkpointOfAnotherSetupIsRejectedClearly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.safetensors");
        fit(newRun(file).trainer, 1);
        DropoutNet model = new DropoutNet(new Generator(1));
        Trainer noScheduler = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(0.01)))
                .callbacks(new ReseedDropout(model), new EarlyStopping("dev_loss", 100, 0, MonitorMode.AUTO, true),
                        ModelCheckpoint.everyEpoch(file));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noScheduler.resume(file));
        assertTrue(e.getMessage().contains("scheduler"), e.getMessage());

        Trainer fewerCallbacks = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(0.01)));
        e = assertThrows(IllegalArgumentException.class, () -> fewerCallbacks.resume(file));
        assertTrue(e.getMessage().contains("callback1"), e.getMessage());

        Path weights = dir.resolve("w.safetensors");
        ModelFiles.save(model, weights);
        IOException io = assertThrows(IOException.class, () -> Checkpoint.load(weights));
        assertTrue(io.getMessage().contains("not an Arabica training checkpoint"), io.getMessage());
    }

    @Test
    void plainLoopCheckpointRoundTrip(@TempDir Path dir) throws IOException {
        DropoutNet model = new DropoutNet(new Generator(3));
        Adam adam = new Adam(model.parameters(), Adam.Options.lr(0.01));
        TensorDataset d = data();
        for (var b : DataLoader.of(d).batchSize(50).shuffle(1).epoch(0)) {
            adam.zeroGrad();
            Losses.crossEntropy(model.forward(b.x()), b.y()).backward();
            adam.step();
        }
        Path file = dir.resolve("plain.safetensors");
        Checkpoint.of(model, adam, null, 1).save(file);

        Checkpoint c = Checkpoint.load(file);
        assertEquals(1, c.epoch());
        assertEquals(6, c.step());
        assertTrue(c.scheduler().isEmpty());
        DropoutNet other = new DropoutNet(new Generator(4));
        Adam otherAdam = new Adam(other.parameters(), Adam.Options.lr(0.01));
        c.restore(other, otherAdam, null);
        assertBitwiseEqual(model.stateDict(), other.stateDict());
        assertBitwiseEqual(adam.stateDict(), otherAdam.stateDict());
        assertFalse(c.model().containsKey("trainer.epoch"));
    }
}
