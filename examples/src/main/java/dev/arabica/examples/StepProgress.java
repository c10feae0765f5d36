package dev.arabica.examples;

import dev.arabica.nn.train.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a training loop counted in steps (the step-based examples' counterpart of the
 * {@link dev.arabica.nn.train.Trainer}'s epoch-based {@link Progress}, with the same modes): on a
 * terminal ({@link Progress.Mode#BAR}) a bar redrawn in place,
 * <pre>
 * step 1200/5000 [=====&gt;..................] ETA 3:12 loss 1.6240
 * </pre>
 * otherwise ({@link Progress.Mode#LINES}) the same text as a plain line every {@code lineInterval}.
 * {@link #println} prints other output (samples, evaluations) above the bar.
 */
final class StepProgress {
    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final Progress.Mode mode;
    private final PrintStream out;
    private final long total;
    private final long intervalNanos;
    private long firstStep;
    private long start;
    private long lastDraw;
    private long lastLine;
    private int lastLength;
    private boolean lineOpen;

    /**
     * @param mode {@link Progress.Mode#AUTO} picks the bar when {@code out} is {@code System.out} on a terminal
     * @param total the step count the run trains up to
     */
    StepProgress(Progress.Mode mode, PrintStream out, long total, Duration lineInterval) {
        this.out = out;
        this.total = total;
        this.intervalNanos = lineInterval.toNanos();
        this.mode = mode != Progress.Mode.AUTO ? mode : out == System.out && Progress.isTerminal() ? Progress.Mode.BAR : Progress.Mode.LINES;
    }

    /** Starts the clock; {@code firstStep} is the step the run starts (or resumes) from. */
    void start(long firstStep) {
        this.firstStep = firstStep;
        this.start = System.nanoTime();
        this.lastDraw = start - REDRAW_NANOS;
        this.lastLine = start;
    }

    /** After step {@code done} (a count: 1 after the first step) with the running values, e.g. {@code "loss 1.6240"}. */
    void update(long done, String values) {
        if (mode == Progress.Mode.NONE) return;
        long now = System.nanoTime();
        if (mode == Progress.Mode.BAR) {
            if (now - lastDraw < REDRAW_NANOS && done < total) return;
            lastDraw = now;
            draw(text(done, values, now, true));
        } else if (now - lastLine >= intervalNanos) {
            lastLine = now;
            out.println(text(done, values, now, false));
            out.flush();
        }
    }

    /** Prints {@code line} (may hold several lines), above the bar if one is drawn. */
    void println(String line) {
        if (mode == Progress.Mode.BAR && lineOpen) {
            out.print("\r" + " ".repeat(lastLength) + "\r");
            lineOpen = false;
            lastLength = 0;
        }
        out.println(line);
        out.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        if (mode == Progress.Mode.BAR && lineOpen) {
            out.println();
            lineOpen = false;
            lastLength = 0;
        }
        out.flush();
    }

    private String text(long done, String values, long now, boolean bar) {
        StringBuilder sb = new StringBuilder("step ").append(done).append('/').append(total).append(' ');
        if (bar) {
            int filled = (int) (BAR_WIDTH * Math.min(done, total) / Math.max(1, total));
            sb.append('[').append("=".repeat(Math.max(0, filled - 1))).append(filled > 0 ? (done >= total ? "=" : ">") : "")
                    .append(".".repeat(BAR_WIDTH - filled)).append("] ");
        } else {
            sb.append('(').append(done * 100 / Math.max(1, total)).append("%) ");
        }
        long ran = done - firstStep;
        if (ran > 0 && done < total) sb.append("ETA ").append(clock((now - start) / (double) ran * (total - done))).append(' ');
        return sb.append(values).toString();
    }

    private void draw(String line) {
        StringBuilder sb = new StringBuilder("\r").append(line);
        if (line.length() < lastLength) sb.append(" ".repeat(lastLength - line.length()));
        lastLength = line.length();
        out.print(sb);
        out.flush();
        lineOpen = true;
    }

    /** h:mm:ss or m:ss. */
    static String clock(double nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
