package dev.arabica.examples;

import dev.arabica.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Small Java2D helpers for the examples' pictures: grids of images, captions, PNG files. */
final class Pictures {
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private Pictures() {}

    /** Writes {@code image} to {@code file} as PNG, atomically, creating the folder if needed. */
    static void writePng(Path file, BufferedImage image) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException(file + ": no PNG writer in javax.imageio");
        });
    }

    /** A white RGB image with antialiased text, and its graphics (the caller disposes them). */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    /**
     * {@code images} in rows of {@code columns}, each in a cell as large as the largest image,
     * {@code gap} pixels apart, on white, with {@code title} (or none if null) above.
     */
    static BufferedImage grid(List<BufferedImage> images, int columns, int gap, String title) {
        if (images.isEmpty()) throw new IllegalArgumentException("Pictures.grid: no images");
        int cellW = 0, cellH = 0;
        for (BufferedImage im : images) {
            cellW = Math.max(cellW, im.getWidth());
            cellH = Math.max(cellH, im.getHeight());
        }
        int cols = Math.min(columns, images.size()), rows = (images.size() + cols - 1) / cols;
        int top = title == null ? 0 : 32;
        BufferedImage out = new BufferedImage(cols * cellW + (cols + 1) * gap, top + rows * cellH + (rows + 1) * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        try {
            if (title != null) {
                g.setFont(TITLE_FONT);
                g.setColor(Color.BLACK);
                drawCentered(g, title, out.getWidth() / 2, 22);
            }
            for (int i = 0; i < images.size(); i++) {
                BufferedImage im = images.get(i);
                int x = gap + (i % cols) * (cellW + gap) + (cellW - im.getWidth()) / 2;
                int y = top + gap + (i / cols) * (cellH + gap) + (cellH - im.getHeight()) / 2;
                g.drawImage(im, x, y, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * {@code image} scaled by {@code scale} (nearest neighbour) with caption lines below it, the
     * picture as wide as the longest line if that is wider.
     */
    static BufferedImage captioned(BufferedImage image, int scale, String... lines) {
        int w = image.getWidth() * scale, h = image.getHeight() * scale, lineHeight = 16;
        int width = w;
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics fm = probe.getFontMetrics(FONT);
            for (String line : lines) width = Math.max(width, fm.stringWidth(line) + 6);
        } finally {
            probe.dispose();
        }
        BufferedImage out = new BufferedImage(width, h + 6 + lines.length * lineHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        try {
            g.drawImage(image, (width - w) / 2, 0, w, h, null);
            g.setFont(FONT);
            g.setColor(Color.BLACK);
            for (int i = 0; i < lines.length; i++) drawCentered(g, lines[i], width / 2, h + 2 + (i + 1) * lineHeight);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A {@code width x height} white image with {@code text} in the middle. */
    static BufferedImage text(int width, int height, String text) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        try {
            g.setFont(TITLE_FONT);
            g.setColor(Color.BLACK);
            drawCentered(g, text, width / 2, height / 2);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Draws {@code text} centred horizontally on {@code x}, with its baseline at {@code y}. */
    static void drawCentered(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(text, x - fm.stringWidth(text) / 2, y);
    }

    /**
     * An RGB image of {@code side x side} pixels from {@code pixels[offset ..]} in height, width,
     * channel order with values in [0, 1] (the cat data's layout).
     */
    static BufferedImage fromHwc(float[] pixels, int offset, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                int at = offset + (row * side + col) * 3;
                out.setRGB(col, row, (toByte(pixels[at]) << 16) | (toByte(pixels[at + 1]) << 8) | toByte(pixels[at + 2]));
            }
        }
        return out;
    }

    private static int toByte(float v) {
        return v > 0 ? (v >= 1 ? 255 : Math.round(v * 255)) : 0;
    }
}
