package dev.arabica.examples;

import dev.arabica.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG heat map of attention weights, drawn with Java2D: one row per output character, one
 * column per input character, darker for more weight, with both axes labelled by their characters,
 * axis titles and a colour scale.
 */
final class AttentionMap {
    private static final int CELL = 26, LEFT = 110, TOP = 70, RIGHT = 110, BOTTOM = 80;

    private AttentionMap() {}

    /**
     * @param weights {@code weights[row][column]}, each in [0, 1]
     * @param rowLabels one per row (output characters)
     * @param columnLabels one per column (input characters; empty for padding)
     */
    static void write(Path file, String title, double[][] weights, String[] rowLabels, String[] columnLabels,
                      String rowTitle, String columnTitle) throws IOException {
        int rows = weights.length, cols = columnLabels.length;
        if (rowLabels.length != rows) throw new IllegalArgumentException("AttentionMap: " + rows + " rows, " + rowLabels.length + " labels");
        int width = LEFT + cols * CELL + RIGHT, height = TOP + rows * CELL + BOTTOM;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        double max = 0;
        for (double[] row : weights) for (double w : row) max = Math.max(max, w);
        for (int r = 0; r < rows; r++) {
            if (weights[r].length != cols) throw new IllegalArgumentException("AttentionMap: row " + r + " has " + weights[r].length + " values, expected " + cols);
            for (int c = 0; c < cols; c++) {
                g.setColor(color(max > 0 ? weights[r][c] / max : 0));
                g.fillRect(LEFT + c * CELL, TOP + r * CELL, CELL, CELL);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(LEFT, TOP, cols * CELL, rows * CELL);

        g.setColor(Color.BLACK);
        Font mono = new Font(Font.MONOSPACED, Font.BOLD, 15), plain = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        g.setFont(mono);
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c < cols; c++) {
            String s = columnLabels[c].equals(" ") ? "\u2423" : columnLabels[c];
            g.drawString(s, LEFT + c * CELL + (CELL - fm.stringWidth(s)) / 2, TOP + rows * CELL + 20);
        }
        for (int r = 0; r < rows; r++) g.drawString(rowLabels[r], LEFT - 10 - fm.stringWidth(rowLabels[r]), TOP + r * CELL + (CELL + fm.getAscent()) / 2 - 2);

        g.setFont(plain);
        fm = g.getFontMetrics();
        g.drawString(columnTitle, LEFT + (cols * CELL - fm.stringWidth(columnTitle)) / 2, TOP + rows * CELL + 50);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(rowTitle, -(TOP + (rows * CELL + fm.stringWidth(rowTitle)) / 2), LEFT - 45);
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 30);

        // Colour scale: 0 at the bottom, the largest weight at the top.
        int barX = LEFT + cols * CELL + 30, barH = rows * CELL;
        for (int y = 0; y < barH; y++) {
            g.setColor(color(1 - y / (double) (barH - 1)));
            g.fillRect(barX, TOP + y, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(plain);
        g.drawRect(barX, TOP, 16, barH);
        g.drawString(String.format(Locale.ROOT, "%.2f", max), barX + 22, TOP + 10);
        g.drawString("0", barX + 22, TOP + barH);
        g.dispose();

        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer");
        });
    }

    /** White (0) to dark blue (1). */
    private static Color color(double v) {
        double t = Math.max(0, Math.min(1, v));
        return new Color((int) Math.round(255 - t * (255 - 8)), (int) Math.round(255 - t * (255 - 48)), (int) Math.round(255 - t * (255 - 107)));
    }
}
