package dev.arabica.cnn.vision;

import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing images with {@link Images}. */
class ImagesTest {
    @TempDir
    Path dir;

    /** Values that survive 8-bit quantisation exactly: k / 255. */
    static Tensor quantised(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int i = 0; i < v.length; i++) v[i] = ((i * 37 + 11) % 256) / 255f;
        return Tensor.of(v, c, h, w);
    }

    @Test
    void rgbPngRoundTripIsExact() throws IOException {
        Tensor x = quantised(3, 5, 7);
        Path f = dir.resolve("rgb.png");
        Images.writePng(x, f);
        Tensor y = Images.read(f);
        assertIdentical(x, y);
        // the pixel layout: channel planes R, G, B; row-major
        BufferedImage img = ImageIO.read(f.toFile());
        int argb = img.getRGB(4, 2);
        assertEquals(Math.round(x.get(0, 2, 4) * 255), (argb >> 16) & 0xFF);
        assertEquals(Math.round(x.get(1, 2, 4) * 255), (argb >> 8) & 0xFF);
        assertEquals(Math.round(x.get(2, 2, 4) * 255), argb & 0xFF);
    }

    @Test
    void greyStaysOneChannelAndAlphaIsDropped() throws IOException {
        Tensor grey = quantised(1, 4, 3);
        Path g = dir.resolve("grey.png");
        Images.writePng(grey, g);
        assertIdentical(grey, Images.read(g));
        Images.writePng(grey.reshape(4, 3), g); // [H, W] is grey too
        assertIdentical(grey, Images.read(g));

        Tensor rgba = quantised(4, 3, 2);
        Path a = dir.resolve("rgba.png");
        Images.writePng(rgba, a);
        assertEquals(BufferedImage.TYPE_4BYTE_ABGR, ImageIO.read(a.toFile()).getType());
        assertIdentical(rgba.slice(0, 0, 3).contiguous(), Images.read(a));
    }

    @Test
    void sixteenBitGreyUsesTheFullRange() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = {0, 1, 257, 32768, 65534, 65535};
        img.getRaster().setSamples(0, 0, 3, 2, 0, samples);
        Tensor t = Images.fromBufferedImage(img);
        assertArrayEquals(new int[] {1, 2, 3}, t.shape());
        for (int i = 0; i < samples.length; i++) assertEquals(samples[i] / 65535.0, t.toFloatArray()[i], 1e-7);
    }

    @Test
    void lowBitGreyPngIsOneChannel() throws IOException {
        BufferedImage img = new BufferedImage(5, 2, BufferedImage.TYPE_BYTE_BINARY); // 1-bit, grey palette
        img.getRaster().setSamples(0, 0, 5, 2, 0, new int[] {0, 1, 1, 0, 1, 1, 0, 0, 0, 1});
        Path f = dir.resolve("bits.png");
        ImageIO.write(img, "png", f.toFile());
        Tensor t = Images.read(f);
        assertArrayEquals(new int[] {1, 2, 5}, t.shape());
        assertArrayEquals(new float[] {0, 1, 1, 0, 1, 1, 0, 0, 0, 1}, t.toFloatArray());
        // a colour palette stays RGB
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.setRGB(0, 0, 0xFF0000);
        assertArrayEquals(new int[] {3, 1, 2}, Images.fromBufferedImage(indexed).shape());
        assertEquals(1f, Images.fromBufferedImage(indexed).get(0, 0, 0));
    }

    @Test
    void writingClampsAndRounds() throws IOException {
        Tensor x = Tensor.of(new float[] {-0.5f, 0f, 0.6f / 255f, 1.4f / 255f, 1.6f / 255f, 1f, 7f, Float.NaN}, 1, 2, 4);
        Path f = dir.resolve("clamp.png");
        Images.writePng(x, f);
        float[] y = Images.read(f).toFloatArray();
        int[] expected = {0, 0, 1, 1, 2, 255, 255, 0};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i] / 255f, y[i], 0f, "element " + i);
    }

    @Test
    void errorsNameTheProblem() throws IOException {
        Path junk = dir.resolve("junk.png");
        Files.writeString(junk, "not an image");
        IOException e = assertThrows(IOException.class, () -> Images.read(junk));
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
        assertThrows(IOException.class, () -> Images.read(dir.resolve("missing.png")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Images.writePng(Tensor.zeros(2, 3, 3), dir.resolve("x.png")));
        assertTrue(bad.getMessage().contains("C in {1, 3, 4}") && bad.getMessage().contains("[2,3,3]"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.toBufferedImage(Tensor.zeros(3, 0, 3)));
        assertTrue(!Files.exists(dir.resolve("x.png")));
    }
}
