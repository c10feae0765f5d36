package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import org.junit.jupiter.api.Test;

/** The samples on the README's first screen, kept compiling and working. */
class ReadmeSampleTest {

    /** A learnable toy problem: the label is the index of the largest of the first 10 inputs. */
    static TensorDataset toyData(Generator gen, int n) {
        Tensor x = Tensor.randn(gen, n, 784);
        Tensor y = x.slice(1, 0, 10).argmax(1, false);
        return new TensorDataset(x, y);
    }

    @Test
    void plainLoopSample() {
        Generator gen = new Generator(42);
        TensorDataset train = toyData(gen, 512);
        // --- README sample: a plain training loop
        Sequential model = new Sequential(
                new Linear(784, 256, gen), new ReLU(),
                new Linear(256, 10, gen));
        Adam optimizer = new Adam(model.parameters(), 1e-3);
        float first = Float.NaN, last = Float.NaN;
        for (int epoch = 0; epoch < 5; epoch++) {
            for (DataLoader.Batch batch : DataLoader.of(train).batchSize(64).shuffle(gen)) {
                optimizer.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(batch.x()), batch.y());
                loss.backward();
                optimizer.step();
                // --- end of sample
                if (Float.isNaN(first)) first = loss.item();
                last = loss.item();
            }
        }
        assertTrue(last < first * 0.5, "loss falls: " + first + " -> " + last);
    }

    @Test
    void trainerSample() {
        Generator gen = new Generator(7);
        TensorDataset train = toyData(gen, 512), dev = toyData(gen, 128);
        Sequential model = new Sequential(new Linear(784, 64, gen), new ReLU(), new Linear(64, 10, gen));
        // --- README sample: the Trainer
        Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters()))
                .metrics(Metrics.accuracy());
        History history = trainer.fit(DataLoader.of(train).batchSize(64).shuffle(gen), DataLoader.of(dev).batchSize(128), 5);
        // --- end of sample
        assertTrue(history.get("accuracy").get(4) > history.get("accuracy").get(0), history.asMap().toString());
    }
}
