package dev.arabica.cnn.vision;

import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.data.DataLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The random transforms: semantics, reproducibility for a seed, and batch application. */
class TransformTest {
    static Tensor image(int c, int h, int w) {
        return ImageOpsTest.image(c, h, w);
    }

    static Transform pipeline() {
        return Transform.compose(new RandomResizedCrop(10, 12), new RandomCrop(10, 12, 2), new RandomHorizontalFlip(),
                new RandomAffine(15, 0.1, 0.1, 0.9, 1.1), new ColorJitter(0.4, 0.4, 0.4));
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherImage() {
        Tensor x = image(3, 16, 20);
        Transform t = pipeline();
        Tensor a = t.apply(x, new Generator(42)), b = t.apply(x, new Generator(42)), c = t.apply(x, new Generator(43));
        assertArrayEquals(new int[] {3, 10, 12}, a.shape());
        assertIdentical(a, b);
        assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        for (float v : a.toFloatArray()) assertTrue(v >= 0 && v <= 1, "value " + v);
    }

    @Test
    void horizontalFlipProbability() {
        Tensor x = image(2, 3, 5);
        Generator gen = new Generator(1);
        assertIdentical(ImageOps.hflip(x), new RandomHorizontalFlip(1).apply(x, gen));
        assertIdentical(x, new RandomHorizontalFlip(0).apply(x, gen));
        int flipped = 0;
        RandomHorizontalFlip half = new RandomHorizontalFlip(0.5);
        for (int i = 0; i < 400; i++) {
            if (!Arrays.equals(x.toFloatArray(), half.apply(x, gen).toFloatArray())) flipped++;
        }
        assertTrue(flipped > 150 && flipped < 250, "flipped " + flipped + " of 400");
        assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
    }

    @Test
    void randomCropIsAWindowOfThePaddedImage() {
        Tensor x = image(1, 6, 7);
        assertIdentical(x, new RandomCrop(6, 7, 0).apply(x, new Generator(3)));
        RandomCrop crop = new RandomCrop(6, 7, 2);
        Generator gen = new Generator(5);
        Set<String> offsets = new HashSet<>();
        for (int k = 0; k < 300; k++) {
            Tensor y = crop.apply(x, gen);
            boolean found = false;
            for (int i = -2; i <= 2 && !found; i++) {
                for (int j = -2; j <= 2 && !found; j++) {
                    if (Arrays.equals(ImageOps.crop(x, i, j, 6, 7).toFloatArray(), y.toFloatArray())) {
                        offsets.add(i + "," + j);
                        found = true;
                    }
                }
            }
            assertTrue(found, "draw " + k + " is not a window of the padded image");
        }
        assertEquals(25, offsets.size(), "every offset in [-2, 2]^2 occurs: " + offsets);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomCrop(9, 7, 1).apply(x, gen));
        assertTrue(e.getMessage().contains("window 9x7 is larger than the padded image 8x9"), e.getMessage());
    }

    @Test
    void randomResizedCropRegions() {
        RandomResizedCrop rrc = new RandomResizedCrop(8, 8);
        Generator gen = new Generator(9);
        for (int k = 0; k < 500; k++) {
            int[] r = rrc.region(30, 40, gen);
            assertTrue(r[0] >= 0 && r[1] >= 0 && r[2] > 0 && r[3] > 0 && r[0] + r[2] <= 30 && r[1] + r[3] <= 40,
                    "region " + Arrays.toString(r));
            double area = (double) r[2] * r[3] / 1200, ratio = (double) r[3] / r[2];
            assertTrue(area > 0.06 && area < 1.05 && ratio > 0.6 && ratio < 1.5, "region " + Arrays.toString(r));
        }
        // the whole image when scale is 1 and its ratio is allowed: the transform is a plain resize
        Tensor x = image(3, 12, 16);
        RandomResizedCrop whole = new RandomResizedCrop(6, 8, 1, 1, 4.0 / 3, 4.0 / 3);
        assertIdentical(ImageOps.resize(x, 6, 8), whole.apply(x, new Generator(1)));
        // no attempt fits (ratio 10..20 on a square): the centred fallback with the ratio clamped
        RandomResizedCrop wide = new RandomResizedCrop(4, 4, 0.9, 1, 10, 20);
        assertArrayEquals(new int[] {45, 0, 10, 100}, wide.region(100, 100, new Generator(2)));
        assertThrows(IllegalArgumentException.class, () -> new RandomResizedCrop(4, 4, 0.5, 0.2, 1, 1));
    }

    @Test
    void randomAffineDegenerateCasesAndIntegerShifts() {
        Tensor x = image(3, 9, 11);
        assertIdentical(x, new RandomAffine(0).apply(x, new Generator(1)));
        RandomAffine shift = new RandomAffine(0, 0.3, 0.3);
        Generator gen = new Generator(4), replay = new Generator(4);
        for (int k = 0; k < 20; k++) {
            Tensor y = shift.apply(x, gen);
            replay.nextDouble(); // the angle
            double tx = Math.rint(Transform.uniform(replay, -3.3, 3.3)), ty = Math.rint(Transform.uniform(replay, -2.7, 2.7));
            replay.nextDouble(); // the scale
            assertIdentical(ImageOps.crop(x, (int) -ty, (int) -tx, 9, 11), y);
        }
        assertThrows(IllegalArgumentException.class, () -> new RandomAffine(10, 2, 0));
    }

    @Test
    void colorJitter() {
        Tensor x = image(3, 5, 6);
        assertIdentical(x, new ColorJitter(0, 0, 0).apply(x, new Generator(1)));
        // brightness alone: a single factor in [0.5, 1.5] times the image, clamped
        ColorJitter b = new ColorJitter(0.5, 0, 0);
        Generator gen = new Generator(8), replay = new Generator(8);
        for (int k = 0; k < 10; k++) {
            Tensor y = b.apply(x, gen);
            replay.permutation(3);
            double f = Transform.uniform(replay, 0.5, 1.5);
            assertIdentical(ImageOps.adjustBrightness(x, f), y);
        }
        // a grey image works too (saturation is then a no-op)
        Tensor g = image(1, 5, 6);
        assertArrayEquals(new int[] {1, 5, 6}, new ColorJitter(0.3, 0.3, 0.3).apply(g, new Generator(2)).shape());
        assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-0.1, 0, 0));
    }

    @Test
    void composeFlattensAndKeepsOrder() {
        List<String> calls = new ArrayList<>();
        Transform a = (x, g) -> {
            calls.add("a");
            return x.mul(2f);
        };
        Transform b = (x, g) -> {
            calls.add("b");
            return x.add(1f);
        };
        Transform c = Transform.compose(a, b).andThen(a);
        assertEquals(3, ((Compose) c).transforms().size());
        Tensor y = c.apply(Tensor.ones(1, 1, 1), new Generator(0));
        assertEquals(List.of("a", "b", "a"), calls);
        assertEquals(6f, y.item());
        assertThrows(NullPointerException.class, () -> Transform.compose(a, null));
    }

    @Test
    void augmentBatchAppliesTheTransformToEachImageInOrder() {
        Tensor batch = Tensor.stack(List.of(image(1, 8, 8), image(1, 8, 8).mul(0.5f), image(1, 8, 8).mul(0.25f)), 0);
        Transform t = Transform.compose(new RandomCrop(6, 6, 1), new RandomHorizontalFlip());
        Tensor y = Augment.batch(batch, t, new Generator(3));
        assertArrayEquals(new int[] {3, 1, 6, 6}, y.shape());
        Generator replay = new Generator(3);
        for (int i = 0; i < 3; i++) assertIdentical(t.apply(batch.select(0, i), replay), y.select(0, i));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augment.batch(batch, (x, g) -> ImageOps.resize(x, 2 + g.nextInt(2), 2), new Generator(0)));
        assertTrue(e.getMessage().contains("all images of a batch need one shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augment.batch(Tensor.zeros(3, 4), t, new Generator(0)));
    }

    @Test
    void augmentedBatchesArePerEpochFunctionsOfTheSeeds() {
        float[] v = new float[10 * 1 * 6 * 6];
        for (int i = 0; i < v.length; i++) v[i] = (i % 13) / 13f;
        long[] labels = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        TensorDataset data = new TensorDataset(Tensor.of(v, 10, 1, 6, 6), Tensor.ofLongs(labels, 10));
        Transform t = Transform.compose(new RandomCrop(6, 6, 2), new RandomAffine(10));
        DataLoader batches = Augment.batches(DataLoader.of(data).batchSize(4).shuffle(7), t, 11);
        assertEquals(3, batches.numBatches());
        List<Batch> first = new ArrayList<>(), again = new ArrayList<>(), other = new ArrayList<>();
        batches.epoch(1).forEach(first::add);
        batches.epoch(1).forEach(again::add);
        batches.epoch(2).forEach(other::add);
        assertEquals(3, first.size());
        List<Batch> plain = new ArrayList<>();
        DataLoader.of(data).batchSize(4).shuffle(7).epoch(1).forEach(plain::add);
        for (int k = 0; k < 3; k++) {
            assertIdentical(first.get(k).x(), again.get(k).x());
            assertIdentical(plain.get(k).y().toFloat(), first.get(k).y().toFloat());
            assertArrayEquals(plain.get(k).x().shape(), first.get(k).x().shape());
        }
        assertFalse(Arrays.equals(first.get(0).x().toFloatArray(), other.get(0).x().toFloatArray()));
    }
}
