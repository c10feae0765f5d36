package dev.arabica.examples;

import dev.arabica.cnn.models.LeNet5;
import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.Idx;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.Callback;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST (28x28 grey images of 10 kinds of clothing) with a 784-256-10 ReLU MLP and with
 * LeNet-5 ({@link LeNet5}), each trained with Adam on shuffled mini-batches. The last twelfth of
 * the training images is held out as the dev set (55,000 / 5,000); the test set is the 10,000
 * {@code t10k} images. Prints each epoch's time, the test accuracy and the confusion matrix, and
 * writes the weights, the learning curve (train and dev loss) and the confusion matrix as a heat map.
 */
@Command(name = "fashion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fashion-MNIST with an MLP and LeNet-5: epoch times, test accuracy, confusion matrix (printed and as a PNG)."})
public final class FashionExample implements Callable<Integer> {
    static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
            "Bag", "Ankle boot");
    static final int SIDE = 28;

    /** Which models to train. */
    enum Choice {
        MLP, LENET, BOTH;

        List<String> models() {
            return switch (this) {
                case MLP -> List.of("mlp");
                case LENET -> List.of("lenet");
                case BOTH -> List.of("mlp", "lenet");
            };
        }
    }

    @Option(names = "--model", defaultValue = "both", paramLabel = "mlp|lenet|both", description = "The model(s) to train (default: ${DEFAULT-VALUE}).")
    Choice choice;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's *-idx?-ubyte.gz files (default: ../shared/data/fashion-mnist beside the project).")
    Path data;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs per model (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-limit", defaultValue = "60000", paramLabel = "N", description = "Use the first N training images, a twelfth of them as the dev set (default: all).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "10000", paramLabel = "N", description = "Use the first N test images (default: all).")
    int testLimit;

    @Mixin
    StandardOptions options = new StandardOptions();

    PrintStream out = System.out;

    /** One model's run (for tests). */
    record Run(String model, double testAccuracy, double testLoss, List<Double> epochSeconds, History history, ConfusionMatrix confusion,
               Path weights, Path curve, Path confusionPicture) {}

    List<Run> runs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return options.run(this::train);
    }

    private Integer train() throws IOException {
        if (epochs < 1 || batchSize < 1 || trainLimit < 24 || testLimit < 1) {
            throw new IllegalArgumentException("fashion: need --epochs >= 1, --batch-size >= 1, --train-limit >= 24, --test-limit >= 1");
        }
        Path dir = data != null ? data : Main.projectRoot().resolve("../shared/data/fashion-mnist").normalize();
        TensorDataset all = load(dir, "train", trainLimit), test = load(dir, "t10k", testLimit);
        int devSize = all.size() / 12, trainSize = all.size() - devSize;
        TensorDataset train = slice(all, 0, trainSize), dev = slice(all, trainSize, all.size());
        Path outputDir = options.outputDir();
        out.printf(Locale.ROOT, "fashion: %d training, %d dev and %d test images from %s%n", train.size(), dev.size(), test.size(), dir);

        List<String> metricLines = new ArrayList<>();
        for (String name : choice.models()) {
            Module model = name.equals("mlp") ? mlp(new Generator(seed)) : new LeNet5(new Generator(seed));
            out.printf(Locale.ROOT, "%s: %s, Adam learning rate %s, batch %d, %d epochs%n", name,
                    name.equals("mlp") ? "784-256-10 ReLU MLP" : "LeNet-5 (ReLU, max pooling)", lr, batchSize, epochs);
            List<Double> seconds = new ArrayList<>();
            Trainer trainer = new Trainer(model, Losses::crossEntropy, new Adam(model.parameters(), lr))
                    .metrics(Metrics.accuracy())
                    .callbacks(options.progress(out, 1), epochTimer(seconds));
            History history = trainer.fit(DataLoader.of(train).batchSize(batchSize).shuffle(seed + 1), DataLoader.of(dev).batchSize(1000), epochs);
            Map<String, Double> evaluation = trainer.evaluate(DataLoader.of(test).batchSize(1000));
            ConfusionMatrix confusion = new ConfusionMatrix(CLASSES);
            confusion.add(Evaluation.predict(model, test.x(), 1000), test.y());

            Path weights = outputDir.resolve("fashion-" + name + ".safetensors");
            Path curve = outputDir.resolve("fashion-" + name + "-curve.png");
            Path picture = outputDir.resolve("fashion-" + name + "-confusion.png");
            ModelFiles.save(model, weights, Map.of("model", name));
            LearningCurve.write(curve, "Fashion-MNIST, " + name + ", Adam learning rate " + LearningCurve.plain(lr), "epoch", history, "dev");
            Pictures.writePng(picture, confusion.render(String.format(Locale.ROOT, "Fashion-MNIST %s: test accuracy %.4f", name, evaluation.get("accuracy"))));
            out.printf(Locale.ROOT, "%s confusion matrix on the test set (rows: true class, columns: predicted):%n", name);
            confusion.print(out);
            StringBuilder times = new StringBuilder(name + " epoch times:");
            for (double s : seconds) times.append(String.format(Locale.ROOT, " %.1f s", s));
            out.println(times);
            out.printf(Locale.ROOT, "%s: weights %s, learning curve %s, confusion matrix %s%n", name, weights, curve, picture);

            double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            metricLines.add(String.format(Locale.ROOT, "%s test accuracy: %.4f", name, evaluation.get("accuracy")));
            metricLines.add(String.format(Locale.ROOT, "%s test loss: %.4f", name, evaluation.get("loss")));
            metricLines.add(String.format(Locale.ROOT, "%s seconds per epoch: %.1f", name, mean));
            runs.add(new Run(name, evaluation.get("accuracy"), evaluation.get("loss"), seconds, history, confusion, weights, curve, picture));
        }
        for (String line : metricLines) out.println(line);
        return 0;
    }

    /** 784-256-10 with ReLU, flattening the images; PyTorch's default initialisation from {@code gen}. */
    static Sequential mlp(Generator gen) {
        return new Sequential(new Flatten(), new Linear(SIDE * SIDE, 256, gen), new ReLU(), new Linear(256, CLASSES.size(), gen));
    }

    /** Records each epoch's wall time in seconds. */
    private static Callback epochTimer(List<Double> seconds) {
        return new Callback() {
            private long start;

            @Override
            public void onEpochBegin(Trainer trainer, int epoch) {
                start = System.nanoTime();
            }

            @Override
            public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
                seconds.add((System.nanoTime() - start) / 1e9);
            }
        };
    }

    /**
     * The first {@code limit} examples of {@code split} ("train" or "t10k"): images
     * {@code [n, 1, 28, 28]} scaled to [0, 1] and int64 labels {@code [n]}.
     *
     * @throws IOException naming the file if one is missing, not gzip-compressed IDX, or the two
     *     files do not fit together
     */
    static TensorDataset load(Path dir, String split, int limit) throws IOException {
        Path imageFile = FashionMnist.images(dir, split), labelFile = FashionMnist.labels(dir, split);
        Tensor images = readIdx(imageFile, false), labels = readIdx(labelFile, true);
        int[] s = images.shape();
        if (s.length != 3 || s[1] != SIDE || s[2] != SIDE) {
            throw new IOException(imageFile + ": expected 28x28 images [n, 28, 28], got " + Shape.format(s));
        }
        if (labels.dim() != 1 || labels.size(0) != s[0]) {
            throw new IOException(labelFile + ": expected " + s[0] + " labels to go with " + imageFile.getFileName() + ", got " + Shape.format(labels.shape()));
        }
        int n = Math.min(limit, s[0]);
        long[] y = labels.slice(0, 0, n).contiguous().toLongArray();
        for (long label : y) {
            if (label < 0 || label >= CLASSES.size()) throw new IOException(labelFile + ": label " + label + " is not a class in [0, 10)");
        }
        Tensor x = images.slice(0, 0, n).contiguous().reshape(n, 1, SIDE, SIDE);
        try (var scope = GradMode.noGrad()) {
            x.mul_(1 / 255f);
        }
        return new TensorDataset(x, Tensor.ofLongs(y, n));
    }

    private static Tensor readIdx(Path file, boolean longs) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found (Fashion-MNIST in gzip-compressed IDX format; give the folder with --data)");
        try {
            return longs ? Idx.readLongs(file) : Idx.readFloats(file);
        } catch (IOException e) {
            String m = e.getMessage();
            if (m != null && m.contains(file.toString())) throw e;
            throw new IOException(file + ": cannot read it as gzip-compressed IDX: " + (m != null ? m : e.getClass().getSimpleName()), e);
        }
    }

    private static TensorDataset slice(TensorDataset d, int from, int to) {
        return new TensorDataset(d.x().slice(0, from, to), d.y().slice(0, from, to));
    }
}
