package dev.arabica.examples;

import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Sigmoid;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.train.Callback;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.SGD;
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
import picocli.CommandLine.Option;

/**
 * The course's cat classifier on its 64x64 images: logistic regression, a 12288-7-1 network or a
 * 12288-20-7-5-1 network, trained by full-batch gradient descent with the course's settings.
 * Prints the cost every 100 iterations and the train and test accuracy, saves the weights
 * (safetensors) and a PNG of the cost curve. {@code --predict picture.jpg} classifies a picture
 * with saved weights instead.
 */
@Command(name = "cat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cat vs non-cat on the course's 64x64 images: logistic regression, 2-layer or 4-layer network.",
                "Trains with full-batch gradient descent, prints the cost every 100 iterations and the accuracies, "
                        + "saves the weights and a PNG of the cost curve. With --predict, classifies your own picture instead."})
public final class CatExample implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(CatExample.class);

    /** The three models of the course. */
    enum Model {
        LOGREG("logreg", 2000, 0.005), TWO_LAYER("2layer", 2500, 0.0075), FOUR_LAYER("4layer", 2500, 0.0075);

        final String id;
        final int iterations;
        final double lr;

        Model(String id, int iterations, double lr) {
            this.id = id;
            this.iterations = iterations;
            this.lr = lr;
        }

        static Model of(String id) {
            for (Model m : values()) if (m.id.equalsIgnoreCase(id)) return m;
            throw new IllegalArgumentException("unknown model '" + id + "' (choose logreg, 2layer or 4layer)");
        }
    }

    @Option(names = "--model", defaultValue = "4layer", converter = ModelConverter.class, paramLabel = "logreg|2layer|4layer",
            description = "logreg, 2layer (12288-7-1) or 4layer (12288-20-7-5-1) (default: ${DEFAULT-VALUE}).")
    Model model;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with train_catvnoncat.h5 and test_catvnoncat.h5 (default: ../shared/data/catvnoncat beside the project).")
    Path data;

    @Option(names = "--iterations", paramLabel = "N", description = "Gradient-descent iterations (default: 2000 for logreg, 2500 otherwise).")
    Integer iterations;

    @Option(names = "--lr", description = "Learning rate (default: 0.005 for logreg, 0.0075 otherwise).")
    Double lr;

    @Option(names = "--seed", defaultValue = "1", description = {"NumPy seed of the initial weights (default: ${DEFAULT-VALUE}:",
            "the course's initial weights, as after np.random.seed(1))."})
    long seed;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for the weights and the cost plot (default: examples/output in the project).")
    Path output;

    @Option(names = "--predict", paramLabel = "IMAGE", description = "Classify this picture with saved weights instead of training.")
    Path predict;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights file for --predict (default: <output>/cat-<model>.safetensors).")
    Path weights;

    PrintStream out = System.out;

    /** What a training run found (for tests). */
    record Result(List<Double> costs, double trainAccuracy, double testAccuracy, Path weights, Path plot, double seconds) {}

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
    public Integer call() throws IOException {
        Path outputDir = output != null ? output : Main.projectRoot().resolve("examples/output");
        Path weightsFile = weights != null ? weights : outputDir.resolve("cat-" + model.id + ".safetensors");
        if (predict != null) return predict(weightsFile);

        Path dataDir = data != null ? data : Main.projectRoot().resolve("../shared/data/catvnoncat").normalize();
        TensorDataset train = CatData.train(dataDir), test = CatData.test(dataDir);
        log.info("{} training and {} test images of {} features from {}", train.size(), test.size(), CatData.FEATURES, dataDir);
        int steps = iterations != null ? iterations : model.iterations;
        double rate = lr != null ? lr : model.lr;
        Module net = build(model, new NumpyRandom(seed));
        out.printf(Locale.ROOT, "cat: %s, %d iterations of full-batch gradient descent, learning rate %s%n", model.id, steps, rate);

        List<Double> costs = new ArrayList<>();
        Trainer trainer = new Trainer(net, Losses::binaryCrossEntropy, new SGD(net.parameters(), rate))
                .metrics(Metrics.binaryAccuracy(0.5))
                .callbacks(new Callback() {
                    @Override
                    public void onEpochEnd(Trainer t, int iteration, Map<String, Double> logs) {
                        costs.add(logs.get("loss"));
                        if (iteration % 100 == 0 || iteration == steps - 1) {
                            out.printf(Locale.ROOT, "cost after iteration %d: %.6f%n", iteration, logs.get("loss"));
                        }
                    }
                });
        long start = System.nanoTime();
        trainer.fit(DataLoader.of(train).batchSize(train.size()), null, steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        double trainAccuracy = trainer.evaluate(DataLoader.of(train).batchSize(train.size()).epoch(0)).get("accuracy");
        double testAccuracy = trainer.evaluate(DataLoader.of(test).batchSize(test.size()).epoch(0)).get("accuracy");

        java.nio.file.Files.createDirectories(weightsFile.toAbsolutePath().getParent());
        ModelFiles.save(net, weightsFile, Map.of("model", model.id));
        Path plot = outputDir.resolve("cat-" + model.id + "-cost.png");
        CostPlot.write(plot, "cat vs non-cat, " + model.id + ", learning rate " + rate, costs);
        log.info("trained in {} s; weights saved to {}, cost curve to {}", String.format(Locale.ROOT, "%.1f", seconds), weightsFile, plot);
        out.printf(Locale.ROOT, "train accuracy: %.3f%n", trainAccuracy);
        out.printf(Locale.ROOT, "test accuracy: %.3f%n", testAccuracy);
        result = new Result(costs, trainAccuracy, testAccuracy, weightsFile, plot, seconds);
        return 0;
    }

    private int predict(Path weightsFile) throws IOException {
        Module net = build(model, new NumpyRandom(seed));
        ModelFiles.load(net, weightsFile);
        Tensor x = Images.load(predict, CatData.SIDE);
        double p = Evaluation.predict(net, x).item();
        predictedProbability = p;
        out.printf(Locale.ROOT, "%s: %s (probability of cat %.3f, model %s)%n", predict.getFileName(),
                p > 0.5 ? "cat" : "non-cat", p, weightsFile.getFileName());
        return 0;
    }

    /**
     * The course's architectures and initialisations, with weights drawn from {@code gen} in the
     * order of its notebooks (layer 1 first), so {@code new NumpyRandom(1)} gives its initial weights.
     */
    static Module build(Model model, NumpyRandom gen) {
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
        };
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
