package dev.arabica.nn.train;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Shows training progress. On a terminal ({@link Mode#BAR}), a bar redrawn in place with the
 * batch count, the epoch's ETA and the running loss and metrics:
 * <pre>
 * epoch 3/10 [==============&gt;.........] 301/469 ETA 0:04 loss 0.4213 accuracy 0.8512
 * </pre>
 * which becomes the epoch's summary line (with the dev values and the time left for the whole run)
 * when the epoch ends. When the output is not a terminal (CI logs, files; {@link Mode#LINES}), it
 * prints plain lines instead: one every {@code lineInterval} during long epochs and one per epoch.
 * {@link Mode#AUTO} picks the bar when {@code out} is {@code System.out} and the console is a
 * terminal (and {@code TERM} is not {@code dumb}), lines otherwise.
 */
public final class Progress implements Callback {
    /** How to show progress. */
    public enum Mode { AUTO, BAR, LINES, NONE }

    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final Mode requested;
    private final PrintStream out;
    private final int everyEpochs;
    private final long intervalNanos;
    private Mode mode;
    private long trainStart;
    private int firstEpoch;
    private long epochStart;
    private long lastDraw;
    private long lastLine;
    private int lastLength;
    private boolean lineOpen;
    private String pendingSummary;

    /** {@link Mode#AUTO} on {@code System.out}: a summary every epoch, a line every 10 s during long epochs. */
    public static Progress auto() {
        return new Progress(Mode.AUTO, System.out, 1, Duration.ofSeconds(10));
    }

    /** {@code mode} on {@code System.out}, a summary every epoch. */
    public static Progress of(Mode mode) {
        return new Progress(mode, System.out, 1, Duration.ofSeconds(10));
    }

    /**
     * @param mode how to show progress
     * @param out where to print
     * @param everyEpochs print (keep) the summary of every {@code everyEpochs}-th epoch and of the
     *     last one, e.g. 100 for 2,000 full-batch iterations
     * @param lineInterval in {@link Mode#LINES}, the time between lines within an epoch
     */
    public Progress(Mode mode, PrintStream out, int everyEpochs, Duration lineInterval) {
        this.requested = Objects.requireNonNull(mode, "mode");
        this.out = Objects.requireNonNull(out, "out");
        if (everyEpochs < 1) throw new IllegalArgumentException("Progress: everyEpochs must be >= 1, got " + everyEpochs);
        this.everyEpochs = everyEpochs;
        this.intervalNanos = Objects.requireNonNull(lineInterval, "lineInterval").toNanos();
    }

    /** The mode in use ({@link Mode#AUTO} resolved; before training, resolved for the current console). */
    public Mode mode() {
        return mode != null ? mode : resolve();
    }

    private Mode resolve() {
        if (requested != Mode.AUTO) return requested;
        return out == System.out && isTerminal() ? Mode.BAR : Mode.LINES;
    }

    /**
     * Whether standard output is an interactive terminal: {@link System#console()} exists and, on
     * JDK 22+ (where it exists even when output is redirected), {@code Console.isTerminal()} says so.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) return false;
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK 21: a console exists only for a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        mode = resolve();
        trainStart = System.nanoTime();
        lastDraw = trainStart - REDRAW_NANOS;
        firstEpoch = trainer.epoch();
        pendingSummary = null;
    }

    @Override
    public void onEpochBegin(Trainer trainer, int epoch) {
        epochStart = System.nanoTime();
        lastLine = epochStart;
    }

    @Override
    public void onBatchEnd(Trainer trainer, int batch, Map<String, Double> running) {
        if (mode == Mode.NONE || mode == Mode.LINES && intervalNanos <= 0) return;
        long now = System.nanoTime();
        int total = trainer.batchesPerEpoch();
        boolean lastBatch = total > 0 && batch + 1 >= total;
        if (mode == Mode.BAR) {
            if (now - lastDraw < REDRAW_NANOS || lastBatch) return; // the epoch's end draws its last state
            lastDraw = now;
            StringBuilder sb = new StringBuilder(epochLabel(trainer, trainer.epoch())).append(' ');
            if (total > 0) {
                int done = batch + 1;
                appendBar(sb, done, total);
                double perBatch = (now - epochStart) / (double) done;
                sb.append(" ETA ").append(clock((long) (perBatch * (total - done))));
            } else {
                sb.append("batch ").append(batch + 1);
            }
            appendLogs(sb, running, false);
            draw(sb.toString());
        } else if (now - lastLine >= intervalNanos && !lastBatch) {
            lastLine = now;
            StringBuilder sb = new StringBuilder(epochLabel(trainer, trainer.epoch())).append(" batch ").append(batch + 1);
            if (total > 0) {
                double perBatch = (now - epochStart) / (double) (batch + 1);
                sb.append('/').append(total).append(" (").append((batch + 1) * 100 / total).append("%) ETA ")
                        .append(clock((long) (perBatch * (total - batch - 1))));
            }
            appendLogs(sb, running, false);
            out.println(sb);
            out.flush();
        }
    }

    @Override
    public void onEpochEnd(Trainer trainer, int epoch, Map<String, Double> logs) {
        if (mode == Mode.NONE) return;
        long now = System.nanoTime();
        StringBuilder sb = new StringBuilder(epochLabel(trainer, epoch)).append(' ');
        int total = trainer.batchesPerEpoch();
        if (mode == Mode.BAR && total > 0) appendBar(sb, total, total).append(' ');
        sb.append(seconds(now - epochStart));
        int done = trainer.epoch() - firstEpoch, left = trainer.targetEpochs() - trainer.epoch();
        if (left > 0 && done > 0) sb.append(" (ETA ").append(clock((now - trainStart) / done * left)).append(')');
        appendLogs(sb, logs, trainer.scheduler() != null);
        String line = sb.toString();
        boolean keep = (epoch + 1) % everyEpochs == 0 || trainer.epoch() >= trainer.targetEpochs();
        if (mode == Mode.BAR) {
            if (keep || now - lastDraw >= REDRAW_NANOS) {
                draw(line);
                lastDraw = now;
            }
            if (keep) newline();
            pendingSummary = keep ? null : line;
        } else if (keep) {
            out.println(line);
            out.flush();
            pendingSummary = null;
        } else {
            pendingSummary = line;
        }
    }

    @Override
    public void onTrainEnd(Trainer trainer) {
        if (mode == Mode.NONE) return;
        if (mode == Mode.LINES && pendingSummary != null) out.println(pendingSummary);
        if (mode == Mode.BAR && pendingSummary != null) draw(pendingSummary); // stopped early on an epoch not yet shown
        if (mode == Mode.BAR && lineOpen) newline();
        pendingSummary = null;
        out.flush();
    }

    private void draw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        if (line.length() < lastLength) sb.append(" ".repeat(lastLength - line.length()));
        lastLength = line.length();
        out.print(sb);
        out.flush();
        lineOpen = true;
    }

    private void newline() {
        out.println();
        out.flush();
        lineOpen = false;
        lastLength = 0;
    }

    /** {@code [=====>....] done/total} */
    private static StringBuilder appendBar(StringBuilder sb, int done, int total) {
        int filled = (int) ((long) BAR_WIDTH * done / total);
        return sb.append('[').append("=".repeat(Math.max(0, filled - 1))).append(filled > 0 ? (done == total ? "=" : ">") : "")
                .append(".".repeat(BAR_WIDTH - filled)).append("] ").append(done).append('/').append(total);
    }

    private static String epochLabel(Trainer trainer, int epoch) {
        return "epoch " + (epoch + 1) + "/" + trainer.targetEpochs();
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs, boolean withLr) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().equals("lr")) {
                if (withLr) sb.append(" lr ").append(String.format(Locale.ROOT, "%.3g", e.getValue()));
            } else {
                sb.append(' ').append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
            }
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }

    /** h:mm:ss or m:ss. */
    static String clock(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
