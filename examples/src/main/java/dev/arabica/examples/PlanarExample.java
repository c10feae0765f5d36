package dev.arabica.examples;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Sigmoid;
import dev.arabica.nn.Tanh;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.SGD;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The course's "planar data" exercise: 400 points of a two-class flower that no line separates.
 * Logistic regression (a plain gradient-descent loop) gets about half of them right; a 2-4-1 network
 * with a tanh hidden layer (trained with the {@link Trainer}) about 90%. Writes the network's
 * weights, its cost curve and its decision boundary. {@code --sweep} trains the course's hidden-size
 * sweep instead (1, 2, 3, 4, 5, 20 and 50 units, 5,000 iterations each) and writes a decision
 * boundary per size and one picture with all of them.
 */
@Command(name = "planar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The course's flower data set: logistic regression vs a 2-4-1 tanh network (the default example).",
                "--sweep: the hidden-size sweep with a decision boundary per size."})
public final class PlanarExample implements Callable<Integer> {
    @Option(names = "--iterations", paramLabel = "N", description = "Gradient-descent iterations of the network (default: 10000, 5000 with --sweep).")
    Integer iterations;

    @Option(names = "--logreg-iterations", defaultValue = "2000", description = "Iterations of logistic regression (default: ${DEFAULT-VALUE}).")
    int logregIterations;

    @Option(names = "--hidden", defaultValue = "4", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", defaultValue = "1.2", description = "Learning rate of the network (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "1", description = {"NumPy seed of the data; the weights use seed + 1 (default: ${DEFAULT-VALUE}:",
            "the course's data set and initial weights)."})
    long seed;

    @Option(names = "--sweep", description = "Train one network per hidden size of --sizes instead (the course's sweep).")
    boolean sweep;

    @Option(names = "--sizes", split = ",", paramLabel = "N,N,...", defaultValue = "1,2,3,4,5,20,50",
            description = "Hidden sizes of --sweep (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Mixin
    StandardOptions options = new StandardOptions();

    PrintStream out = System.out;

    /** What a run found (for tests); {@code sweep} maps a hidden size to its accuracy and picture. */
    record Result(double logisticAccuracy, double accuracy, History history, Path weights, Path curve, Path boundary,
                  Map<Integer, SweepPoint> sweep) {}

    /** One size of the sweep. */
    record SweepPoint(double accuracy, History history, Path boundary) {}

    Result result;

    @Override
    public Integer call() throws Exception {
        return options.run(this::train);
    }

    private Integer train() throws IOException {
        TensorDataset data = flower(400, new NumpyRandom(seed));
        Path dir = options.outputDir();
        out.printf(Locale.ROOT, "planar: %d points, 2 classes%n", data.size());
        if (sweep) return sweep(data, dir);

        double logistic = logisticRegression(data, logregIterations);
        out.printf(Locale.ROOT, "logistic regression accuracy: %.2f%n", logistic);

        int steps = iterations != null ? iterations : 10000;
        Sequential model = network(hidden, new NumpyRandom(seed + 1));
        Trainer trainer = new Trainer(model, Losses::binaryCrossEntropy, new SGD(model.parameters(), lr))
                .metrics(Metrics.binaryAccuracy(0.5))
                .callbacks(options.progress(out, steps / 10));
        History history = trainer.fit(fullBatch(data), null, steps);
        double accuracy = trainer.evaluate(fullBatch(data)).get("accuracy");
        Path weights = dir.resolve("planar.safetensors"), curve = dir.resolve("planar-cost.png"), boundary = dir.resolve("planar-boundary.png");
        ModelFiles.save(model, weights, Map.of("hidden", Integer.toString(hidden)));
        LearningCurve.write(curve, "planar, 2-" + hidden + "-1 network, learning rate " + lr + " (no dev set: the course trains on all points)",
                "iteration", history, "dev");
        Pictures.writePng(boundary, DecisionBoundary.render(model, data,
                String.format(Locale.ROOT, "2-%d-1 tanh network: accuracy %.2f", hidden, accuracy)));
        out.printf(Locale.ROOT, "network 2-%d-1 (tanh, sigmoid), %d iterations; weights %s, pictures %s and %s%n", hidden, steps,
                weights.getFileName(), curve.getFileName(), boundary.getFileName());
        out.printf(Locale.ROOT, "accuracy: %.2f%n", accuracy);
        result = new Result(logistic, accuracy, history, weights, curve, boundary, Map.of());
        return 0;
    }

    /** The course's sweep: one network per hidden size, an accuracy line and a decision boundary each. */
    private Integer sweep(TensorDataset data, Path dir) throws IOException {
        int steps = iterations != null ? iterations : 5000;
        Map<Integer, SweepPoint> points = new LinkedHashMap<>();
        List<BufferedImage> pictures = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int h : sizes) {
            if (h < 1) throw new IllegalArgumentException("planar: hidden sizes must be >= 1, got " + h);
            Sequential model = network(h, new NumpyRandom(seed + 1));
            Trainer trainer = new Trainer(model, Losses::binaryCrossEntropy, new SGD(model.parameters(), lr))
                    .metrics(Metrics.binaryAccuracy(0.5))
                    .callbacks(options.progress(out, steps));
            out.printf(Locale.ROOT, "hidden layer of size %d:%n", h);
            History history = trainer.fit(fullBatch(data), null, steps);
            double accuracy = trainer.evaluate(fullBatch(data)).get("accuracy");
            BufferedImage picture = DecisionBoundary.render(model, data, String.format(Locale.ROOT, "hidden layer of size %d: accuracy %.4f", h, accuracy));
            Path file = dir.resolve("planar-hidden-" + h + ".png");
            Pictures.writePng(file, picture);
            ModelFiles.save(model, dir.resolve("planar-hidden-" + h + ".safetensors"), Map.of("hidden", Integer.toString(h)));
            pictures.add(picture);
            points.put(h, new SweepPoint(accuracy, history, file));
            lines.add(String.format(Locale.ROOT, "accuracy for %d hidden units: %.4f", h, accuracy));
        }
        Path grid = dir.resolve("planar-sweep.png");
        Pictures.writePng(grid, Pictures.grid(pictures, 4, 10, "planar: decision boundary per hidden-layer size (" + steps + " iterations)"));
        out.println("pictures: " + dir.resolve("planar-hidden-<size>.png") + ", all sizes in " + grid);
        for (String line : lines) out.println(line);
        result = new Result(Double.NaN, Double.NaN, null, null, null, grid, points);
        return 0;
    }

    /**
     * The flower: for class j in {0, 1}, n/2 points with t = linspace(3.12 j, 3.12 (j + 1), n/2) +
     * 0.2 N(0,1), r = 4 sin(4t) + 0.2 N(0,1), point (r sin t, r cos t). Inputs [n, 2], labels [n, 1].
     * Drawn in the order of the course's {@code load_planar_dataset}, so {@code NumpyRandom(1)} gives
     * its data set.
     */
    static TensorDataset flower(int n, NumpyRandom gen) {
        int perClass = n / 2;
        float[] x = new float[2 * perClass * 2], y = new float[2 * perClass];
        for (int j = 0; j < 2; j++) {
            double[] t = new double[perClass];
            for (int i = 0; i < perClass; i++) {
                double linspace = perClass == 1 ? 3.12 * j : 3.12 * j + 3.12 * i / (perClass - 1);
                t[i] = linspace + 0.2 * gen.nextGaussian();
            }
            for (int i = 0; i < perClass; i++) {
                double r = 4 * Math.sin(4 * t[i]) + 0.2 * gen.nextGaussian();
                int row = j * perClass + i;
                x[2 * row] = (float) (r * Math.sin(t[i]));
                x[2 * row + 1] = (float) (r * Math.cos(t[i]));
                y[row] = j;
            }
        }
        return new TensorDataset(Tensor.of(x, 2 * perClass, 2), Tensor.of(y, 2 * perClass, 1));
    }

    /**
     * The 2-h-1 network, initialised as the course's {@code initialize_parameters}: {@code W = randn * 0.01}
     * drawn layer by layer from {@code gen}, biases 0.
     */
    static Sequential network(int hidden, NumpyRandom gen) {
        Linear first = new Linear(2, hidden, new Generator(0)), second = new Linear(hidden, 1, new Generator(0));
        for (Linear l : List.of(first, second)) {
            try (var scope = GradMode.noGrad()) {
                l.weight().copy_(Tensor.of(gen.randn(l.outFeatures(), l.inFeatures(), 0.01), l.outFeatures(), l.inFeatures()));
            }
            Init.zeros_(l.bias());
        }
        return new Sequential(first, new Tanh(), second, new Sigmoid());
    }

    /**
     * Logistic regression written as a plain loop (no trainer): full-batch gradient descent on the
     * binary cross-entropy, then the accuracy at threshold 0.5.
     */
    static double logisticRegression(TensorDataset data, int iterations) {
        Linear linear = new Linear(2, 1, new Generator(0));
        Init.zeros_(linear.weight());
        Init.zeros_(linear.bias());
        Sequential model = new Sequential(linear, new Sigmoid());
        for (int i = 0; i < iterations; i++) {
            model.zeroGrad();
            Losses.binaryCrossEntropy(model.forward(data.x()), data.y()).backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : model.parameters()) p.add_(p.grad(), -0.1f);
            }
        }
        return Evaluation.evaluate(model, null, fullBatch(data), List.of(Metrics.binaryAccuracy(0.5)))
                .get("accuracy");
    }

    /** The whole data set as one batch (full-batch gradient descent). */
    static DataLoader fullBatch(TensorDataset data) {
        return DataLoader.of(data).batchSize(data.size());
    }
}
