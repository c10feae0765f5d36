package dev.arabica.examples;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.Reduction;
import dev.arabica.nn.init.Init;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Progress;
import dev.arabica.optim.GradClip;
import dev.arabica.optim.SGD;
import dev.arabica.rnn.RNN;
import dev.arabica.rnn.RecurrentOptions;
import dev.arabica.rnn.text.CharVocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The course's dinosaur-name generator ("Dinosaurus Island", sequence models week 1): a character
 * RNN {@code a_t = tanh(W_ax x_t + W_aa a_{t-1} + b)}, {@code y_t = softmax(W_ya a_t + b_y)} with
 * 50 hidden units over the 27 symbols of {@code dinos.txt} (a-z and the newline that ends a name),
 * trained as the course's notebook does: one name per iteration (input a zero vector then the
 * name, target the name then a newline), the loss summed over the name's characters, its gradient
 * clipped to [-5, 5] element by element, a plain SGD step of 0.01; the hidden state is carried
 * from one name to the next; the loss printed is smoothed ({@code 0.999 * loss + 0.001 * current},
 * starting from {@code 7 ln 27}). The initial weights are the course's ({@code np.random.seed(1)},
 * {@code randn * 0.01}) and the names are shuffled as its {@code np.random.seed(0); shuffle}.
 * Every 2000 iterations it prints 7 names sampled as the course does (character {@code k} of name
 * {@code n} drawn with {@code np.random.seed(n + k)}).
 *
 * <p>Unlike the course, the last {@code --dev-fraction} of the shuffled names (10%) is held out, to
 * draw a dev curve; {@code --dev-fraction 0} trains on all names, as the course.
 */
@Command(name = "dinos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The course's dinosaur-name generator: a 50-unit character RNN trained one name per step with SGD and clipping,",
                "sampling 7 names every 2000 iterations."})
public final class DinosExample implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", description = "One name per line (default: ../shared/data/text/dinos.txt beside the project).")
    Path data;

    @Option(names = "--iterations", defaultValue = "35000", paramLabel = "N", description = "Iterations, one name each (default: ${DEFAULT-VALUE}, the course's).")
    int iterations;

    @Option(names = "--lr", defaultValue = "0.01", description = "SGD learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--hidden", defaultValue = "50", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--clip", defaultValue = "5", description = "Gradients are clipped to [-clip, clip] element by element (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--sample-every", defaultValue = "2000", paramLabel = "N", description = "Print the loss and sample names every N iterations (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--names", defaultValue = "7", description = "Names sampled each time (default: ${DEFAULT-VALUE}).")
    int names;

    @Option(names = "--dev-fraction", defaultValue = "0.1", description = "Names held out for the dev curve; 0 trains on all, as the course (default: ${DEFAULT-VALUE}).")
    double devFraction;

    @Option(names = "--seed", defaultValue = "1", description = {"NumPy seed of the initial weights (default: ${DEFAULT-VALUE}, the course's);",
            "the names are shuffled with NumPy seed 0 as in the course."})
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all; at most -Darabica.threads).")
    Integer threads;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for the weights and the loss curve (default: examples/output in the project).")
    Path output;

    @Option(names = "--progress", defaultValue = "AUTO", description = "AUTO, BAR, LINES or NONE (default: ${DEFAULT-VALUE}).")
    Progress.Mode progress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    PrintStream out = System.out;

    /** What a run found (for tests). */
    record Result(List<Double> smoothedLoss, double devLoss, double devLossPerChar, List<String> lastNames, Path weights, Path plot) {}

    Result result;

    /** {@code a_t = tanh(W_ax x_t + W_aa a_{t-1} + b)} ({@code rnn}) and {@code W_ya a_t + b_y} ({@code head}). */
    static final class NameRnn extends Module {
        final RNN rnn;
        final Linear head;

        /** The course's initialisation: {@code W_ax, W_aa, W_ya = randn * 0.01} in that order from {@code gen}, zero biases. */
        NameRnn(int vocab, int hidden, NumpyRandom gen) {
            rnn = registerModule("rnn", new RNN(RecurrentOptions.of(vocab, hidden).withBatchFirst(true), RNN.Nonlinearity.TANH, new Generator(0)));
            head = registerModule("head", new Linear(hidden, vocab, new Generator(0)));
            try (var scope = GradMode.noGrad()) {
                rnn.flatWeights().get(0).copy_(Tensor.of(gen.randn(hidden, vocab, 0.01), hidden, vocab));
                rnn.flatWeights().get(1).copy_(Tensor.of(gen.randn(hidden, hidden, 0.01), hidden, hidden));
                head.weight().copy_(Tensor.of(gen.randn(vocab, hidden, 0.01), vocab, hidden));
            }
            Init.zeros_(rnn.flatWeights().get(2));
            Init.zeros_(rnn.flatWeights().get(3));
            Init.zeros_(head.bias());
        }

        /** Logits {@code [1, T, V]} and the last hidden state for one-hot inputs {@code [1, T, V]} from {@code h0} (null: zeros). */
        Tensor[] forward(Tensor x, Tensor h0) {
            var o = rnn.forward(x, h0);
            return new Tensor[] {head.forward(o.output()), o.hN()};
        }

        @Override
        public Tensor forward(Tensor x) {
            return forward(x, null)[0];
        }
    }

    @Override
    public Integer call() throws IOException {
        if (iterations < 0 || sampleEvery < 1 || names < 0 || hidden < 1 || !(lr > 0) || !(clip > 0) || !(devFraction >= 0 && devFraction < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "dinos: --iterations and --names must be >= 0, --sample-every, --hidden, --lr and --clip positive, --dev-fraction in [0, 1)");
        }
        if (threads == null) return train();
        return Parallel.withThreads(threads, () -> {
            try {
                return train();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private int train() throws IOException {
        Path outputDir = output != null ? output : Main.projectRoot().resolve("examples/output");
        Path file = data != null ? data : Main.projectRoot().resolve("../shared/data/text/dinos.txt").normalize();
        String text = TextFiles.read(file, "one name per line").toLowerCase(Locale.ROOT);
        List<String> all = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String name = line.strip();
            if (!name.isEmpty()) all.add(name);
        }
        if (all.size() < 2) throw new IOException(file + ": " + all.size() + " names; expected one name per line");
        // The course's vocabulary: sorted(set(data)), the newline first.
        CharVocabulary vocab = CharVocabulary.of(String.join("\n", all) + "\n");
        int newline = vocab.index('\n');
        shuffle(all, new NumpyRandom(0));
        int devCount = (int) Math.round(all.size() * devFraction);
        List<String> train = all.subList(0, all.size() - devCount), dev = all.subList(all.size() - devCount, all.size());
        if (train.isEmpty()) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "dinos: --dev-fraction leaves no training names");
        int v = vocab.size();
        out.printf(Locale.ROOT, "dinos: %d names, %d characters; %d train, %d dev; RNN %d hidden units, SGD lr %s, clip %s%n",
                all.size(), v, train.size(), dev.size(), hidden, lr, clip);

        NameRnn model = new NameRnn(v, hidden, new NumpyRandom(seed));
        List<Tensor> params = model.parameters();
        SGD sgd = new SGD(params, lr);
        double smoothed = names > 0 ? -Math.log(1.0 / v) * names : -Math.log(1.0 / v) * 7;
        List<Integer> curveX = new ArrayList<>(), devX = new ArrayList<>();
        List<Double> curve = new ArrayList<>(), devCurve = new ArrayList<>();
        int curveEvery = Math.max(1, sampleEvery / 20);
        List<String> sampled = List.of();
        double[] devLoss = {Double.NaN, Double.NaN};
        StepProgress bar = new StepProgress(progress, out, iterations, Duration.ofSeconds(10));
        bar.start(0);
        Tensor carry = null;
        long start = System.nanoTime();
        for (int j = 0; j < iterations; j++) {
            int[] name = vocab.encode(train.get(j % train.size()));
            sgd.zeroGrad();
            Tensor[] o = model.forward(oneHot(name, v), carry);
            Tensor loss = Losses.crossEntropy(o[0].reshape(-1, v), targets(name, newline), Reduction.SUM);
            loss.backward();
            GradClip.clipGradValue(params, clip);
            sgd.step();
            carry = o[1].detach();
            smoothed = smoothed * 0.999 + loss.item() * 0.001;
            bar.update(j + 1, String.format(Locale.ROOT, "loss %.4f", smoothed));
            if (j % curveEvery == 0 || j == iterations - 1) {
                curveX.add(j);
                curve.add(smoothed);
            }
            if (j % sampleEvery == 0 || j == iterations - 1) {
                StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Iteration: %d, Loss: %f%n", j, smoothed));
                sampled = sampleNames(model, vocab, names);
                for (String s : sampled) sb.append('\n').append(s);
                if (!dev.isEmpty()) {
                    devLoss = devLoss(model, vocab, dev);
                    devX.add(j);
                    devCurve.add(devLoss[0]);
                    sb.append(String.format(Locale.ROOT, "%n%ndev loss per name %.4f, per character %.4f", devLoss[0], devLoss[1]));
                }
                bar.println(sb.append('\n').toString());
            }
        }
        bar.finish();
        double seconds = (System.nanoTime() - start) / 1e9;

        Files.createDirectories(outputDir);
        Path weightsFile = outputDir.resolve("dinos.safetensors"), plot = outputDir.resolve("dinos-loss.png");
        ModelFiles.save(model, weightsFile, Map.of("model", "dinos", "vocabulary", vocab.decode(range(v))));
        LearningCurve.write(plot, "dinosaur names: RNN " + hidden + " units, SGD " + lr, "iteration", "loss per name (nats)",
                List.of(LearningCurve.Series.of("train (smoothed)", curveX, curve), LearningCurve.Series.of("dev", devX, devCurve)));
        out.printf(Locale.ROOT, "weights: %s, curve: %s%n", weightsFile, plot);
        out.printf(Locale.ROOT, "training time: %.1f s%n", seconds);
        out.printf(Locale.ROOT, "loss: %.3f%n", smoothed);
        if (!dev.isEmpty()) {
            out.printf(Locale.ROOT, "dev loss: %.3f%n", devLoss[0]);
            out.printf(Locale.ROOT, "dev loss per character: %.3f%n", devLoss[1]);
        }
        result = new Result(curve, devLoss[0], devLoss[1], sampled, weightsFile, plot);
        return 0;
    }

    /** One-hot inputs {@code [1, T + 1, V]}: a zero vector, then the name's characters. */
    static Tensor oneHot(int[] name, int v) {
        float[] x = new float[(name.length + 1) * v];
        for (int t = 0; t < name.length; t++) x[(t + 1) * v + name[t]] = 1f;
        return Tensor.wrap(x, 1, name.length + 1, v);
    }

    /** Targets {@code [T + 1]}: the name's characters, then the newline. */
    static Tensor targets(int[] name, int newline) {
        long[] y = new long[name.length + 1];
        for (int t = 0; t < name.length; t++) y[t] = name[t];
        y[name.length] = newline;
        return Tensor.wrapLongs(y, y.length);
    }

    /** Mean summed loss per name and mean loss per character over {@code names}, each from a zero state. */
    static double[] devLoss(NameRnn model, CharVocabulary vocab, List<String> names) {
        int v = vocab.size(), newline = vocab.index('\n');
        double sum = 0;
        long chars = 0;
        try (var scope = GradMode.noGrad()) {
            for (String n : names) {
                int[] name = vocab.encode(n);
                sum += Losses.crossEntropy(model.forward(oneHot(name, v), null)[0].reshape(-1, v), targets(name, newline), Reduction.SUM).item();
                chars += name.length + 1;
            }
        }
        return new double[] {sum / names.size(), sum / chars};
    }

    /**
     * The course's {@code sample}: from a zero input and state, character {@code k} of name
     * {@code n} is {@code np.random.choice(V, p=softmax)} after {@code np.random.seed(n + k)}, until
     * a newline or 50 characters; returned capitalised, without the newline.
     */
    static List<String> sampleNames(NameRnn model, CharVocabulary vocab, int count) {
        int v = vocab.size(), newline = vocab.index('\n');
        List<String> out = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (int n = 0; n < count; n++) {
                StringBuilder name = new StringBuilder();
                Tensor h = null, x = Tensor.zeros(1, 1, v);
                for (int k = 0; k < 50; k++) {
                    Tensor[] o = model.forward(x, h);
                    h = o[1];
                    float[] p = o[0].reshape(v).softmax(0).toFloatArray();
                    int idx = choice(p, new NumpyRandom(n + k).nextDouble());
                    if (idx == newline) break;
                    name.appendCodePoint(vocab.codePoint(idx));
                    float[] next = new float[v];
                    next[idx] = 1f;
                    x = Tensor.wrap(next, 1, 1, v);
                }
                String s = name.toString();
                out.add(s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1));
            }
        }
        return out;
    }

    /** {@code np.random.choice(len(p), p=p)} for the uniform draw {@code u}: the first index whose normalised cumulative sum exceeds u. */
    static int choice(float[] p, double u) {
        double[] cdf = new double[p.length];
        double acc = 0;
        for (int i = 0; i < p.length; i++) cdf[i] = acc += p[i];
        for (int i = 0; i < p.length; i++) if (cdf[i] / acc > u) return i;
        return p.length - 1;
    }

    /** NumPy's legacy {@code np.random.shuffle(list)}: for i from n-1 down to 1, swap i with a uniform j in [0, i] (masked rejection). */
    static <T> void shuffle(List<T> list, NumpyRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            long mask = i;
            mask |= mask >>> 1;
            mask |= mask >>> 2;
            mask |= mask >>> 4;
            mask |= mask >>> 8;
            mask |= mask >>> 16;
            long j;
            do {
                j = rng.nextUint32() & mask;
            } while (j > i);
            T tmp = list.get(i);
            list.set(i, list.get((int) j));
            list.set((int) j, tmp);
        }
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
