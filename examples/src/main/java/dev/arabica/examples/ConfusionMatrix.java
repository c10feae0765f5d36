package dev.arabica.examples;

import dev.arabica.core.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * A multi-class confusion matrix: {@code count(actual, predicted)}, rows the true classes, columns
 * the predicted ones; printed as a table and drawn as a heat map with the class names.
 */
final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;

    ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /**
     * Counts the arg-max of each row of {@code logits} ({@code [n, classes]}) against the int64
     * {@code labels} ({@code [n]}).
     */
    void add(Tensor logits, Tensor labels) {
        int n = logits.size(0), k = classes.size();
        if (logits.dim() != 2 || logits.size(1) != k || labels.numel() != n) {
            throw new IllegalArgumentException("ConfusionMatrix: expected logits [n, " + k + "] and n labels, got "
                    + dev.arabica.core.Shape.format(logits.shape()) + " and " + dev.arabica.core.Shape.format(labels.shape()));
        }
        long[] predicted = logits.argmax(1, false).toLongArray(), actual = labels.toLong().contiguous().toLongArray();
        for (int i = 0; i < n; i++) {
            if (actual[i] < 0 || actual[i] >= k) throw new IllegalArgumentException("ConfusionMatrix: label " + actual[i] + " out of [0, " + k + ")");
            counts[(int) actual[i]][(int) predicted[i]]++;
        }
    }

    long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    long total() {
        long t = 0;
        for (long[] row : counts) for (long c : row) t += c;
        return t;
    }

    /** The fraction on the diagonal. */
    double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) correct += counts[i][i];
        return total() == 0 ? Double.NaN : correct / (double) total();
    }

    /** Prints the table: a header of predicted classes, then one row per true class. */
    void print(PrintStream out) {
        int width = 6;
        for (String c : classes) width = Math.max(width, Math.min(c.length(), 11) + 1);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-15s", "true\\predicted"));
        for (String c : classes) sb.append(String.format(Locale.ROOT, "%" + width + "s", shortName(c)));
        out.println(sb);
        for (int i = 0; i < counts.length; i++) {
            sb = new StringBuilder(String.format(Locale.ROOT, "%-15s", shortName(classes.get(i))));
            for (long c : counts[i]) sb.append(String.format(Locale.ROOT, "%" + width + "d", c));
            out.println(sb);
        }
    }

    private static String shortName(String name) {
        return name.length() > 11 ? name.substring(0, 11) : name;
    }

    /**
     * The heat map: cell colour from white to dark blue by the fraction of the true class's examples
     * (so every row reads as percentages), the count written in each cell.
     */
    BufferedImage render(String title) {
        int k = classes.size(), cell = 56, left = 130, top = 60, bottom = 100;
        BufferedImage out = new BufferedImage(left + k * cell + 70, top + k * cell + bottom, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Pictures.canvas(out);
        try {
            g.setFont(Pictures.TITLE_FONT);
            g.setColor(Color.BLACK);
            Pictures.drawCentered(g, title, out.getWidth() / 2, 22);
            g.setFont(Pictures.FONT);
            Pictures.drawCentered(g, "predicted class", left + k * cell / 2, top + k * cell + bottom - 8);
            AffineTransform upright = g.getTransform();
            g.translate(20, top + k * cell / 2);
            g.rotate(-Math.PI / 2);
            Pictures.drawCentered(g, "true class", 0, 0);
            g.setTransform(upright);
            for (int i = 0; i < k; i++) {
                long rowTotal = 0;
                for (long c : counts[i]) rowTotal += c;
                for (int j = 0; j < k; j++) {
                    double f = rowTotal == 0 ? 0 : counts[i][j] / (double) rowTotal;
                    g.setColor(heat(f));
                    g.fillRect(left + j * cell, top + i * cell, cell, cell);
                    g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                    Pictures.drawCentered(g, Long.toString(counts[i][j]), left + j * cell + cell / 2, top + i * cell + cell / 2 + 5);
                }
                g.setColor(Color.BLACK);
                String name = classes.get(i);
                g.drawString(name, left - 8 - g.getFontMetrics().stringWidth(name), top + i * cell + cell / 2 + 5);
                AffineTransform saved = g.getTransform();
                g.translate(left + i * cell + cell / 2 + 4, top + k * cell + 8);
                g.rotate(Math.PI / 4);
                g.drawString(name, 0, 0);
                g.setTransform(saved);
            }
            g.setColor(Color.GRAY);
            g.drawRect(left, top, k * cell, k * cell);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** White (0) to dark blue (1). */
    private static Color heat(double f) {
        double t = Math.max(0, Math.min(1, f));
        return new Color((int) Math.round(255 - t * (255 - 8)), (int) Math.round(255 - t * (255 - 48)), (int) Math.round(255 - t * (255 - 107)));
    }
}
