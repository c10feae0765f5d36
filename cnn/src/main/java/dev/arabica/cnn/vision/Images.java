package dev.arabica.cnn.vision;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads and writes images as float tensors of shape {@code [C, H, W]} with values in {@code [0, 1]}
 * (the layout of torchvision's {@code to_tensor}), using {@code javax.imageio} (PNG, JPEG, BMP, GIF).
 *
 * <p>Reading: a grey image (one colour component, with or without alpha) gives {@code C = 1}, its
 * raw samples divided by {@code 2^bits - 1} in float (8 or 16 bits, no gamma conversion, as PIL's mode
 * {@code L}); so does a palette image whose palette is all grey (1-, 2- and 4-bit grey PNGs), its
 * 8-bit palette values divided by 255. Any other image gives {@code C = 3} (R, G, B from {@link BufferedImage#getRGB}, 8 bits
 * per channel divided by 255). Alpha is dropped without compositing, like PIL's {@code convert("RGB")}.
 *
 * <p>Writing: {@code [1, H, W]} (or {@code [H, W]}) as 8-bit grey, {@code [3, H, W]} as RGB,
 * {@code [4, H, W]} as RGBA; each value is clamped to {@code [0, 1]} and rounded:
 * {@code round(255 x)}, as torchvision's {@code save_image}.
 */
public final class Images {
    private Images() {}

    /**
     * Reads an image file to {@code [C, H, W]} in {@code [0, 1]}.
     *
     * @throws IOException if the file cannot be read or is not an image format ImageIO knows
     */
    public static Tensor read(Path file) throws IOException {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        }
        if (img == null) throw new IOException(file + ": not an image in a format javax.imageio can read");
        return fromBufferedImage(img);
    }

    /** Converts a decoded image to {@code [C, H, W]} in {@code [0, 1]} (see the class comment). */
    public static Tensor fromBufferedImage(BufferedImage img) {
        int h = img.getHeight(), w = img.getWidth();
        ColorModel cm = img.getColorModel();
        if (cm instanceof IndexColorModel icm && isGreyPalette(icm)) {
            float[] out = new float[h * w];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) out[y * w + x] = (row[x] & 0xFF) / 255f;
            }
            return Tensor.wrap(out, 1, h, w);
        }
        if (cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel)) {
            Raster raster = img.getRaster();
            int bits = cm.getComponentSize(0);
            float max = (float) ((1L << bits) - 1);
            float[] out = new float[h * w];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) out[y * w + x] = row[x] / max;
            }
            return Tensor.wrap(out, 1, h, w);
        }
        float[] out = new float[3 * h * w];
        int plane = h * w;
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x], i = y * w + x;
                out[i] = ((argb >> 16) & 0xFF) / 255f;
                out[plane + i] = ((argb >> 8) & 0xFF) / 255f;
                out[2 * plane + i] = (argb & 0xFF) / 255f;
            }
        }
        return Tensor.wrap(out, 3, h, w);
    }

    /** True if every palette entry has R = G = B (1-, 2- and 4-bit grey PNGs decode to such palettes). */
    private static boolean isGreyPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            int r = icm.getRed(i);
            if (icm.getGreen(i) != r || icm.getBlue(i) != r) return false;
        }
        return true;
    }

    /**
     * Converts {@code [C, H, W]} (C = 1, 3 or 4) or {@code [H, W]} values in {@code [0, 1]} to an
     * 8-bit image ({@code TYPE_BYTE_GRAY}, {@code TYPE_INT_RGB} or {@code TYPE_INT_ARGB}).
     *
     * @throws IllegalArgumentException for another rank or channel count, an int64 tensor, or an
     *     empty image
     */
    public static BufferedImage toBufferedImage(Tensor image) {
        int[] s = image.shape();
        if (image.dtype() != DType.FLOAT32 || !(s.length == 2 || (s.length == 3 && (s[0] == 1 || s[0] == 3 || s[0] == 4)))) {
            throw new IllegalArgumentException("Images.toBufferedImage: expected a float [C, H, W] tensor with C in {1, 3, 4}"
                    + " or [H, W], got " + image.dtype() + " " + Shape.format(s));
        }
        int c = s.length == 2 ? 1 : s[0], h = s[s.length - 2], w = s[s.length - 1];
        if (h == 0 || w == 0) throw new IllegalArgumentException("Images.toBufferedImage: empty image " + Shape.format(s));
        Tensor x = image.detach().contiguous();
        float[] d = x.storage();
        int off = x.offset(), plane = h * w;
        if (c == 1) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster raster = img.getRaster();
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) row[xx] = toByte(d[off + y * w + xx]);
                raster.setSamples(0, y, w, 1, 0, row);
            }
            return img;
        }
        BufferedImage img = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                int i = off + y * w + xx;
                int a = c == 4 ? toByte(d[i + 3 * plane]) : 0xFF;
                row[xx] = (a << 24) | (toByte(d[i]) << 16) | (toByte(d[i + plane]) << 8) | toByte(d[i + 2 * plane]);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    /** {@code round(255 * clamp(v, 0, 1))}; NaN becomes 0. */
    static int toByte(float v) {
        if (!(v > 0)) return 0;
        if (v >= 1) return 255;
        return (int) (v * 255f + 0.5f);
    }

    /**
     * Writes {@code image} (see {@link #toBufferedImage}) as a PNG file, atomically (readers see the
     * old file or the complete new one).
     */
    public static void writePng(Tensor image, Path file) throws IOException {
        BufferedImage img = toBufferedImage(image);
        AtomicFiles.write(file, false, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException(file + ": no PNG writer available in javax.imageio");
        });
    }
}
