package dev.arabica.examples;

import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.cnn.GlobalAvgPool2d;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.cnn.vision.Augment;
import dev.arabica.cnn.vision.RandomCrop;
import dev.arabica.cnn.vision.RandomHorizontalFlip;
import dev.arabica.cnn.vision.Transform;
import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Sigmoid;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import dev.arabica.optim.CosineAnnealingLR;
import dev.arabica.optim.Optimizer;
import dev.arabica.optim.SGD;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The course's cat classifier on its 64x64 images: logistic regression, a 12288-7-1 network or a
 * 12288-20-7-5-1 network trained by full-batch gradient descent with the course's settings, or a
 * small CNN trained with Adam (learning rate annealed along a cosine) on mini-batches of augmented
 * images (random flips and shifts).
 * Shows the progress, prints the train and test accuracy, saves the weights (safetensors), the
 * learning curve (train and test loss) and a picture of the mislabelled test images (the course's
 * error analysis). {@code --predict picture.jpg} classifies a picture with saved weights instead.
 *
 * <p>The course's data has no dev set; the test set's loss is drawn on the learning curve but
 * nothing is chosen by it (no early stopping): the reported test accuracy is the final model's.
 */
@Command(name = "cat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cat vs non-cat on the course's 64x64 images: logistic regression, 2-layer or 4-layer network, or a CNN.",
                "Prints progress and the accuracies, saves the weights, the learning curve and the mislabelled test images. "
                        + "With --predict, classifies your own picture instead."})
public final class CatExample implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CatExample.class);

    /** The three models of the course and the CNN. */
    enum Model {
        LOGREG("logreg", 2000, 0.005), TWO_LAYER("2layer", 2500, 0.0075), FOUR_LAYER("4layer", 2500, 0.0075), CNN("cnn", 40, 0.001);

        final String id;
        /** Default epochs (for the full-batch models, iterations). */
        final int epochs;
        final double lr;

        Model(String id, int epochs, double lr) {
            this.id = id;
            this.epochs = epochs;
            this.lr = lr;
        }

        static Model of(String id) {
            for (Model m : values()) if (m.id.equalsIgnoreCase(id)) return m;
            throw new IllegalArgumentException("unknown model '" + id + "' (choose logreg, 2layer, 4layer or cnn)");
        }
    }

    @Option(names = "--model", defaultValue = "4layer", converter = ModelConverter.class, paramLabel = "logreg|2layer|4layer|cnn",
            description = {"logreg, 2layer (12288-7-1), 4layer (12288-20-7-5-1) or cnn (4 conv layers, augmented images)",
                    "(default: ${DEFAULT-VALUE})."})
    Model model;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with train_catvnoncat.h5 and test_catvnoncat.h5 (default: ../shared/data/catvnoncat beside the project).")
    Path data;

    @Option(names = {"--epochs", "--iterations"}, paramLabel = "N", description = {"Epochs; for the full-batch models an epoch is one iteration",
            "(default: 2000 for logreg, 2500 for 2layer and 4layer, 40 for cnn)."})
    Integer epochs;

    @Option(names = "--lr", description = "Learning rate (default: 0.005 for logreg, 0.0075 for 2layer and 4layer, 0.001 for cnn with Adam).")
    Double lr;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size of the cnn (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", description = {"Seed (default: ${DEFAULT-VALUE}). The course's models: the NumPy seed of the",
            "initial weights (1 gives the course's); cnn: weights, shuffling, augmentation and dropout."})
    long seed;

    @Mixin
    StandardOptions options = new StandardOptions();

    @Option(names = "--predict", paramLabel = "IMAGE", description = "Classify this picture with saved weights instead of training.")
    Path predict;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights file for --predict (default: <output>/cat-<model>.safetensors).")
    Path weights;

    PrintStream out = System.out;

    /** What a training run found (for tests). */
    record Result(History history, double trainAccuracy, double testAccuracy, List<Integer> mislabelled, Path weights, Path curve,
                  Path mislabelledPicture, double seconds) {
        /** The training cost of each epoch (iteration). */
        List<Double> costs() {
            return history.get("loss");
        }
    }

    Result result;

    /** What --predict found (for tests). */
    double predictedProbability = Double.NaN;

    static final class ModelConverter implements picocli.CommandLine.ITypeConverter<Model> {
        @Override
        public Model convert(String value) {
            return Model.of(value);
        }
    }

    @Override
    public Integer call() throws Exception {
        return options.run(this::run);
    }

    private Integer run() throws IOException {
        Path outputDir = options.outputDir();
        Path weightsFile = weights != null ? weights : outputDir.resolve("cat-" + model.id + ".safetensors");
        if (predict != null) return predict(weightsFile);

        Path dataDir = data != null ? data : Main.projectRoot().resolve("../shared/data/catvnoncat").normalize();
        TensorDataset train = CatData.train(dataDir), test = CatData.test(dataDir);
        log.info("{} training and {} test images of {} features from {}", train.size(), test.size(), CatData.FEATURES, dataDir);
        int steps = epochs != null ? epochs : model.epochs;
        double rate = lr != null ? lr : model.lr;
        Module net = build(model, seed);
        TensorDataset trainSet = input(train), testSet = input(test);
        Trainer trainer = new Trainer(net, Losses::binaryCrossEntropy, optimizer(net, rate))
                .metrics(Metrics.binaryAccuracy(0.5))
                .callbacks(options.progress(out, model == Model.CNN ? 1 : 100));
        if (model == Model.CNN) {
            trainer.scheduler(new CosineAnnealingLR(trainer.optimizer(), steps));
            out.printf(Locale.ROOT, "cat: cnn, %d epochs of Adam on mini-batches of %d augmented images (flips, shifts), "
                    + "learning rate %s with cosine annealing%n", steps, batchSize, LearningCurve.plain(rate));
        } else {
            out.printf(Locale.ROOT, "cat: %s, %d iterations of full-batch gradient descent, learning rate %s%n", model.id, steps, LearningCurve.plain(rate));
        }

        long start = System.nanoTime();
        History history = trainer.fit(trainBatches(trainSet), PlanarExample.fullBatch(testSet), steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainAccuracy = trainer.evaluate(DataLoader.of(trainSet).batchSize(64)).get("accuracy");
        float[] p = Evaluation.predict(net, testSet.x(), 64).contiguous().toFloatArray(), y = test.y().toFloatArray();
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < p.length; i++) if ((p[i] > 0.5f) != (y[i] > 0.5f)) wrong.add(i);
        double testAccuracy = 1 - wrong.size() / (double) p.length;

        ModelFiles.save(net, weightsFile, Map.of("model", model.id));
        Path curve = outputDir.resolve("cat-" + model.id + "-curve.png");
        LearningCurve.write(curve, "cat vs non-cat, " + model.id + ", learning rate " + LearningCurve.plain(rate), model == Model.CNN ? "epoch" : "iteration",
                history, "test (no dev set)");
        Path mislabelled = outputDir.resolve("cat-" + model.id + "-mislabelled.png");
        Pictures.writePng(mislabelled, mislabelledGrid(test, p, wrong));
        out.printf(Locale.ROOT, "trained in %.1f s; weights %s, learning curve %s, mislabelled test images %s%n", seconds, weightsFile, curve,
                mislabelled);
        out.printf(Locale.ROOT, "train accuracy: %.3f%n", trainAccuracy);
        out.printf(Locale.ROOT, "test accuracy: %.3f%n", testAccuracy);
        result = new Result(history, trainAccuracy, testAccuracy, wrong, weightsFile, curve, mislabelled, seconds);
        return 0;
    }

    private Optimizer<?> optimizer(Module net, double rate) {
        return model == Model.CNN ? new Adam(net.parameters(), rate) : new SGD(net.parameters(), rate);
    }

    /** Full batches for the course's models; shuffled, augmented mini-batches for the CNN. */
    private DataLoader trainBatches(TensorDataset trainSet) {
        if (model != Model.CNN) return PlanarExample.fullBatch(trainSet);
        return Augment.batches(DataLoader.of(trainSet).batchSize(batchSize).shuffle(seed), augmentation(), seed + 1);
    }

    /** Random left-right flips and shifts of up to 4 pixels (zero padding, then a random 64x64 crop). */
    static Transform augmentation() {
        return Transform.compose(new RandomHorizontalFlip(), new RandomCrop(CatData.SIDE, CatData.SIDE, 4));
    }

    /** The data as the model takes it: rows of 12288 features, or {@code [m, 3, 64, 64]} images for the CNN. */
    private TensorDataset input(TensorDataset rows) {
        return model == Model.CNN ? new TensorDataset(CatData.images(rows.x()), rows.y()) : rows;
    }

    /**
     * The course's {@code print_mislabeled_images}: each wrongly classified test image, twice its
     * size, with the prediction and the label below.
     */
    static BufferedImage mislabelledGrid(TensorDataset test, float[] p, List<Integer> wrong) {
        if (wrong.isEmpty()) return Pictures.text(480, 120, "no mislabelled test images");
        float[] pixels = test.x().contiguous().toFloatArray(), y = test.y().toFloatArray();
        List<BufferedImage> tiles = new ArrayList<>();
        for (int i : wrong) {
            tiles.add(Pictures.captioned(Pictures.fromHwc(pixels, i * CatData.FEATURES, CatData.SIDE), 2,
                    String.format(Locale.ROOT, "predicted: %s (%.2f)", p[i] > 0.5f ? "cat" : "non-cat", p[i]),
                    "label: " + (y[i] > 0.5f ? "cat" : "non-cat") + " (#" + i + ")"));
        }
        return Pictures.grid(tiles, 6, 8, wrong.size() + " mislabelled test images of " + p.length);
    }

    private int predict(Path weightsFile) throws IOException {
        Module net = build(model, seed);
        ModelFiles.load(net, weightsFile);
        Tensor x = Images.load(predict, CatData.SIDE);
        if (model == Model.CNN) x = CatData.images(x);
        double p = Evaluation.predict(net, x).item();
        predictedProbability = p;
        out.printf(Locale.ROOT, "%s: %s (probability of cat %.3f, model %s)%n", predict.getFileName(),
                p > 0.5 ? "cat" : "non-cat", p, weightsFile.getFileName());
        return 0;
    }

    /**
     * The model with its initial weights: the course's architectures and initialisations drawn from
     * {@code new NumpyRandom(seed)} in the order of its notebooks (layer 1 first), so seed 1 gives
     * its initial weights; the CNN with PyTorch's default initialisation from {@code new Generator(seed)}.
     */
    static Module build(Model model, long seed) {
        NumpyRandom gen = new NumpyRandom(seed);
        return switch (model) {
            case LOGREG -> {
                Linear linear = new Linear(CatData.FEATURES, 1, new Generator(0));
                Init.zeros_(linear.weight());
                Init.zeros_(linear.bias());
                yield new Sequential(linear, new Sigmoid());
            }
            // two_layer_model: W = randn * 0.01, b = 0
            case TWO_LAYER -> new Sequential(dense(CatData.FEATURES, 7, 0.01, gen), new ReLU(), dense(7, 1, 0.01, gen), new Sigmoid());
            // L_layer_model: W = randn / sqrt(fan_in), b = 0
            case FOUR_LAYER -> {
                int[] sizes = {CatData.FEATURES, 20, 7, 5, 1};
                Sequential net = new Sequential();
                for (int l = 1; l < sizes.length; l++) {
                    net.add(dense(sizes[l - 1], sizes[l], 1 / Math.sqrt(sizes[l - 1]), gen));
                    net.add(l < sizes.length - 1 ? new ReLU() : new Sigmoid());
                }
                yield net;
            }
            case CNN -> cnn(new Generator(seed));
        };
    }

    /**
     * The CNN, {@code [m, 3, 64, 64]} to the probability of cat {@code [m, 1]}: four blocks of 3x3
     * convolution (16, 32, 64, 64 channels, no bias), batch norm and ReLU, the first three followed
     * by 2x2 max pooling (64 to 8 pixels), then global average pooling, dropout 0.3, a linear layer
     * and a sigmoid: 60,753 parameters.
     */
    static Sequential cnn(Generator gen) {
        int[] channels = {3, 16, 32, 64, 64};
        Sequential net = new Sequential();
        for (int b = 1; b < channels.length; b++) {
            net.add(new Conv2d(channels[b - 1], channels[b], 3, ConvOptions.DEFAULT.padding(1).bias(false), gen));
            net.add(new BatchNorm2d(channels[b]));
            net.add(new ReLU());
            if (b < channels.length - 1) net.add(new MaxPool2d(2));
        }
        net.add(new GlobalAvgPool2d());
        net.add(new Dropout(0.3, gen));
        net.add(new Linear(channels[channels.length - 1], 1, gen));
        net.add(new Sigmoid());
        return net;
    }

    /** A dense layer with weights {@code randn(out, in) * scale} and zero biases. */
    private static Linear dense(int in, int out, double scale, NumpyRandom gen) {
        Linear linear = new Linear(in, out, new Generator(0));
        try (var scope = GradMode.noGrad()) {
            linear.weight().copy_(Tensor.of(gen.randn(out, in, scale), out, in));
        }
        Init.zeros_(linear.bias());
        return linear;
    }
}
