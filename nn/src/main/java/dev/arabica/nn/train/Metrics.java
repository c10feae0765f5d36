package dev.arabica.nn.train;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * The built-in {@link Metric}s.
 *
 * <p><b>Multi-class</b> ({@link #accuracy()}): output {@code [n, classes]} (logits or
 * probabilities), target int64 class indices {@code [n]}; the prediction is the arg-max.
 *
 * <p><b>Binary</b> ({@link #binaryAccuracy}, {@link #precision}, {@link #recall}, {@link #f1}):
 * output {@code [n]} or {@code [n, 1]}, one score per example; the prediction is positive when
 * {@code output > threshold}, so pass {@code 0.5} for sigmoid probabilities and {@code 0} for
 * logits. Targets hold 0/1 (float or int64, {@code [n]} or {@code [n, 1]}); a target is positive
 * when it is above 0.5.
 * <ul>
 *   <li>precision = TP / (TP + FP), 0 when nothing is predicted positive;</li>
 *   <li>recall = TP / (TP + FN), 0 when there are no positives;</li>
 *   <li>F1 = 2 precision recall / (precision + recall), 0 when both are 0.</li>
 * </ul>
 */
public final class Metrics {
    private Metrics() {}

    /** Fraction of examples whose arg-max class equals the target class. */
    public static Metric accuracy() {
        return new Accuracy();
    }

    /** Fraction of examples whose thresholded prediction equals the 0/1 target. */
    public static Metric binaryAccuracy(double threshold) {
        return new BinaryMetric("accuracy", threshold, Kind.ACCURACY);
    }

    public static Metric precision(double threshold) {
        return new BinaryMetric("precision", threshold, Kind.PRECISION);
    }

    public static Metric recall(double threshold) {
        return new BinaryMetric("recall", threshold, Kind.RECALL);
    }

    public static Metric f1(double threshold) {
        return new BinaryMetric("f1", threshold, Kind.F1);
    }

    private static final class Accuracy implements Metric {
        private long correct;
        private long total;

        @Override
        public String name() {
            return "accuracy";
        }

        @Override
        public void reset() {
            correct = 0;
            total = 0;
        }

        @Override
        public void update(Tensor output, Tensor target) {
            if (output.dim() != 2 || output.size(1) < 2) {
                throw new IllegalArgumentException("accuracy: output must be [n, classes] with classes >= 2, got "
                        + Shape.format(output.shape()) + "; for one score per example use Metrics.binaryAccuracy(threshold)");
            }
            int n = output.size(0);
            if (target.numel() != n) {
                throw new IllegalArgumentException("accuracy: output " + Shape.format(output.shape()) + " needs " + n
                        + " class indices, got targets of shape " + Shape.format(target.shape()));
            }
            Tensor predicted = output.argmax(1, false); // fresh and contiguous
            Tensor labels = target.toLong().detach().contiguous().reshape(n);
            long[] p = predicted.longStorage(), y = labels.longStorage();
            int po = predicted.offset(), yo = labels.offset();
            for (int i = 0; i < n; i++) if (p[po + i] == y[yo + i]) correct++;
            total += n;
        }

        @Override
        public double value() {
            return total == 0 ? Double.NaN : correct / (double) total;
        }
    }

    private enum Kind { ACCURACY, PRECISION, RECALL, F1 }

    /** Counts of a binary confusion matrix, read as one of four metrics. */
    private static final class BinaryMetric implements Metric {
        private final String name;
        private final double threshold;
        private final Kind kind;
        private long tp;
        private long fp;
        private long tn;
        private long fn;

        BinaryMetric(String name, double threshold, Kind kind) {
            if (Double.isNaN(threshold)) throw new IllegalArgumentException(name + ": threshold is NaN");
            this.name = name;
            this.threshold = threshold;
            this.kind = kind;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void reset() {
            tp = fp = tn = fn = 0;
        }

        @Override
        public void update(Tensor output, Tensor target) {
            int n = output.dim() == 0 ? 1 : output.size(0);
            if (output.numel() != n || target.numel() != n) {
                throw new IllegalArgumentException(name + ": expected one score per example ([n] or [n, 1]) and as many 0/1 targets, got output "
                        + Shape.format(output.shape()) + " and targets " + Shape.format(target.shape())
                        + (output.numel() != n ? "; for [n, classes] outputs use Metrics.accuracy()" : ""));
            }
            Tensor s = output.detach().contiguous(), t = target.toFloat().detach().contiguous();
            float[] scores = s.storage(), labels = t.storage();
            for (int i = 0; i < n; i++) {
                boolean predicted = scores[s.offset() + i] > threshold;
                boolean actual = labels[t.offset() + i] > 0.5f;
                if (predicted) {
                    if (actual) tp++;
                    else fp++;
                } else if (actual) {
                    fn++;
                } else {
                    tn++;
                }
            }
        }

        @Override
        public double value() {
            long total = tp + fp + tn + fn;
            if (total == 0) return Double.NaN;
            double precision = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
            double recall = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
            return switch (kind) {
                case ACCURACY -> (tp + tn) / (double) total;
                case PRECISION -> precision;
                case RECALL -> recall;
                case F1 -> precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            };
        }
    }
}
