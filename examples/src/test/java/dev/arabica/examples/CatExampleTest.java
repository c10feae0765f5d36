package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.ModelFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CatExampleTest {

    static CatExample run(ExamplesTestSupport.Capture out, String... args) {
        CatExample example = new CatExample();
        example.out = out.stream;
        assertEquals(0, new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true).execute(args), out.text());
        return example;
    }

    @Test
    void readsTheHdf5Files() throws IOException {
        Path dir = ExamplesTestSupport.catData();
        TensorDataset train = CatData.train(dir), test = CatData.test(dir);
        assertArrayEquals(new int[] {209, 12288}, train.x().shape());
        assertArrayEquals(new int[] {209, 1}, train.y().shape());
        assertArrayEquals(new int[] {50, 12288}, test.x().shape());
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (float v : train.x().toFloatArray()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        int cats = 0;
        for (float v : train.y().toFloatArray()) {
            assertTrue(v == 0 || v == 1);
            cats += (int) v;
        }
        assertEquals(72, cats, "72 of the 209 training images are cats");
    }

    @Test
    void smokeTrainSaveAndPredict(@TempDir Path dir) throws IOException {
        Path data = ExamplesTestSupport.catData();
        for (String model : List.of("logreg", "2layer", "4layer")) {
            ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
            // At lr 0.005 the course's logistic regression oscillates for its first ~50 iterations.
            int iterations = model.equals("logreg") ? 120 : 8;
            CatExample example = run(out, "--model", model, "--data", data.toString(), "--iterations", Integer.toString(iterations),
                    "--output", dir.toString(), "--progress", "lines");
            String text = out.text();
            CatExample.Result r = example.result;
            assertEquals(iterations, r.costs().size());
            assertTrue(r.costs().get(iterations - 1) < r.costs().get(0), model + ": cost falls " + r.costs());
            assertEquals(iterations, r.history().get("dev_loss").size(), "the test loss is logged for the learning curve");
            assertTrue(text.contains("epoch " + iterations + "/" + iterations + " "), text);
            assertTrue(text.matches("(?s).*\\ntrain accuracy: [01]\\.\\d{3}\\ntest accuracy: [01]\\.\\d{3}\\n$"), text);
            assertOutputs(r, dir, model);
            Module loaded = CatExample.build(CatExample.Model.of(model), 99);
            ModelFiles.load(loaded, r.weights());
        }

        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        CatExample example = run(out, "--model", "4layer", "--output", dir.toString(), "--predict", picture(dir).toString());
        assertTrue(example.predictedProbability >= 0 && example.predictedProbability <= 1);
        assertTrue(out.text().matches("picture\\.jpg: (cat|non-cat) \\(probability of cat 0\\.\\d{3}, model cat-4layer\\.safetensors\\)\\n"),
                out.text());
    }

    /** The weights, the learning curve and the mislabelled images are written and readable. */
    static void assertOutputs(CatExample.Result r, Path dir, String model) throws IOException {
        assertEquals(dir.resolve("cat-" + model + ".safetensors"), r.weights());
        BufferedImage curve = ImageIO.read(r.curve().toFile());
        assertNotNull(curve, "a learning curve PNG was written");
        assertEquals(800, curve.getWidth());
        BufferedImage grid = ImageIO.read(r.mislabelledPicture().toFile());
        assertNotNull(grid, "a PNG of the mislabelled images was written");
        assertEquals(Math.round((1 - r.testAccuracy()) * 50), r.mislabelled().size());
        if (!r.mislabelled().isEmpty()) {
            int columns = Math.min(6, r.mislabelled().size());
            assertTrue(grid.getWidth() >= columns * 128, "one 128-pixel tile per mislabelled image: " + grid.getWidth());
        }
    }

    static Path picture(Path dir) throws IOException {
        Path picture = dir.resolve("picture.jpg");
        BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 150, 100));
        g.fillRect(0, 0, 120, 90);
        g.dispose();
        assertTrue(ImageIO.write(image, "jpg", picture.toFile()));
        return picture;
    }

    /** A few epochs of the CNN on augmented batches: the cost falls, the outputs are written, --predict loads them. */
    @Test
    void smokeCnnTrainSaveAndPredict(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        CatExample example = run(out, "--model", "cnn", "--data", ExamplesTestSupport.catData().toString(), "--epochs", "3",
                "--output", dir.toString(), "--progress", "lines");
        CatExample.Result r = example.result;
        assertTrue(r.costs().get(2) < r.costs().get(0), "cost falls " + r.costs());
        assertTrue(out.text().contains("epoch 3/3 "), out.text());
        assertTrue(out.text().matches("(?s).*\\ntrain accuracy: [01]\\.\\d{3}\\ntest accuracy: [01]\\.\\d{3}\\n$"), out.text());
        assertOutputs(r, dir, "cnn");
        ModelFiles.load(CatExample.build(CatExample.Model.CNN, 5), r.weights());

        ExamplesTestSupport.Capture predicted = new ExamplesTestSupport.Capture();
        CatExample p = run(predicted, "--model", "cnn", "--predict", picture(dir).toString(), "--weights", r.weights().toString());
        assertTrue(p.predictedProbability >= 0 && p.predictedProbability <= 1);
        assertTrue(predicted.text().startsWith("picture.jpg: "), predicted.text());
    }

    @Test
    void cnnTakesChannelsFirstImages() {
        // pixel (row 1, col 2) of image 0 has channels (r, g, b) at HWC offsets 3 * (64 + 2) + c
        float[] rows = new float[2 * CatData.FEATURES];
        for (int c = 0; c < 3; c++) rows[3 * (64 + 2) + c] = c + 1;
        Tensor images = CatData.images(Tensor.of(rows, 2, CatData.FEATURES));
        assertArrayEquals(new int[] {2, 3, 64, 64}, images.shape());
        for (int c = 0; c < 3; c++) assertEquals(c + 1f, images.get(0, c, 1, 2));
        assertEquals(1, CatExample.cnn(new dev.arabica.core.Generator(1)).forward(images).size(1));
        int parameters = 0;
        for (Tensor t : CatExample.cnn(new dev.arabica.core.Generator(1)).parameters()) parameters += t.numel();
        assertEquals(60_753, parameters);
    }

    @Test
    void initialWeightsAreTheCourses() {
        // np.random.seed(1); W1 = np.random.randn(20, 12288) / np.sqrt(12288); ...; W2 = randn(7, 20) / sqrt(20)
        Module net = CatExample.build(CatExample.Model.FOUR_LAYER, 1);
        float[] w1 = net.stateDict().get("0.weight").toFloatArray(), w2 = net.stateDict().get("2.weight").toFloatArray();
        assertEquals((float) (1.6243453636632417 / Math.sqrt(12288)), w1[0]);
        assertEquals((float) (0.74660420444320141 / Math.sqrt(12288)), w1[w1.length - 1]);
        assertEquals((float) (-0.50374062593846514 / Math.sqrt(20)), w2[w2.length - 1]);
        assertEquals(0f, net.stateDict().get("0.bias").toFloatArray()[0]);
        Module two = CatExample.build(CatExample.Model.TWO_LAYER, 1);
        assertEquals((float) (1.6243453636632417 * 0.01), two.stateDict().get("0.weight").toFloatArray()[0]);
    }

    @Test
    void imagesAreResizedAndScaled(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("red.png");
        BufferedImage image = new BufferedImage(10, 7, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 10; x++) for (int y = 0; y < 7; y++) image.setRGB(x, y, 0xFF0080);
        ImageIO.write(image, "png", file.toFile());
        Tensor t = Images.load(file, 64);
        assertArrayEquals(new int[] {1, 12288}, t.shape());
        assertEquals(1f, t.get(0, 0), 1e-6f);
        assertEquals(0f, t.get(0, 1), 1e-6f);
        assertEquals(128 / 255f, t.get(0, 12287), 1e-6f);
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Images.load(dir.resolve("nope.jpg"), 64));
        assertTrue(e.getMessage().contains("not found"));
    }

    /** The course's reference result for logistic regression: 99% train, 70% test (about 12 s). */
    @Test
    void fullLogisticRegressionMatchesTheCourse(@TempDir Path dir) {
        CatExample.Result r = run(new ExamplesTestSupport.Capture(), "--model", "logreg", "--data",
                ExamplesTestSupport.catData().toString(), "--output", dir.toString(), "--progress", "none").result;
        assertTrue(r.trainAccuracy() >= 0.98, "logreg train " + r.trainAccuracy());
        assertTrue(r.testAccuracy() >= 0.68, "logreg test " + r.testAccuracy());
    }

    /**
     * The course's reference result for the 4-layer network from its initial weights: 98.6% train, 80%
     * test (about 30 s); the cost after iterations 0 and 100 equals the course's printed values.
     */
    @Test
    void fullFourLayerNetworkMatchesTheCourse(@TempDir Path dir) {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        CatExample.Result r = run(out, "--model", "4layer", "--data", ExamplesTestSupport.catData().toString(),
                "--output", dir.toString(), "--progress", "none").result;
        assertEquals("0.771749", String.format(java.util.Locale.ROOT, "%.6f", r.costs().get(0)), "cost after iteration 0");
        assertEquals("0.672053", String.format(java.util.Locale.ROOT, "%.6f", r.costs().get(100)), "cost after iteration 100");
        assertTrue(r.trainAccuracy() >= 0.95, "4layer train " + r.trainAccuracy());
        assertTrue(r.testAccuracy() >= 0.78, "4layer test " + r.testAccuracy());
        System.out.printf("cat 4layer: train accuracy %.3f, test accuracy %.3f, %.1f s%n", r.trainAccuracy(), r.testAccuracy(), r.seconds());
    }
}
