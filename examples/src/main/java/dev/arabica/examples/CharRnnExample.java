package dev.arabica.examples;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Reduction;
import dev.arabica.nn.train.Checkpoint;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.ModelFiles;
import dev.arabica.nn.train.Progress;
import dev.arabica.nn.data.Seeds;
import dev.arabica.nn.train.Stateful;
import dev.arabica.optim.Adam;
import dev.arabica.optim.LrScheduler;
import dev.arabica.optim.GradClip;
import dev.arabica.rnn.text.BpttBatches;
import dev.arabica.rnn.text.CharVocabulary;
import dev.arabica.rnn.text.States;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A character-level language model (Karpathy's char-rnn) on any UTF-8 text: the first 90% of the
 * characters train, the last 10% validate. The training text is cut into {@code --batch} streams
 * read in chunks of {@code --seq-len} characters ({@link BpttBatches}); the recurrent state is
 * carried from chunk to chunk, detached (truncated backpropagation through time), and reset at
 * the start of each pass. Each step: cross-entropy over the chunk, gradients clipped to a global
 * norm of {@code --clip}, one Adam step.
 *
 * <p>Every {@code --checkpoint-every} steps (and at the end) it writes a checkpoint (model, Adam
 * state, the carried state, the curve so far; atomically), from which {@code --resume} continues
 * exactly as if the run had not stopped: the same bits, on the same thread count. Prints samples
 * every {@code --sample-every} steps; {@code char-rnn sample} generates text with saved weights.
 */
@Command(name = "char-rnn", mixinStandardHelpOptions = true, sortOptions = false, subcommands = CharRnnSample.class,
        description = {"Character-level LSTM/GRU language model on any UTF-8 text (truncated BPTT, Adam, clipping), with resumable checkpoints.",
                "Prints the validation loss per character; 'char-rnn sample --help' generates text with the saved weights."})
public final class CharRnnExample implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text to model (default: ../shared/data/text/tinyshakespeare.txt beside the project).")
    Path data;

    @Option(names = "--cell", defaultValue = "lstm", paramLabel = "lstm|gru", description = "Recurrent cell (default: ${DEFAULT-VALUE}).")
    CharRnnModel.Cell cell;

    @Option(names = "--layers", defaultValue = "2", description = "Recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--embedding", defaultValue = "64", description = "Character embedding size (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--seq-len", defaultValue = "64", description = "Characters per chunk, the truncation length of BPTT (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch", defaultValue = "32", description = "Parallel streams per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--steps", defaultValue = "5000", paramLabel = "N", description = "Training steps (iterations) in total, counting resumed ones (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-schedule", defaultValue = "cosine", paramLabel = "constant|cosine",
            description = {"cosine: from --lr down to --lr-min over --lr-decay-steps, as PyTorch's CosineAnnealingLR stepped per iteration;",
                    "constant: --lr throughout (default: ${DEFAULT-VALUE})."})
    String lrSchedule;

    @Option(names = "--lr-min", defaultValue = "0", description = "Final learning rate of the cosine schedule (default: ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-decay-steps", paramLabel = "N", description = {"Length of the cosine schedule (default: --steps). A run stopped early and resumed",
            "with a larger --steps follows the uninterrupted run exactly only if both give the same value here."})
    Long lrDecaySteps;

    @Option(names = "--dropout", defaultValue = "0.25", description = {"Dropout between the recurrent layers, as PyTorch's LSTM(dropout=p) (default: ${DEFAULT-VALUE});",
            "its random stream is part of the checkpoint, so --resume stays exact."})
    double dropout;

    @Option(names = "--clip", defaultValue = "5", description = "Maximum global gradient norm (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--eval-every", defaultValue = "250", paramLabel = "N", description = "Validation loss every N steps (default: ${DEFAULT-VALUE}).")
    long evalEvery;

    @Option(names = "--sample-every", defaultValue = "500", paramLabel = "N", description = "Print a sample every N steps, 0 for none (default: ${DEFAULT-VALUE}).")
    long sampleEvery;

    @Option(names = "--checkpoint-every", defaultValue = "250", paramLabel = "N", description = "Write a checkpoint every N steps (and at the end) (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "CHECKPOINT",
            description = "Continue from a checkpoint (default file: <output>/char-rnn-checkpoint.safetensors).")
    String resume;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and of the samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the kernels (default: all; at most -Darabica.threads).")
    Integer threads;

    @Option(names = "--output", paramLabel = "DIR", description = "Folder for weights, checkpoint and curve (default: examples/output in the project).")
    Path output;

    @Option(names = "--progress", defaultValue = "AUTO", description = "AUTO, BAR, LINES or NONE (default: ${DEFAULT-VALUE}: a bar on a terminal, lines otherwise).")
    Progress.Mode progress;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    PrintStream out = System.out;

    /** What a run found (for tests). */
    record Result(History history, double trainLoss, double valLoss, Path weights, Path checkpoint, Path plot) {}

    Result result;

    static final String WEIGHTS = "char-rnn.safetensors", CHECKPOINT = "char-rnn-checkpoint.safetensors", PLOT = "char-rnn-loss.png";

    @Override
    public Integer call() throws IOException {
        if (seqLen < 1 || batch < 1 || steps < 0 || evalEvery < 1 || checkpointEvery < 1 || sampleEvery < 0 || !(clip > 0) || !(lr > 0) || !(lrMin >= 0) || (lrDecaySteps != null && lrDecaySteps < 1) || !(dropout >= 0 && dropout < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "char-rnn: --seq-len, --batch, --eval-every, --checkpoint-every, --lr-decay-steps, --lr and --clip must be positive, --steps, --lr-min and --sample-every >= 0, --dropout in [0, 1)");
        }
        if (!lrSchedule.equals("constant") && !lrSchedule.equals("cosine")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "char-rnn: --lr-schedule must be constant or cosine, not '" + lrSchedule + "'");
        }
        if (threads == null) return train();
        return Parallel.withThreads(threads, () -> {
            try {
                return train();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private int train() throws IOException {
        Path outputDir = output != null ? output : Main.projectRoot().resolve("examples/output");
        Path file = data != null ? data : Main.projectRoot().resolve("../shared/data/text/tinyshakespeare.txt").normalize();
        String text = TextFiles.read(file, "a UTF-8 text");
        CharVocabulary vocab = CharVocabulary.of(text);
        int[] tokens = vocab.encode(text);
        int split = (int) (tokens.length * 0.9);
        int[] train = Arrays.copyOfRange(tokens, 0, split), val = Arrays.copyOfRange(tokens, split, tokens.length);
        if (train.length < 2L * batch || val.length < 2) {
            throw new IOException(file + ": " + tokens.length + " characters are too few for " + batch + " streams (--batch) and a 10% validation part");
        }
        BpttBatches batches = new BpttBatches(train, batch, seqLen, true);
        if (batches.size() == 0) {
            throw new IOException(file + ": " + train.length + " training characters give streams of " + batches.streamLength()
                    + ", shorter than --seq-len " + seqLen + " + 1");
        }
        BpttBatches valBatches = new BpttBatches(val, Math.max(1, Math.min(batch, val.length / 2)), seqLen, false);

        CharRnnModel model = new CharRnnModel(new CharRnnModel.Config(cell, vocab.size(), embedding, hidden, layers), dropout, new Generator(seed));
        List<Tensor> params = model.parameters();
        Adam adam = new Adam(params, Adam.Options.lr(lr));
        // The rate is a closed form of the step number (not state), so a resumed run follows the same
        // schedule as an uninterrupted one with the same --steps.
        LrScheduler.Formula schedule = switch (lrSchedule) {
            case "constant" -> (t, base) -> base;
            case "cosine" -> {
                long horizon = lrDecaySteps != null ? lrDecaySteps : Math.max(1, steps);
                yield (t, base) -> lrMin + (base - lrMin) * (1 + Math.cos(Math.PI * Math.min(t, horizon) / horizon)) / 2;
            }
            default -> throw new IllegalArgumentException("char-rnn: --lr-schedule must be constant or cosine, not '" + lrSchedule + "'");
        };
        Path weightsFile = outputDir.resolve(WEIGHTS), checkpointFile = outputDir.resolve(CHECKPOINT);
        Files.createDirectories(outputDir);

        Run run = new Run();
        if (resume != null) {
            Path from = resume.isEmpty() ? checkpointFile : Path.of(resume);
            run.restore(from, model, adam, batch);
            out.printf(Locale.ROOT, "char-rnn: resumed from %s at step %d%n", from, run.step);
        }
        out.printf(Locale.ROOT, "char-rnn: %s, %d characters (%d distinct): %d train, %d validation; %s %dx%d, %d parameters%n",
                file.getFileName(), tokens.length, vocab.size(), train.length, val.length, cell.name(), layers, hidden, model.parameterCount(false));
        out.printf(Locale.ROOT, "%d streams x %d steps per chunk, %d chunks per pass; Adam lr %s (%s%s), clip %s, %d steps%n",
                batch, seqLen, batches.size(), lr, lrSchedule, lrSchedule.equals("cosine") ? " to " + lrMin : "", clip, steps);

        StepProgress bar = new StepProgress(progress, out, steps, Duration.ofSeconds(10));
        bar.start(run.step);
        long start = System.nanoTime(), stepNanos = 0;
        int vocabSize = vocab.size();
        while (run.step < steps) {
            long stepStart = System.nanoTime();
            int c = (int) (run.step % batches.size());
            if (c == 0) run.carry = null; // a new pass over the streams starts from zeros
            BpttBatches.Chunk chunk = batches.get(c);
            model.train();
            adam.setLr(schedule.lr(run.step, lr));
            adam.zeroGrad();
            CharRnnModel.Output o = model.forward(chunk.inputs(), run.carry);
            Tensor loss = Losses.crossEntropy(o.logits().reshape(-1, vocabSize), chunk.targets().reshape(-1));
            loss.backward();
            GradClip.clipGradNorm(params, clip);
            adam.step();
            run.carry = States.detach(o.state());
            stepNanos += System.nanoTime() - stepStart;
            run.lossSum += loss.item();
            run.lossCount++;
            run.step++;
            bar.update(run.step, String.format(Locale.ROOT, "loss %.4f", run.lossSum / run.lossCount));

            if (run.step % evalEvery == 0) {
                double trainLoss = run.lossSum / run.lossCount, valLoss = evaluate(model, valBatches, vocabSize);
                Map<String, Double> logs = new LinkedHashMap<>();
                logs.put("step", (double) run.step);
                logs.put("loss", trainLoss);
                logs.put("val_loss", valLoss);
                run.history.append(logs);
                run.lossSum = 0;
                run.lossCount = 0;
                bar.println(String.format(Locale.ROOT, "step %d: train loss %.4f, val loss %.4f", run.step, trainLoss, valLoss));
            }
            if (sampleEvery > 0 && run.step % sampleEvery == 0) {
                String prime = CharRnnSample.defaultPrime(vocab, text);
                String sample = CharRnnSample.sample(model, vocab, prime, 200, 0.8, 0, Seeds.generator(seed, run.step));
                bar.println("---- sample at step " + run.step + " ----\n" + prime + sample + "\n----");
            }
            if (run.step % checkpointEvery == 0 || run.step == steps) run.save(checkpointFile, model, adam);
        }
        bar.finish();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The final figures: the last scheduled evaluation if it was at the last step, else a fresh one
        // (not recorded in the history, so that a run stopped here and resumed matches an uninterrupted one).
        List<Double> curveSteps = new ArrayList<>(run.history.epochs() > 0 ? run.history.get("step") : List.of());
        List<Double> curveLoss = new ArrayList<>(run.history.epochs() > 0 ? run.history.get("loss") : List.of());
        List<Double> curveVal = new ArrayList<>(run.history.epochs() > 0 ? run.history.get("val_loss") : List.of());
        double trainLoss, valLoss;
        if (!curveSteps.isEmpty() && curveSteps.get(curveSteps.size() - 1) == run.step) {
            trainLoss = curveLoss.get(curveLoss.size() - 1);
            valLoss = curveVal.get(curveVal.size() - 1);
        } else {
            trainLoss = run.lossCount > 0 ? run.lossSum / run.lossCount : Double.NaN;
            valLoss = evaluate(model, valBatches, vocabSize);
            curveSteps.add((double) run.step);
            curveLoss.add(trainLoss);
            curveVal.add(valLoss);
        }

        ModelFiles.save(model, weightsFile, model.config().metadata(vocab.decode(range(vocab.size()))));
        Path plot = outputDir.resolve(PLOT);
        LearningCurve.write(plot, "char-rnn " + cell.name() + " " + layers + "x" + hidden + " on " + file.getFileName(), "step", "loss (nats per character)",
                List.of(LearningCurve.Series.of("train", curveSteps, curveLoss), LearningCurve.Series.of("validation", curveSteps, curveVal)));
        out.printf(Locale.ROOT, "weights: %s, checkpoint: %s, curve: %s%n", weightsFile, checkpointFile, plot);
        long ran = Math.max(0, steps - run.firstStep);
        out.printf(Locale.ROOT, "training time: %.1f s for %d steps (%.3f s per step without evaluation and sampling)%n",
                seconds, ran, ran > 0 ? stepNanos / 1e9 / ran : Double.NaN);
        out.printf(Locale.ROOT, "train loss: %.3f%n", trainLoss);
        out.printf(Locale.ROOT, "val loss: %.3f%n", valLoss);
        result = new Result(run.history, trainLoss, valLoss, weightsFile, checkpointFile, plot);
        return 0;
    }

    /** Mean cross-entropy per character of {@code batches}, the state carried across chunks, in eval mode without gradients. */
    static double evaluate(CharRnnModel model, BpttBatches batches, int vocabSize) {
        boolean training = model.isTraining();
        model.eval();
        double sum = 0;
        long count = 0;
        try (var scope = GradMode.noGrad()) {
            Tensor[] state = null;
            for (BpttBatches.Chunk chunk : batches) {
                CharRnnModel.Output o = model.forward(chunk.inputs(), state);
                sum += Losses.crossEntropy(o.logits().reshape(-1, vocabSize), chunk.targets().reshape(-1), Reduction.SUM).item();
                count += chunk.targets().numel();
                state = o.state();
            }
        } finally {
            model.train(training);
        }
        return sum / count;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    /** The loop's state beyond model and optimizer, all of it in the checkpoint. */
    private static final class Run {
        long step;
        long firstStep;
        Tensor[] carry;
        double lossSum;
        long lossCount;
        History history = new History();

        void save(Path file, CharRnnModel model, Adam adam) throws IOException {
            Map<String, Map<String, Tensor>> components = new LinkedHashMap<>();
            Map<String, Tensor> carried = new LinkedHashMap<>();
            if (carry != null) for (int i = 0; i < carry.length; i++) carried.put(i == 0 ? "h" : "c", carry[i]);
            if (!carried.isEmpty()) components.put("carry", carried);
            Map<String, Tensor> running = new LinkedHashMap<>();
            running.put("loss_sum", Stateful.doubleState(lossSum));
            running.put("loss_count", Tensor.ofLongs(new long[] {lossCount}));
            // The dropout masks' stream, so that a resumed run draws the masks the uninterrupted one would.
            if (model.dropoutGenerator() != null) running.put("dropout_rng", Tensor.ofLongs(model.dropoutGenerator().state(), 3));
            components.put("running", running);
            new Checkpoint(0, step, model.stateDict(), adam.stateDict(), Map.of(), components, history).save(file);
        }

        void restore(Path file, CharRnnModel model, Adam adam, int batch) throws IOException {
            if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file + ": no checkpoint to resume from");
            Checkpoint c = Checkpoint.load(file);
            try {
                c.restore(model, adam, null);
                Map<String, Tensor> running = c.components().get("running");
                if (running == null) throw new IllegalArgumentException("no 'running' component");
                lossSum = Stateful.readDouble(running, "loss_sum");
                lossCount = Stateful.readLong(running, "loss_count");
                Tensor rng = running.get("dropout_rng");
                if (model.dropoutGenerator() != null && rng != null) model.dropoutGenerator().setState(rng.toLongArray());
                Map<String, Tensor> carried = c.components().get("carry");
                int expected = model.config().cell() == CharRnnModel.Cell.LSTM ? 2 : 1;
                if (carried == null) {
                    carry = null;
                } else if (carried.size() != expected) {
                    throw new IllegalArgumentException("the carried state has " + carried.keySet() + ", expected " + (expected == 2 ? "h and c" : "h"));
                } else {
                    carry = expected == 2 ? new Tensor[] {carried.get("h"), carried.get("c")} : new Tensor[] {carried.get("h")};
                    int[] shape = {model.config().layers(), batch, model.config().hidden()};
                    for (Tensor t : carry) {
                        if (t == null || !Arrays.equals(t.shape(), shape)) {
                            throw new IllegalArgumentException("the carried state is " + (t == null ? "incomplete" : dev.arabica.core.Shape.format(t.shape()))
                                    + ", expected " + dev.arabica.core.Shape.format(shape));
                        }
                    }
                }
            } catch (IllegalArgumentException e) { // StateDictException included
                throw new IOException(file + ": does not fit this model and data (--cell, --layers, --hidden, --embedding, --batch and "
                        + "the text must be those of the run that wrote it): " + e.getMessage(), e);
            }
            step = c.step();
            firstStep = step;
            history = c.history();
        }
    }
}
