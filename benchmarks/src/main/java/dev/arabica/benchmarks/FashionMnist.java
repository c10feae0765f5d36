package dev.arabica.benchmarks;

import dev.arabica.cnn.models.LeNet5;
import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.Idx;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Adam;
import dev.arabica.optim.LinearLR;
import dev.arabica.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * LeNet-5 (the course's W3 variant, {@link LeNet5}) or the MLP 784-256-128-10 of W2/W8 trained on
 * Fashion-MNIST for several epochs, printing each epoch's test accuracy and training time: the
 * figures for docs/performance.md. The PyTorch twin is {@code benchmarks/fashion_mnist_torch.py}
 * (same model, data normalisation, optimizer, batch size and timing span);
 * {@code benchmarks/fashion-mnist} runs both.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -Darabica.threads=1 -cp benchmarks/target/benchmarks.jar \
 *       dev.arabica.benchmarks.FashionMnist [--model lenet|mlp] [--epochs 5] [--batch 32] [--lr 3e-3] [--seed 7] [--data DIR]
 * </pre>
 *
 * Recipe: pixels normalised with the training set's mean and standard deviation, batch 32, Adam
 * with the learning rate decaying linearly from {@code lr} to {@code lr / 20} over the whole run
 * (stepped per batch). Epoch time covers the training steps only (zero grad, forward, loss,
 * backward, Adam and schedule steps, batch assembly); the test-set evaluation (batches of 1000, no
 * gradients) is timed separately.
 */
public final class FashionMnist {
    /** The training set's pixel mean and standard deviation (values in [0, 1]). */
    static final float MEAN = 0.2860f, STD = 0.3530f;

    private FashionMnist() {}

    /** The model by name: {@code lenet} (LeNet-5 on 1x28x28) or {@code mlp} (784-256-128-10, ReLU). */
    public static Module model(String name, Generator generator) {
        return switch (name) {
            case "lenet" -> new LeNet5(generator);
            case "mlp" -> new Sequential(new Flatten(), new Linear(784, 256, generator), new ReLU(),
                    new Linear(256, 128, generator), new ReLU(), new Linear(128, 10, generator));
            default -> throw new IllegalArgumentException("--model wants lenet or mlp, got '" + name + "'");
        };
    }

    public static TensorDataset load(Path dir, String prefix) throws IOException {
        Tensor images = Idx.readFloats(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        Tensor labels = Idx.readLongs(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        int n = images.size(0);
        return new TensorDataset(images.reshape(n, 1, 28, 28).mul(1f / 255).sub(MEAN).div(STD), labels);
    }

    public static void main(String[] args) throws IOException {
        String modelName = "lenet";
        int epochs = 5, batch = 32;
        double lr = 3e-3;
        long seed = 7;
        Path data = Path.of("../shared/data/fashion-mnist");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--model" -> modelName = value;
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--lr" -> lr = Double.parseDouble(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--data" -> data = Path.of(value);
                default -> {
                    System.err.println("usage: FashionMnist [--model lenet|mlp] [--epochs N] [--batch B] [--lr LR] [--seed S] [--data DIR]");
                    System.exit(2);
                }
            }
            i++;
        }
        if (!Files.exists(data.resolve("train-images-idx3-ubyte.gz"))) {
            System.err.println("Fashion-MNIST not found in " + data.toAbsolutePath() + " (use --data DIR)");
            System.exit(1);
        }
        TensorDataset train = load(data, "train"), test = load(data, "t10k");
        Module model = model(modelName, new Generator(seed));
        Optimizer<?> opt = new Adam(model.parameters(), Adam.Options.lr(lr));
        DataLoader batches = DataLoader.of(train).batchSize(batch).shuffle(seed);
        LinearLR decay = new LinearLR(opt, 1, 0.05, epochs * batches.numBatches());
        System.out.printf(Locale.ROOT, "arabica, %s, threads %d, batch %d, Adam lr %s decaying linearly to %s%n", modelName, Parallel.threads(), batch,
                lr, lr * 0.05);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            model.train();
            double total = 0;
            int seen = 0;
            long t0 = System.nanoTime();
            for (Batch b : batches.epoch(epoch - 1)) {
                opt.zeroGrad();
                Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
                loss.backward();
                opt.step();
                decay.step();
                total += loss.item() * b.size();
                seen += b.size();
            }
            long t1 = System.nanoTime();
            model.eval();
            long correct = 0;
            try (var scope = GradMode.noGrad()) {
                for (Batch b : DataLoader.of(test).batchSize(1000).epoch(0)) {
                    long[] predicted = model.forward(b.x()).argmax(1, false).toLongArray(), labels = b.y().toLongArray();
                    for (int k = 0; k < labels.length; k++) if (predicted[k] == labels[k]) correct++;
                }
            }
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "epoch %d: train loss %.4f, test accuracy %.4f, epoch time %.2f s, eval %.2f s%n", epoch,
                    total / seen, (double) correct / test.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }
}
