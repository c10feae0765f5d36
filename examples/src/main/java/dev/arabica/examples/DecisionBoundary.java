package dev.arabica.examples;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.Evaluation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The picture of the course's {@code plot_decision_boundary}: the plane around a two-feature data
 * set coloured by the class a binary classifier predicts (probability above 0.5 or not), with the
 * points on top coloured by their label. The plotted area is the data's bounding box widened by 1
 * on every side, as in the course.
 */
final class DecisionBoundary {
    static final int SIZE = 400;
    private static final int LEFT = 40, TOP = 30, RIGHT = 12, BOTTOM = 28;
    private static final Color[] REGION = {new Color(0xF4, 0xA5, 0x82), new Color(0x92, 0xC5, 0xDE)};
    private static final Color[] POINT = {new Color(0xB2, 0x18, 0x2B), new Color(0x21, 0x66, 0xAC)};

    private DecisionBoundary() {}

    /**
     * Draws {@code model}'s decision regions and the points of {@code data} (inputs {@code [n, 2]},
     * 0/1 labels {@code [n]} or {@code [n, 1]}); {@code model} maps {@code [k, 2]} to probabilities
     * {@code [k, 1]}. The plot area is {@code SIZE x SIZE} pixels, one prediction per pixel.
     */
    static BufferedImage render(Module model, TensorDataset data, String title) {
        int n = data.size();
        if (data.x().dim() != 2 || data.x().size(1) != 2) {
            throw new IllegalArgumentException("DecisionBoundary: expected inputs [n, 2], got " + dev.arabica.core.Shape.format(data.x().shape()));
        }
        float[] xy = data.x().contiguous().toFloatArray(), labels = data.y().toFloat().contiguous().toFloatArray();
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = minX, maxY = maxX;
        for (int i = 0; i < n; i++) {
            minX = Math.min(minX, xy[2 * i]);
            maxX = Math.max(maxX, xy[2 * i]);
            minY = Math.min(minY, xy[2 * i + 1]);
            maxY = Math.max(maxY, xy[2 * i + 1]);
        }
        minX -= 1;
        maxX += 1;
        minY -= 1;
        maxY += 1;

        float[] grid = new float[SIZE * SIZE * 2];
        for (int row = 0; row < SIZE; row++) {
            for (int col = 0; col < SIZE; col++) {
                int at = 2 * (row * SIZE + col);
                grid[at] = (float) (minX + (col + 0.5) * (maxX - minX) / SIZE);
                grid[at + 1] = (float) (maxY - (row + 0.5) * (maxY - minY) / SIZE);
            }
        }
        float[] p = Evaluation.predict(model, Tensor.of(grid, SIZE * SIZE, 2), 16384).contiguous().toFloatArray();

        BufferedImage out = new BufferedImage(LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Pictures.canvas(out);
        try {
            for (int row = 0; row < SIZE; row++) {
                for (int col = 0; col < SIZE; col++) out.setRGB(LEFT + col, TOP + row, REGION[p[row * SIZE + col] > 0.5f ? 1 : 0].getRGB());
            }
            g.setStroke(new BasicStroke(1f));
            for (int i = 0; i < n; i++) {
                int px = LEFT + (int) Math.round((xy[2 * i] - minX) / (maxX - minX) * SIZE);
                int py = TOP + (int) Math.round((maxY - xy[2 * i + 1]) / (maxY - minY) * SIZE);
                g.setColor(POINT[labels[i] > 0.5f ? 1 : 0]);
                g.fillOval(px - 4, py - 4, 8, 8);
                g.setColor(Color.BLACK);
                g.drawOval(px - 4, py - 4, 8, 8);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, SIZE, SIZE);
            g.setFont(Pictures.FONT);
            for (long t = (long) Math.ceil(minX); t <= maxX; t++) {
                int px = LEFT + (int) Math.round((t - minX) / (maxX - minX) * SIZE);
                g.drawLine(px, TOP + SIZE, px, TOP + SIZE + 4);
                Pictures.drawCentered(g, Long.toString(t), px, TOP + SIZE + 18);
            }
            for (long t = (long) Math.ceil(minY); t <= maxY; t++) {
                int py = TOP + (int) Math.round((maxY - t) / (maxY - minY) * SIZE);
                g.drawLine(LEFT - 4, py, LEFT, py);
                String s = Long.toString(t);
                g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), py + 5);
            }
            g.setFont(Pictures.TITLE_FONT);
            Pictures.drawCentered(g, title, LEFT + SIZE / 2, 20);
        } finally {
            g.dispose();
        }
        return out;
    }
}
