package dev.arabica.cnn.vision;

import static dev.arabica.cnn.CnnAsserts.assertClose;
import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

/** {@link ImageOps} against torchvision/PyTorch values ({@code vision_refs.py}) and by construction. */
class ImageOpsTest {

    /** x[c, i, j] = ((31 c + 7 i + 3 j) mod 17) / 16, as {@code image()} in vision_refs.py. */
    static Tensor image(int c, int h, int w) {
        float[] v = new float[c * h * w];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) v[(k * h + i) * w + j] = ((k * 31 + i * 7 + j * 3) % 17) / 16f;
            }
        }
        return Tensor.of(v, c, h, w);
    }

    @Test
    void resizeMatchesPyTorchBilinear() {
        Tensor x = image(2, 5, 7);
        assertClose(VisionReferences.RESIZE_3x4, new int[] {2, 3, 4}, ImageOps.resize(x, 3, 4), 0, 1e-6);
        assertClose(VisionReferences.RESIZE_11x9, new int[] {2, 11, 9}, ImageOps.resize(x, 11, 9), 0, 1e-6);
        assertClose(VisionReferences.RESIZE_1x1, new int[] {2, 1, 1}, ImageOps.resize(x, 1, 1), 0, 1e-6);
        assertClose(VisionReferences.RESIZE_2x13, new int[] {2, 2, 13}, ImageOps.resize(x, 2, 13), 0, 1e-6);
        // same size is the identity, exactly
        assertIdentical(x, ImageOps.resize(x, 5, 7));
        assertClose(VisionReferences.RESIZE_5x7, new int[] {2, 5, 7}, ImageOps.resize(x, 5, 7), 0, 0);
    }

    @Test
    void resizeTakesBatchesAndStridedViews() {
        Tensor x = image(2, 5, 7);
        Tensor batch = Tensor.stack(java.util.List.of(x, x.mul(0.5f)), 0); // [2, 2, 5, 7]
        Tensor y = ImageOps.resize(batch, 11, 9);
        assertArrayEquals(new int[] {2, 2, 11, 9}, y.shape());
        assertClose(VisionReferences.RESIZE_11x9, new int[] {2, 11, 9}, y.select(0, 0), 0, 1e-6);
        assertClose(Tensor.of(VisionReferences.RESIZE_11x9, 2, 11, 9).mul(0.5f), y.select(0, 1), 0, 1e-6);
        // a non-contiguous view (transposed storage) gives the same result as its contiguous copy
        Tensor t = image(2, 7, 5).transpose(1, 2);
        assertTrue(!t.isContiguous());
        assertIdentical(ImageOps.resize(t.contiguous(), 3, 4), ImageOps.resize(t, 3, 4));
        // a 2-D image is one plane
        assertClose(Tensor.of(VisionReferences.RESIZE_3x4, 2, 3, 4).select(0, 0), ImageOps.resize(x.select(0, 0), 3, 4), 0, 1e-6);
    }

    @Test
    void affineMatchesTorchvision() {
        Tensor x = image(3, 6, 7).slice(0, 0, 1);
        float[][] expected = {VisionReferences.AFFINE_0, VisionReferences.AFFINE_1, VisionReferences.AFFINE_2,
                VisionReferences.AFFINE_3, VisionReferences.AFFINE_4};
        double[][] params = {{30, 0, 0, 1}, {-12.5, 1, -2, 1}, {0, 2, 1, 1}, {90, 0, 0, 1}, {20, 1, 1, 1.25}};
        for (int k = 0; k < params.length; k++) {
            double[] p = params[k];
            assertClose(expected[k], new int[] {1, 6, 7}, ImageOps.affine(x, p[0], p[1], p[2], p[3]), 0, 2e-6);
        }
        // the identity warp is exact, and every channel gets the same mapping
        Tensor rgb = image(3, 6, 7);
        assertIdentical(rgb, ImageOps.affine(rgb, 0, 0, 0, 1));
        Tensor warped = ImageOps.affine(rgb, 30, 0, 0, 1);
        assertIdentical(ImageOps.affine(rgb.slice(0, 2, 3), 30, 0, 0, 1), warped.slice(0, 2, 3));
    }

    @Test
    void affineIntegerShiftMovesPixels() {
        Tensor x = image(1, 4, 5);
        Tensor y = ImageOps.affine(x, 0, 2, -1, 1); // right 2, up 1
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                int si = i + 1, sj = j - 2;
                float e = si < 4 && sj >= 0 ? x.get(0, si, sj) : 0f;
                assertEquals(e, y.get(0, i, j), 1e-6, "at " + i + "," + j);
            }
        }
    }

    @Test
    void colourOpsMatchTorchvision() {
        Tensor x = image(3, 2, 3);
        assertClose(VisionReferences.GRAY, new int[] {1, 2, 3}, ImageOps.grayscale(x), 0, 1e-6);
        assertClose(VisionReferences.BRIGHTNESS_1_3, new int[] {3, 2, 3}, ImageOps.adjustBrightness(x, 1.3), 0, 1e-6);
        assertClose(VisionReferences.CONTRAST_0_6, new int[] {3, 2, 3}, ImageOps.adjustContrast(x, 0.6), 0, 1e-6);
        assertClose(VisionReferences.CONTRAST_1_7, new int[] {3, 2, 3}, ImageOps.adjustContrast(x, 1.7), 0, 1e-6);
        assertClose(VisionReferences.SATURATION_0_3, new int[] {3, 2, 3}, ImageOps.adjustSaturation(x, 0.3), 0, 1e-6);
        assertClose(VisionReferences.SATURATION_1_8, new int[] {3, 2, 3}, ImageOps.adjustSaturation(x, 1.8), 0, 1e-6);
        // grey images: saturation is a no-op, contrast blends with the image's own mean
        Tensor g = image(1, 3, 4);
        assertIdentical(g, ImageOps.adjustSaturation(g, 0.2));
        assertIdentical(g, ImageOps.grayscale(g));
        float mean = g.mean().item();
        assertClose(g.mul(0.5f).add(0.5f * mean), ImageOps.adjustContrast(g, 0.5), 0, 1e-6);
    }

    @Test
    void normalizeMatchesTorchvisionAndIsDifferentiable() {
        Tensor x = image(3, 2, 3).requiresGrad_(true);
        Tensor y = ImageOps.normalize(x, ImageOps.IMAGENET_MEAN, ImageOps.IMAGENET_STD);
        assertClose(VisionReferences.NORMALIZE, new int[] {3, 2, 3}, y, 1e-6, 1e-6);
        y.sum().backward();
        for (int c = 0; c < 3; c++) assertEquals(1 / ImageOps.IMAGENET_STD[c], x.grad().get(c, 1, 2), 1e-6);
        // a batch normalizes each item the same way
        Tensor batch = Tensor.stack(java.util.List.of(image(3, 2, 3), image(3, 2, 3)), 0);
        assertClose(VisionReferences.NORMALIZE, new int[] {3, 2, 3},
                ImageOps.normalize(batch, ImageOps.IMAGENET_MEAN, ImageOps.IMAGENET_STD).select(0, 1), 1e-6, 1e-6);
    }

    @Test
    void flipCropAndPad() {
        Tensor x = image(2, 3, 4);
        Tensor f = ImageOps.hflip(x);
        for (int j = 0; j < 4; j++) assertEquals(x.get(1, 2, j), f.get(1, 2, 3 - j));
        assertIdentical(x, ImageOps.hflip(f));
        // a window partly outside the image is zero there
        Tensor c = ImageOps.crop(x, -1, 2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, c.shape());
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int si = i - 1, sj = j + 2;
                    float e = si >= 0 && sj < 4 ? x.get(k, si, sj) : 0f;
                    assertEquals(e, c.get(k, i, j));
                }
            }
        }
        Tensor p = ImageOps.pad(x, 2);
        assertArrayEquals(new int[] {2, 7, 8}, p.shape());
        assertIdentical(x, p.slice(1, 2, 5).slice(2, 2, 6));
        assertEquals(0f, p.sum().item() - x.sum().item(), 1e-5);
        // entirely outside: all zeros; zero-size window: empty
        assertEquals(0f, ImageOps.crop(x, 10, 10, 2, 2).abs().sum().item());
        assertArrayEquals(new int[] {2, 0, 3}, ImageOps.crop(x, 0, 0, 0, 3).shape());
    }

    @Test
    void inputIsNeverModified() {
        Tensor x = image(3, 4, 5);
        Tensor copy = x.clone();
        ImageOps.hflip(x);
        ImageOps.resize(x, 2, 2);
        ImageOps.affine(x, 10, 1, 1, 1.1);
        ImageOps.adjustBrightness(x, 2);
        ImageOps.adjustContrast(x, 2);
        ImageOps.adjustSaturation(x, 2);
        ImageOps.crop(x, 0, 0, 4, 5);
        assertIdentical(copy, x);
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        Tensor x = image(3, 4, 5);
        assertEquals("resize: output size must be positive, got 0x3",
                assertThrows(IllegalArgumentException.class, () -> ImageOps.resize(x, 0, 3)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.resize(Tensor.of(1f, 2f), 2, 2)).getMessage()
                .contains("resize: expected a float image [..., H, W]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.hflip(Tensor.zeros(3, 0, 2))).getMessage()
                .contains("hflip: image [3,0,2] is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.adjustSaturation(image(2, 3, 3), 1)).getMessage()
                .contains("adjustSaturation: expected an RGB [3, H, W] or grey [1, H, W] image, got [2,3,3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.adjustBrightness(x, -1)).getMessage()
                .contains("factor must be finite and >= 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.affine(x, 0, 0, 0, 0)).getMessage()
                .contains("affine: scale must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageOps.normalize(x, new float[] {0.5f}, new float[] {0.5f})).getMessage()
                .contains("normalize: image [3,4,5] has 3 channels but mean has 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ImageOps.normalize(x, new float[3], new float[] {1, 0, 1})).getMessage().contains("non-zero"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageOps.hflip(Tensor.ofLongs(new long[4], 2, 2)))
                .getMessage().contains("hflip: expected a float image"));
    }
}
