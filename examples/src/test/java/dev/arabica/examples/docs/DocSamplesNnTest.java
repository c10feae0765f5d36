package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm1d;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Regularization;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.train.Callback;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples of docs/nn.md, run. */
class DocSamplesNnTest {

    @Test
    void trainAndEvalModes() {
        Generator gen = new Generator(0);
        Tensor x = Tensor.randn(gen, 16, 32);
        Tensor y = x.slice(1, 0, 1).squeeze(1).gt(0f);               // 0/1 targets as floats
        Sequential net = new Sequential(
                new Linear(32, 64, gen), new BatchNorm1d(64), new ReLU(), new Dropout(0.5, gen),
                new Linear(64, 1, gen));
        Tensor logits = net.forward(x).squeeze(1);                   // training mode: batch statistics, dropout on
        Tensor loss = Losses.binaryCrossEntropyWithLogits(logits, y);
        loss.backward();
        net.eval();                                                  // running statistics, no dropout
        Tensor probabilities = net.forward(x).squeeze(1).sigmoid();
        // --- end of sample
        assertTrue(loss.item() > 0);
        assertArrayEquals(new int[] {16}, probabilities.shape());
        assertArrayEquals(probabilities.toFloatArray(), net.forward(x).squeeze(1).sigmoid().toFloatArray()); // eval is deterministic
    }

    @Test
    void initAndFreeze() {
        Generator gen = new Generator(1);
        Sequential net = new Sequential(new Linear(256, 256, gen), new ReLU(), new Linear(256, 10, gen));
        Linear first = (Linear) net.get(0);
        Init.xavierUniform_(first.weight(), Init.calculateGain(Init.Nonlinearity.RELU), gen); // in place
        Init.zeros_(first.bias());
        first.requiresGrad_(false);                                  // freeze it
        Adam optimizer = new Adam(net.trainableParameters());        // the last layer's weight and bias
        // --- end of sample
        assertEquals(2, optimizer.params().size());
        assertEquals(0f, first.bias().abs().sum().item());
        net.forward(Tensor.randn(gen, 4, 256)).sum().backward();
        assertNull(first.weight().grad());
        assertFalse(first.weight().requiresGrad());
    }

    @Test
    void weightDecayAsALoss() {
        Generator gen = new Generator(2);
        Sequential model = new Sequential(new Linear(8, 4, gen), new ReLU(), new Linear(4, 3, gen));
        Tensor x = Tensor.randn(gen, 5, 8);
        Tensor y = Tensor.ofLongs(new long[] {0, 1, 2, 1, 0}, 5);
        float lambda = 1e-3f;
        Tensor loss = Losses.crossEntropy(model.forward(x), y)
                .add(Regularization.l2(model.parameters()).mul(lambda / 2));   // + lambda/2 * sum of squares
        // --- end of sample
        try (var noGrad = GradMode.noGrad()) {
            assertTrue(loss.item() > Losses.crossEntropy(model.forward(x), y).item());
        }
    }

    @Test
    void callback() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 64, 4);
        TensorDataset train = new TensorDataset(x, x.slice(1, 0, 2).argmax(1));
        Sequential model = new Sequential(new Linear(4, 8, gen), new ReLU(), new Linear(8, 2, gen));
        List<String> lines = new ArrayList<>();
        Callback logger = new Callback() {
            @Override
            public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
                lines.add(String.format("epoch %d: loss %.4f, accuracy %.3f", epoch + 1, logs.get("loss"), logs.get("accuracy")));
            }
        };
        new Trainer(model, Losses::crossEntropy, new Adam(model.parameters()))
                .metrics(Metrics.accuracy())
                .callbacks(logger)
                .fit(DataLoader.of(train).batchSize(16).shuffle(gen), null, 3);
        // --- end of sample
        assertEquals(3, lines.size());
        assertTrue(lines.get(2).startsWith("epoch 3: loss "), lines.toString());
    }
}
