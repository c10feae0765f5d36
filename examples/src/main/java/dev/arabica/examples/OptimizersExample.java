package dev.arabica.examples;

import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Sigmoid;
import dev.arabica.nn.data.DataLoader;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.train.Callback;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Trainer;
import dev.arabica.optim.Adam;
import dev.arabica.optim.EwmaMomentum;
import dev.arabica.optim.Optimizer;
import dev.arabica.optim.SGD;
import java.awt.image.BufferedImage;
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
 * The course's "Optimization methods" comparison: the same 2-5-2-1 network (ReLU, ReLU, sigmoid,
 * He initialisation) trained on a two-moons data set with mini-batch gradient descent, momentum and
 * Adam, everything as in the course's notebook: the data of {@code np.random.seed(3);
 * sklearn.datasets.make_moons(300, noise=0.2)} (reproduced by {@link #moons}), the initial weights
 * of {@code np.random.seed(3)}, mini-batches of 64 shuffled by {@code np.random.seed(11 + epoch)},
 * learning rate 0.0007, 10,000 epochs, momentum {@code beta = 0.9} (the course's EWMA form,
 * {@link EwmaMomentum}), Adam with betas 0.9 and 0.999. The course reports accuracies of about
 * 80%, 80% and 94% on the training set.
 *
 * <p>Prints a table of the final accuracies, writes one PNG with the three cost curves above the
 * three decision boundaries, and the three models' weights.
 */
@Command(name = "optimizers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The course's optimizer comparison on two moons: mini-batch gradient descent, momentum and Adam,",
                "a table of the accuracies and one PNG with the cost curves and decision boundaries."})
public final class OptimizersExample implements Callable<Integer> {
    /** The course's training-set accuracies: gd, momentum, adam. */
    static final double[] COURSE_ACCURACY = {0.797, 0.797, 0.940};

    /** The three optimizers of the comparison. */
    enum Kind {
        GD("gd", "mini-batch gradient descent"), MOMENTUM("momentum", "momentum"), ADAM("adam", "Adam");

        final String id;
        final String title;

        Kind(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    @Option(names = "--epochs", defaultValue = "10000", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.0007", description = "Learning rate of all three (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--beta", defaultValue = "0.9", description = "Momentum's beta (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--seed", defaultValue = "3", description = {"NumPy seed of the data set and of the initial weights",
            "(default: ${DEFAULT-VALUE}, the course's); epoch e is shuffled with seed 11 + e."})
    long seed;

    @Option(names = "--points", defaultValue = "300", description = "Points of the two-moons set (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--noise", defaultValue = "0.2", description = "Standard deviation of the noise (default: ${DEFAULT-VALUE}).")
    double noise;

    @Mixin
    StandardOptions options = new StandardOptions();

    PrintStream out = System.out;

    /** One optimizer's run (for tests). */
    record Run(Kind kind, double accuracy, History history, Path weights) {}

    /** What a run found (for tests). */
    record Result(List<Run> runs, Path figure) {}

    Result result;

    @Override
    public Integer call() throws Exception {
        return options.run(this::compare);
    }

    private Integer compare() throws Exception {
        if (points < 2 || batchSize < 1 || epochs < 1) {
            throw new IllegalArgumentException("optimizers: need --points >= 2, --batch-size >= 1 and --epochs >= 1");
        }
        TensorDataset data = moons(points, noise, new NumpyRandom(seed));
        Path dir = options.outputDir();
        out.printf(Locale.ROOT, "optimizers: %d two-moons points (noise %s), 2-5-2-1 network, batch %d, learning rate %s, %d epochs%n",
                points, LearningCurve.plain(noise), batchSize, LearningCurve.plain(lr), epochs);
        List<Run> runs = new ArrayList<>();
        List<BufferedImage> curves = new ArrayList<>(), boundaries = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            out.println(kind.title + ":");
            Sequential model = network(new NumpyRandom(seed));
            CourseMiniBatches batches = new CourseMiniBatches(data, batchSize, 11);
            Trainer trainer = new Trainer(model, Losses::binaryCrossEntropy, optimizer(kind, model))
                    .metrics(Metrics.binaryAccuracy(0.5))
                    .callbacks(batches, options.progress(out, epochs / 10));
            History history = trainer.fit(batches.loader(), null, epochs);
            double accuracy = trainer.evaluate(PlanarExample.fullBatch(data)).get("accuracy");
            Path weights = dir.resolve("optimizers-" + kind.id + ".safetensors");
            ModelFiles.save(model, weights, Map.of("optimizer", kind.id));
            runs.add(new Run(kind, accuracy, history, weights));
            Map<String, List<Double>> cost = new LinkedHashMap<>();
            cost.put("train", history.get("loss"));
            curves.add(LearningCurve.image(LearningCurve.chart(kind.title + ", learning rate " + LearningCurve.plain(lr), "epoch", "cost", cost, 1, 452, 380)));
            boundaries.add(DecisionBoundary.render(model, data, String.format(Locale.ROOT, "%s: accuracy %.3f", kind.title, accuracy)));
        }

        out.println();
        out.printf(Locale.ROOT, "%-28s %8s %11s %16s%n", "optimizer", "accuracy", "final cost", "course accuracy");
        for (Run r : runs) {
            List<Double> loss = r.history.get("loss");
            out.printf(Locale.ROOT, "%-28s %8.3f %11.4f %16.3f%n", r.kind.title, r.accuracy, loss.get(loss.size() - 1), COURSE_ACCURACY[r.kind.ordinal()]);
        }
        List<BufferedImage> cells = new ArrayList<>(curves);
        cells.addAll(boundaries);
        Path figure = dir.resolve("optimizers.png");
        Pictures.writePng(figure, Pictures.grid(cells, 3, 10, "Two moons: cost per epoch and decision boundary of each optimizer"));
        out.println("figure: " + figure);
        for (Run r : runs) out.printf(Locale.ROOT, "%s accuracy: %.3f%n", r.kind.id, r.accuracy);
        result = new Result(runs, figure);
        return 0;
    }

    private Optimizer<?> optimizer(Kind kind, Sequential model) {
        return switch (kind) {
            case GD -> new SGD(model.parameters(), lr);
            case MOMENTUM -> new EwmaMomentum(model.parameters(), EwmaMomentum.Options.lr(lr).withBeta(beta));
            case ADAM -> new Adam(model.parameters(), lr);
        };
    }

    /**
     * scikit-learn's {@code make_moons(n, shuffle=True, noise=noise)} drawing from NumPy's global
     * generator, as the course calls it after {@code np.random.seed(3)}: the outer half-circle
     * {@code (cos t, sin t)} (label 0) and the inner one {@code (1 - cos t, 0.5 - sin t)} (label 1)
     * at {@code t = linspace(0, pi, n/2)}, the points shuffled ({@code np.random.shuffle} of the
     * indices), then Gaussian noise added to x and y in C order. Inputs {@code [n, 2]}, labels {@code [n, 1]}.
     */
    static TensorDataset moons(int n, double noise, NumpyRandom gen) {
        int outer = n / 2, inner = n - outer;
        double[] px = new double[n], py = new double[n];
        for (int i = 0; i < outer; i++) {
            double t = linspace(Math.PI, outer, i);
            px[i] = Math.cos(t);
            py[i] = Math.sin(t);
        }
        for (int i = 0; i < inner; i++) {
            double t = linspace(Math.PI, inner, i);
            px[outer + i] = 1 - Math.cos(t);
            py[outer + i] = 1 - Math.sin(t) - 0.5;
        }
        int[] order = gen.permutation(n);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            y[i] = k < outer ? 0 : 1;
            x[2 * i] = (float) (px[k] + noise * gen.nextGaussian());
            x[2 * i + 1] = (float) (py[k] + noise * gen.nextGaussian());
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n, 1));
    }

    /** Element {@code i} of {@code np.linspace(0, stop, num)}. */
    private static double linspace(double stop, int num, int i) {
        if (num == 1) return 0;
        return i == num - 1 ? stop : i * (stop / (num - 1));
    }

    /**
     * The course's 2-5-2-1 network with {@code initialize_parameters}: {@code W = randn(out, in) *
     * sqrt(2 / in)} layer by layer from {@code gen}, biases 0.
     */
    static Sequential network(NumpyRandom gen) {
        int[] sizes = {2, 5, 2, 1};
        Sequential net = new Sequential();
        for (int l = 1; l < sizes.length; l++) {
            Linear linear = new Linear(sizes[l - 1], sizes[l], new dev.arabica.core.Generator(0));
            try (var scope = GradMode.noGrad()) {
                linear.weight().copy_(Tensor.of(gen.randn(sizes[l], sizes[l - 1], Math.sqrt(2.0 / sizes[l - 1])), sizes[l], sizes[l - 1]));
            }
            Init.zeros_(linear.bias());
            net.add(linear);
            net.add(l < sizes.length - 1 ? new ReLU() : new Sigmoid());
        }
        return net;
    }

    /**
     * The course's {@code random_mini_batches}: epoch {@code e} permutes the examples with
     * {@code np.random.seed(firstSeed + e); np.random.permutation(n)} and cuts them into batches of
     * {@code batchSize}, the last one smaller. A {@link DataLoader} over the examples' positions
     * whose transform gathers the rows of the current permutation, which this callback draws
     * before each epoch (add it to the trainer's callbacks).
     */
    static final class CourseMiniBatches implements Callback {
        private final TensorDataset data;
        private final long firstSeed;
        private final DataLoader loader;
        private Tensor order;

        CourseMiniBatches(TensorDataset data, int batchSize, long firstSeed) {
            int n = data.size();
            long[] positions = new long[n];
            for (int i = 0; i < n; i++) positions[i] = i;
            Tensor p = Tensor.ofLongs(positions, n);
            this.data = data;
            this.firstSeed = firstSeed;
            this.loader = DataLoader.of(new TensorDataset(p, p)).batchSize(batchSize).transform(this::gather);
            permute(0);
        }

        /** The batches of the current epoch's permutation. */
        DataLoader loader() {
            return loader;
        }

        /** Draws epoch {@code epoch}'s permutation. */
        void permute(int epoch) {
            order = Tensor.ofInts(new NumpyRandom(firstSeed + epoch).permutation(data.size()), data.size());
        }

        @Override
        public void onEpochBegin(Trainer trainer, int epoch) {
            permute(epoch);
        }

        private Batch gather(Batch positions) {
            Tensor rows = order.indexSelect(0, positions.x());
            return new Batch(data.x().indexSelect(0, rows), data.y().indexSelect(0, rows));
        }
    }
}
