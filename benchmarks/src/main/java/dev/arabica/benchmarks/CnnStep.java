package dev.arabica.benchmarks;

import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.optim.SGD;

/**
 * W3 and W4, shared by {@code CnnStepBenchmark} (JMH) and {@code compare.CnnStepWorkload}: one
 * plain-SGD training step (lr 0.01) of a small CNN on a fixed random batch with integer labels:
 * zero the gradients, forward, cross-entropy, backward, update. Written with the public API a user
 * would use. The PyTorch twins are {@code lenet_step} and {@code cifar_cnn_step} in
 * {@code benchmarks/compare_torch.py}.
 *
 * <ul>
 *   <li>W3, LeNet-5: input 1x28x28, conv 6@5x5 pad 2, ReLU, maxpool 2, conv 16@5x5, ReLU, maxpool 2,
 *       fc 400-120-84-10 with ReLU;</li>
 *   <li>W4, small CIFAR CNN: input 3x32x32, conv 3->32 3x3 pad 1, ReLU, maxpool 2, conv 32->64 3x3
 *       pad 1, ReLU, maxpool 2, fc 4096-128-10 with ReLU.</li>
 * </ul>
 */
public final class CnnStep {
    private static final double LEARNING_RATE = 0.01;

    private final Tensor x;
    private final Tensor labels;
    private final Sequential model;
    private final SGD optimizer;

    private CnnStep(Sequential model, Tensor x, Tensor labels) {
        this.model = model;
        this.x = x;
        this.labels = labels;
        this.optimizer = new SGD(model.parameters(), LEARNING_RATE);
    }

    /** W3: LeNet-5 on 1x28x28 images. */
    public static CnnStep lenet(int batch, long seed) {
        Generator g = new Generator(seed);
        Sequential model = new Sequential(
                new Conv2d(1, 6, 5, ConvOptions.DEFAULT.padding(2), g), new ReLU(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, g), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(400, 120, g), new ReLU(), new Linear(120, 84, g), new ReLU(), new Linear(84, 10, g));
        return new CnnStep(model, Tensor.randn(g, batch, 1, 28, 28), Tensor.randint(g, 0, 10, batch));
    }

    /** W4: the small CIFAR CNN on 3x32x32 images. */
    public static CnnStep cifar(int batch, long seed) {
        Generator g = new Generator(seed);
        Sequential model = new Sequential(
                new Conv2d(3, 32, 3, ConvOptions.DEFAULT.padding(1), g), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, ConvOptions.DEFAULT.padding(1), g), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Linear(4096, 128, g), new ReLU(), new Linear(128, 10, g));
        return new CnnStep(model, Tensor.randn(g, batch, 3, 32, 32), Tensor.randint(g, 0, 10, batch));
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
