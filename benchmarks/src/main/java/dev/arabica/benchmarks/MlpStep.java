package dev.arabica.benchmarks;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.optim.SGD;

/**
 * W2, shared by {@code MlpStepBenchmark} (JMH) and {@code compare.MlpStepWorkload}: one plain-SGD
 * training step (lr 0.01) of an MLP 784-256-128-10 with ReLU and softmax cross-entropy on integer
 * labels, on a fixed random batch: zero the gradients, forward, backward, update. Written with the
 * public API a user would use ({@code nn.Linear}, {@code Losses.crossEntropy}, {@code optim.SGD}).
 * The PyTorch twin is {@code mlp_step} in {@code benchmarks/compare_torch.py}.
 */
public final class MlpStep {
    private static final double LEARNING_RATE = 0.01;

    private final Tensor x;        // [batch, 784]
    private final Tensor labels;   // [batch] int64
    private final Sequential model;
    private final SGD optimizer;

    public MlpStep(int batch, long seed) {
        Generator generator = new Generator(seed);
        x = Tensor.randn(generator, batch, 784);
        labels = Tensor.randint(generator, 0, 10, batch);
        model = new Sequential(new Linear(784, 256, generator), new ReLU(), new Linear(256, 128, generator), new ReLU(),
                new Linear(128, 10, generator));
        optimizer = new SGD(model.parameters(), LEARNING_RATE);
    }

    /** One step; returns the loss before the update. */
    public float step() {
        optimizer.zeroGrad();
        Tensor loss = Losses.crossEntropy(model.forward(x), labels);
        loss.backward();
        optimizer.step();
        return loss.item();
    }
}
