package dev.arabica.benchmarks.compare;

import dev.arabica.benchmarks.FashionMnist;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import dev.arabica.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * W8: one epoch of the MLP 784-256-128-10 (ReLU) on the Fashion-MNIST training set (60,000
 * images, normalised pixels), Adam lr 1e-3, batch 64, a new shuffle per epoch, the last partial
 * batch kept (938 steps): batch assembly, zero grads, forward, cross-entropy, backward, update.
 * Seconds per epoch. The data comes from {@code $ARABICA_DATA/fashion-mnist} ({@code
 * benchmarks/compare} sets {@code ARABICA_DATA} to {@code ../shared/data} beside the project);
 * without it the row is NA. The accuracy after 5 epochs of the same recipe comes from
 * {@code benchmarks/fashion-mnist --model mlp --batch 64 --lr 1e-3}.
 */
public final class FashionMlpEpochWorkload implements Workload {
    @Override public String id() { return "W8"; }

    @Override public String description() {
        return "Fashion-MNIST MLP 784-256-128-10 ReLU, Adam lr 1e-3, batch 64, shuffled: one epoch (938 steps)";
    }

    @Override public Metric metric() { return Metric.SECONDS_PER_EPOCH; }

    @Override public List<String> params() { return List.of("batch=64"); }

    @Override public boolean available() {
        return Files.exists(dataDir().resolve("train-images-idx3-ubyte.gz"));
    }

    static Path dataDir() {
        String root = System.getenv("ARABICA_DATA");
        return Path.of(root == null || root.isEmpty() ? "../shared/data" : root).resolve("fashion-mnist");
    }

    @Override
    public Task prepare(Params params) {
        int batch = params.getInt("batch");
        TensorDataset train;
        try {
            train = FashionMnist.load(dataDir(), "train");
        } catch (IOException e) {
            throw new UncheckedIOException("W8: cannot read Fashion-MNIST from " + dataDir(), e);
        }
        Module model = FashionMnist.model("mlp", new Generator(42));
        Optimizer<?> optimizer = new Adam(model.parameters(), 1e-3);
        DataLoader loader = DataLoader.of(train).batchSize(batch).shuffle(42);
        return new Task() {
            private int epoch;
            private float last;

            @Override
            public void run() {
                for (Batch b : loader.epoch(epoch++)) {
                    optimizer.zeroGrad();
                    Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
                    loss.backward();
                    optimizer.step();
                    last = loss.item();
                }
            }

            @Override
            public String toString() {
                return "W8(epoch " + epoch + ", last loss " + last + ")";
            }
        };
    }
}
