package dev.arabica.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.Idx;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end on real data: a 784-256-128-10 MLP trained for one epoch on Fashion-MNIST with Adam
 * through the {@link Trainer} reaches at least 84% test accuracy.
 */
class FashionMnistTest {

    static Path dataDir() {
        Path p = SharedFiles.dataDir().resolve("fashion-mnist");
        SharedFiles.require(p.resolve("t10k-labels-idx1-ubyte.gz"), "Fashion-MNIST (set -Darabica.data.dir)");
        return p;
    }

    static TensorDataset load(Path dir, String prefix) throws IOException {
        Tensor images = Idx.readFloats(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        Tensor labels = Idx.readLongs(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int n = images.size(0);
        return new TensorDataset(images.reshape(n, 28 * 28).mul(1f / 255), labels);
    }

    @Test
    void mlpReachesEightyFourPercentInOneEpoch() throws IOException {
        Path dir = dataDir();
        long t0 = System.nanoTime();
        TensorDataset train = load(dir, "train"), test = load(dir, "t10k");
        long t1 = System.nanoTime();
        Generator gen = new Generator(2024);
        Sequential model = new Sequential(new Linear(784, 256, gen), new ReLU(), new Linear(256, 128, gen), new ReLU(),
                new Linear(128, 10, gen));
        ByteArrayOutputStream progressOut = new ByteArrayOutputStream();
        Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters(), Adam.Options.lr(1e-3)))
                .metrics(Metrics.accuracy())
                .callbacks(new Progress(Progress.Mode.LINES, new PrintStream(progressOut, true, StandardCharsets.UTF_8), 1,
                        Duration.ofSeconds(5)));
        History history = trainer.fit(DataLoader.of(train).batchSize(64).shuffle(7), DataLoader.of(test).batchSize(1000), 1);
        long t2 = System.nanoTime();
        Map<String, Double> last = history.last();
        double testAccuracy = last.get("dev_accuracy");
        System.out.print(progressOut.toString(StandardCharsets.UTF_8));
        System.out.printf("fashion-mnist: 1 epoch, train loss %.4f accuracy %.4f, test accuracy %.4f; load %.1f s, train+eval %.1f s%n",
                last.get("loss"), last.get("accuracy"), testAccuracy, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertEquals(1, trainer.epoch());
        assertEquals(938, trainer.step());
        assertTrue(testAccuracy >= 0.84, "test accuracy " + testAccuracy);
        assertTrue(progressOut.toString(StandardCharsets.UTF_8).contains("epoch 1/1"), progressOut::toString);
    }
}
