package dev.arabica.examples;

import dev.arabica.core.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Turns a picture file into the cat classifier's input. */
final class Images {
    private Images() {}

    /**
     * Reads {@code file} (JPEG, PNG, GIF, BMP), resizes it to {@code side} x {@code side} with
     * bicubic interpolation (the aspect ratio is not kept, as in the course), and returns it as a
     * float {@code [1, side * side * 3]} row in height, width, RGB order, scaled to [0, 1].
     */
    static Tensor load(Path file, int side) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found");
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) throw new IOException(file + ": not an image format Java can read (use JPEG, PNG, GIF or BMP)");
        BufferedImage resized = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, side, side, null);
        } finally {
            g.dispose();
        }
        float[] x = new float[side * side * 3];
        for (int row = 0; row < side; row++) {
            for (int col = 0; col < side; col++) {
                int rgb = resized.getRGB(col, row), at = (row * side + col) * 3;
                x[at] = ((rgb >> 16) & 0xFF) / 255f;
                x[at + 1] = ((rgb >> 8) & 0xFF) / 255f;
                x[at + 2] = (rgb & 0xFF) / 255f;
            }
        }
        return Tensor.of(x, 1, side * side * 3);
    }
}
