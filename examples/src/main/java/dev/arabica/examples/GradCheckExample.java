package dev.arabica.examples;

import dev.arabica.core.Autograd;
import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Losses;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The course's gradient-checking exercise. Its network is LINEAR-RELU-LINEAR-RELU-LINEAR-SIGMOID
 * with 4 inputs, 5 and 3 hidden units and one output (47 parameters) on 3 examples, its cost the
 * binary cross-entropy, and its parameters and data those of the course's
 * {@code gradient_check_n_test_case} ({@code np.random.seed(1)}, then {@code x}, {@code W1},
 * {@code b1}, ... drawn by {@code randn}).
 *
 * <p>The gradient Arabica's autograd computes (float32) is compared with the centred difference
 * {@code (J(theta + eps) - J(theta - eps)) / (2 eps)} for every parameter, and the course's
 * relative difference {@code ||grad - approx|| / (||grad|| + ||approx||)} is printed; the course
 * calls a backward correct below 2e-7. As in the course, {@code J} for the differences is
 * evaluated in double precision ({@code eps = 1e-7} is far below what float32 resolves) by a
 * plain-Java forward pass of the same network from the same (float32) parameter values.
 *
 * <p>Then it repeats the check with the first two layers computed by a custom op recorded with
 * {@link Autograd#record} whose backward has the course's two deliberate bugs ({@code dW2} doubled,
 * {@code db1} four times too large): the difference jumps far above the threshold. Core's
 * {@link GradCheck} (float32, {@code eps = 1e-3}) of the custom op alone gives the same verdicts.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The course's gradient checking: autograd vs centred differences, and a wrong backward it catches.",
                "A 4-5-3-1 network on the course's test case; then a custom op with the course's deliberate bugs."})
public final class GradCheckExample implements Callable<Integer> {
    /** The course's threshold for {@code gradient_check_n}. */
    static final double THRESHOLD = 2e-7;
    static final String[] NAMES = {"W1", "b1", "W2", "b2", "W3", "b3"};

    @Option(names = "--seed", defaultValue = "1", description = "NumPy seed of the data and parameters (default: ${DEFAULT-VALUE}, the course's test case).")
    long seed;

    @Option(names = "--epsilon", defaultValue = "1e-7", description = "Step of the centred differences (default: ${DEFAULT-VALUE}, the course's).")
    double epsilon;

    @Mixin
    StandardOptions options = new StandardOptions();

    PrintStream out = System.out;

    /** What a run found (for tests). */
    record Result(double oneDimensional, double difference, double customDifference, double buggyDifference,
                  boolean gradCheckPassed, boolean buggyGradCheckPassed, Path plot) {}

    Result result;

    /** Computes {@code x W^T + b} for layer {@code layer} (1-based). */
    @FunctionalInterface
    interface LinearOp {
        Tensor apply(int layer, Tensor x, Tensor w, Tensor b);
    }

    /** The built-in op. */
    static final LinearOp BUILT_IN = (layer, x, w, b) -> x.linear(w, b);

    /** The custom op with a correct backward in every layer. */
    static final LinearOp CUSTOM = (layer, x, w, b) -> customLinear(x, w, b, 1f, 1f);

    /** The custom op in layers 1 and 2 with the course's bugs: {@code db1} times 4, {@code dW2} times 2. */
    static final LinearOp BUGGY = (layer, x, w, b) -> switch (layer) {
        case 1 -> customLinear(x, w, b, 1f, 4f);
        case 2 -> customLinear(x, w, b, 2f, 1f);
        default -> x.linear(w, b);
    };

    @Override
    public Integer call() throws Exception {
        return options.run(this::check);
    }

    private Integer check() throws Exception {
        if (!(epsilon > 0)) throw new IllegalArgumentException("gradcheck: --epsilon must be > 0, got " + epsilon);
        TestCase c = TestCase.course(seed);
        out.printf(Locale.ROOT, "gradcheck: the course's 4-5-3-1 network (relu, relu, sigmoid) on %d examples, %d parameters, epsilon %.0e%n",
                c.y.length, c.theta().length, epsilon);
        double oneDim = oneDimensional(epsilon);
        out.printf(Locale.ROOT, "1-D difference: %.1e%n", oneDim);

        double[][] correct = perTensorAndTotal(c, BUILT_IN);
        double[][] custom = perTensorAndTotal(c, CUSTOM);
        double[][] buggy = perTensorAndTotal(c, BUGGY);
        out.printf(Locale.ROOT, "difference: %.1e%n", correct[1][0]);
        out.println(verdict(correct[1][0]));
        out.printf(Locale.ROOT, "difference (custom op, correct backward): %.1e%n", custom[1][0]);
        out.printf(Locale.ROOT, "difference (with the bug): %.1e%n", buggy[1][0]);
        out.println(verdict(buggy[1][0]));
        StringBuilder perTensor = new StringBuilder("with the bug, per tensor:");
        for (int i = 0; i < NAMES.length; i++) perTensor.append(String.format(Locale.ROOT, " %s %.1e", NAMES[i], buggy[0][i]));
        out.println(perTensor);

        GradCheck.Report ok = checkOp(1f, 1f), bad = checkOp(2f, 1f);
        out.println("core GradCheck of the custom op alone (float32, eps 1e-3): " + describe(ok));
        out.println("core GradCheck of the custom op with the dW bug: " + describe(bad));

        Path plot = options.outputDir().resolve("gradcheck.png");
        writePlot(plot, correct[0], buggy[0]);
        out.println("plot: " + plot);
        result = new Result(oneDim, correct[1][0], custom[1][0], buggy[1][0], ok.passed(), bad.passed(), plot);
        return 0;
    }

    /**
     * Core's {@link GradCheck} (float32 centred differences, {@code eps = 1e-3}) of the custom op
     * alone on random inputs of layer 2's shapes. Not of the whole network: a float32 step that
     * large can cross a ReLU's kink and fail a correct backward, which the course's double-precision
     * {@code eps = 1e-7} does not.
     */
    GradCheck.Report checkOp(float weightGradScale, float biasGradScale) {
        Generator gen = new Generator(seed);
        Tensor x = Tensor.randn(gen, 3, 5).requiresGrad_(true), w = Tensor.randn(gen, 3, 5).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, 3).requiresGrad_(true);
        return GradCheck.check(in -> customLinear(in[0], in[1], in[2], weightGradScale, biasGradScale), x, w, b);
    }

    /** A GradCheck report of {@link #checkOp} with the input's name. */
    private static String describe(GradCheck.Report r) {
        String where = new String[] {"x", "W", "b"}[r.worstInput()] + dev.arabica.core.Shape.format(r.worstIndex());
        return String.format(Locale.ROOT, "%s (worst element %s: autograd %.6f, numeric %.6f, error/tolerance %.3g)",
                r.passed() ? "passed" : "FAILED", where, r.analytic(), r.numeric(), r.ratio());
    }

    private static String verdict(double difference) {
        return difference < THRESHOLD
                ? "the backward is correct (difference below the course's threshold 2e-7)"
                : "there is a mistake in the backward (difference above the course's threshold 2e-7)";
    }

    /**
     * The course's first exercise, {@code J(theta) = theta x} at {@code x = 2, theta = 4}: autograd's
     * {@code dJ/dtheta} against the centred difference.
     */
    static double oneDimensional(double eps) {
        Tensor theta = Tensor.of(4f).requiresGrad_(true);
        theta.mul(2f).sum().backward();
        double grad = theta.grad().item(), x = 2, t = 4;
        double approx = ((t + eps) * x - (t - eps) * x) / (2 * eps);
        return Math.abs(grad - approx) / (Math.abs(grad) + Math.abs(approx));
    }

    /**
     * The cost of the network with {@code op} for its linear layers; {@code in} holds X {@code [m, 4]},
     * Y {@code [m, 1]}, then W1, b1, W2, b2, W3, b3 in PyTorch layout ({@code W [out, in]}).
     */
    static Tensor cost(Tensor[] in, LinearOp op) {
        Tensor a1 = op.apply(1, in[0], in[2], in[3]).relu();
        Tensor a2 = op.apply(2, a1, in[4], in[5]).relu();
        Tensor a3 = op.apply(3, a2, in[6], in[7]).sigmoid();
        return Losses.binaryCrossEntropy(a3, in[1]);
    }

    /**
     * {@code x w^T + b} as a custom op (forward without recording, then {@link Autograd#record})
     * whose backward scales {@code dW} by {@code weightGradScale} and {@code db} by
     * {@code biasGradScale}: 1 and 1 give the right gradients.
     */
    static Tensor customLinear(Tensor x, Tensor w, Tensor b, float weightGradScale, float biasGradScale) {
        Tensor y;
        try (var scope = GradMode.noGrad()) {
            y = x.matmul(w.t()).add(b);
        }
        return Autograd.record(y, "custom_linear", new Tensor[] {x, w, b}, g -> new Tensor[] {
            g.matmul(w), g.t().matmul(x).mul(weightGradScale), g.sum(0, false).mul(biasGradScale)});
    }

    /**
     * Autograd's gradient vs the centred differences of the double-precision cost: row 0 the
     * relative difference of each parameter tensor, row 1 (one value) that of all parameters.
     */
    double[][] perTensorAndTotal(TestCase c, LinearOp op) {
        Tensor[] in = c.inputs();
        cost(in, op).backward();
        double[] theta = c.theta();
        double[] grad = new double[theta.length], approx = new double[theta.length];
        int at = 0;
        int[] starts = new int[NAMES.length + 1];
        for (int p = 0; p < NAMES.length; p++) {
            starts[p] = at;
            for (float g : in[2 + p].grad().toFloatArray()) grad[at++] = g;
        }
        starts[NAMES.length] = at;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + epsilon;
            double plus = c.cost(theta);
            theta[i] = saved - epsilon;
            double minus = c.cost(theta);
            theta[i] = saved;
            approx[i] = (plus - minus) / (2 * epsilon);
        }
        double[] perTensor = new double[NAMES.length];
        for (int p = 0; p < NAMES.length; p++) perTensor[p] = difference(grad, approx, starts[p], starts[p + 1]);
        return new double[][] {perTensor, {difference(grad, approx, 0, theta.length)}};
    }

    /** {@code ||a - b|| / (||a|| + ||b||)} over {@code [from, to)}. */
    static double difference(double[] a, double[] b, int from, int to) {
        double diff = 0, na = 0, nb = 0;
        for (int i = from; i < to; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double denominator = Math.sqrt(na) + Math.sqrt(nb);
        return denominator == 0 ? 0 : Math.sqrt(diff) / denominator;
    }

    /** Per parameter tensor, the difference with and without the bug on a log scale, and the course's threshold. */
    private static void writePlot(Path file, double[] correct, double[] buggy) throws java.io.IOException {
        CategoryChart chart = new CategoryChartBuilder().width(LearningCurve.WIDTH).height(LearningCurve.HEIGHT)
                .title("gradient check: relative difference per parameter tensor")
                .xAxisTitle("parameter").yAxisTitle("||grad - approx|| / (||grad|| + ||approx||)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
        List<String> names = List.of(NAMES);
        chart.addSeries("autograd (correct)", names, floor(correct)).setMarker(SeriesMarkers.CIRCLE);
        chart.addSeries("custom op with the bug", names, floor(buggy)).setMarker(SeriesMarkers.DIAMOND);
        chart.addSeries("course's threshold 2e-7 (whole vector)", names, java.util.Collections.nCopies(NAMES.length, THRESHOLD))
                .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE);
        Pictures.writePng(file, BitmapEncoder.getBufferedImage(chart));
    }

    /** Values for a log axis: at least 1e-12 (an exact match has difference 0). */
    private static List<Double> floor(double[] v) {
        List<Double> out = new java.util.ArrayList<>();
        for (double d : v) out.add(Math.max(d, 1e-12));
        return out;
    }

    /**
     * The course's {@code gradient_check_n_test_case}: {@code x = randn(4, 3)} (features by
     * examples), {@code y = [1, 1, 0]}, {@code W1 = randn(5, 4)}, {@code b1 = randn(5, 1)},
     * {@code W2 = randn(3, 5)}, {@code b2 = randn(3, 1)}, {@code W3 = randn(1, 3)}, {@code b3 = randn(1, 1)}.
     * Values are kept as float32 (what the network computes with) and widened to double for the
     * reference cost.
     */
    record TestCase(float[][] x, float[] y, float[][] params) {
        static final int[][] SHAPES = {{5, 4}, {5}, {3, 5}, {3}, {1, 3}, {1}};

        static TestCase course(long seed) {
            NumpyRandom gen = new NumpyRandom(seed);
            float[] xs = gen.randn(4, 3, 1);
            float[][] x = new float[3][4];
            for (int f = 0; f < 4; f++) for (int e = 0; e < 3; e++) x[e][f] = xs[f * 3 + e];
            float[][] params = new float[SHAPES.length][];
            for (int p = 0; p < SHAPES.length; p++) {
                int n = 1;
                for (int d : SHAPES[p]) n *= d;
                params[p] = gen.randn(1, n, 1);
            }
            return new TestCase(x, new float[] {1, 1, 0}, params);
        }

        /** Fresh input tensors for {@link #cost(Tensor[], LinearOp)}: X, Y, then the parameters (requiring grad). */
        Tensor[] inputs() {
            int m = y.length;
            float[] flat = new float[m * 4];
            for (int e = 0; e < m; e++) System.arraycopy(x[e], 0, flat, e * 4, 4);
            Tensor[] in = new Tensor[2 + params.length];
            in[0] = Tensor.of(flat, m, 4);
            in[1] = Tensor.of(y.clone(), m, 1);
            for (int p = 0; p < params.length; p++) in[2 + p] = Tensor.of(params[p].clone(), SHAPES[p]).requiresGrad_(true);
            return in;
        }

        /** All parameters in one vector, W1, b1, ..., b3 (each in C order), widened to double. */
        double[] theta() {
            int n = 0;
            for (float[] p : params) n += p.length;
            double[] theta = new double[n];
            int at = 0;
            for (float[] p : params) for (float v : p) theta[at++] = v;
            return theta;
        }

        /** The course's {@code forward_propagation_n} cost in double for the parameter vector {@code theta}. */
        double cost(double[] theta) {
            double total = 0;
            for (int e = 0; e < y.length; e++) {
                double[] a = new double[4];
                for (int f = 0; f < 4; f++) a[f] = x[e][f];
                int at = 0;
                for (int layer = 0; layer < 3; layer++) {
                    int out = SHAPES[2 * layer][0], in = SHAPES[2 * layer][1];
                    double[] z = new double[out];
                    for (int o = 0; o < out; o++) {
                        double s = theta[at + out * in + o];
                        for (int i = 0; i < in; i++) s += theta[at + o * in + i] * a[i];
                        z[o] = layer < 2 ? Math.max(0, s) : 1 / (1 + Math.exp(-s));
                    }
                    at += out * in + out;
                    a = z;
                }
                total += y[e] == 1 ? -Math.log(a[0]) : -Math.log(1 - a[0]);
            }
            return total / y.length;
        }
    }
}
