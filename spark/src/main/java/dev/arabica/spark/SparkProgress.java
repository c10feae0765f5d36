package dev.arabica.spark;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs training progress on the driver through SLF4J (logger {@code dev.arabica.spark.SparkProgress},
 * level INFO), where cluster logs are collected, instead of drawing on a console:
 * <pre>
 * epoch 1/3 batch 120/235 (51%) 9.8 batches/s ETA 0:12 loss 0.6412 accuracy 0.7781
 * epoch 1/3 24.1s 9.7 batches/s (ETA 0:48) loss 0.5934 accuracy 0.7950 dev_loss 0.4881 dev_accuracy 0.8262
 * </pre>
 * A summary line after every epoch, and a progress line whenever {@code interval} has passed
 * within an epoch (none with a zero interval).
 */
public final class SparkProgress implements SparkCallback {
    private final Logger log;
    private final long intervalNanos;
    private long trainStart;
    private int firstEpoch;
    private long epochStart;
    private long lastLine;

    private SparkProgress(Logger log, Duration interval) {
        this.log = Objects.requireNonNull(log, "log");
        if (interval.isNegative()) throw new IllegalArgumentException("SparkProgress: interval must be >= 0, got " + interval);
        this.intervalNanos = interval.toNanos();
    }

    /** Epoch summaries, and a progress line every {@code interval} within an epoch. */
    public static SparkProgress every(Duration interval) {
        return new SparkProgress(LoggerFactory.getLogger(SparkProgress.class), Objects.requireNonNull(interval, "interval"));
    }

    /** Epoch summaries and progress lines to {@code log}. */
    public static SparkProgress to(Logger log, Duration interval) {
        return new SparkProgress(log, Objects.requireNonNull(interval, "interval"));
    }

    @Override
    public void onTrainBegin(SparkTrainer trainer) {
        trainStart = System.nanoTime();
        firstEpoch = trainer.epoch();
    }

    @Override
    public void onEpochBegin(SparkTrainer trainer, int epoch) {
        epochStart = System.nanoTime();
        lastLine = epochStart;
    }

    @Override
    public void onBatchEnd(SparkTrainer trainer, int batch, Map<String, Double> running) {
        long now = System.nanoTime();
        int total = trainer.batchesPerEpoch(), done = batch + 1;
        if (intervalNanos <= 0 || now - lastLine < intervalNanos || done >= total || !log.isInfoEnabled()) return;
        lastLine = now;
        double perSecond = done / ((now - epochStart) / 1e9);
        StringBuilder sb = new StringBuilder(label(trainer, trainer.epoch()))
                .append(" batch ").append(done).append('/').append(total).append(" (").append(done * 100L / total).append("%) ")
                .append(String.format(Locale.ROOT, "%.1f batches/s ETA ", perSecond))
                .append(clock((long) ((total - done) / perSecond * 1e9)));
        appendLogs(sb, running);
        log.info(sb.toString());
    }

    @Override
    public void onEpochEnd(SparkTrainer trainer, int epoch, Map<String, Double> logs) {
        if (!log.isInfoEnabled()) return;
        long now = System.nanoTime();
        StringBuilder sb = new StringBuilder(label(trainer, epoch)).append(' ')
                .append(String.format(Locale.ROOT, "%.1fs %.1f batches/s", (now - epochStart) / 1e9,
                        trainer.batchesPerEpoch() / ((now - epochStart) / 1e9)));
        int done = trainer.epoch() - firstEpoch, left = trainer.targetEpochs() - trainer.epoch();
        if (left > 0 && done > 0) sb.append(" (ETA ").append(clock((now - trainStart) / done * left)).append(')');
        appendLogs(sb, logs);
        log.info(sb.toString());
    }

    private static String label(SparkTrainer trainer, int epoch) {
        return "epoch " + (epoch + 1) + "/" + trainer.targetEpochs();
    }

    private static void appendLogs(StringBuilder sb, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().equals("lr")) sb.append(" lr ").append(String.format(Locale.ROOT, "%.3g", e.getValue()));
            else sb.append(' ').append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.4f", e.getValue()));
        }
    }

    /** h:mm:ss or m:ss. */
    static String clock(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec) : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
