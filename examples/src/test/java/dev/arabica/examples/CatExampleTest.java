package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
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
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CatExampleTest {

    static CatExample run(ExamplesTestSupport.Capture out, String... args) {
        CatExample example = new CatExample();
        example.out = out.stream;
        assertEquals(0, new CommandLine(example).execute(args), out.text());
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
                    "--output", dir.toString());
            String text = out.text();
            CatExample.Result r = example.result;
            assertEquals(iterations, r.costs().size());
            assertTrue(r.costs().get(iterations - 1) < r.costs().get(0), model + ": cost falls " + r.costs());
            assertTrue(text.contains("cost after iteration 0: "), text);
            assertTrue(text.matches("(?s).*\\ntrain accuracy: [01]\\.\\d{3}\\ntest accuracy: [01]\\.\\d{3}\\n$"), text);

            assertEquals(dir.resolve("cat-" + model + ".safetensors"), r.weights());
            Module loaded = CatExample.build(CatExample.Model.of(model), new Generator(99));
            ModelFiles.load(loaded, r.weights());
            BufferedImage plot = ImageIO.read(r.plot().toFile());
            assertNotNull(plot, "a PNG was written");
            assertEquals(800, plot.getWidth());
        }

        Path picture = dir.resolve("picture.jpg");
        BufferedImage image = new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 150, 100));
        g.fillRect(0, 0, 120, 90);
        g.dispose();
        assertTrue(ImageIO.write(image, "jpg", picture.toFile()));
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        CatExample example = run(out, "--model", "4layer", "--output", dir.toString(), "--predict", picture.toString());
        assertTrue(example.predictedProbability >= 0 && example.predictedProbability <= 1);
        assertTrue(out.text().matches("picture\\.jpg: (cat|non-cat) \\(probability of cat 0\\.\\d{3}, model cat-4layer\\.safetensors\\)\\n"),
                out.text());
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

    /** The course's reference results. Minutes with the current GEMM: run with -Darabica.examples.full=true. */
    @Test
    @EnabledIfSystemProperty(named = "arabica.examples.full", matches = "true")
    void fullRunsReachTheCoursesAccuracy(@TempDir Path dir) {
        Path data = ExamplesTestSupport.catData();
        CatExample.Result logreg = run(new ExamplesTestSupport.Capture(), "--model", "logreg", "--data", data.toString(),
                "--output", dir.toString()).result;
        assertTrue(logreg.trainAccuracy() >= 0.97, "logreg train " + logreg.trainAccuracy());
        assertTrue(logreg.testAccuracy() >= 0.68, "logreg test " + logreg.testAccuracy());
        CatExample.Result deep = run(new ExamplesTestSupport.Capture(), "--model", "4layer", "--data", data.toString(),
                "--output", dir.toString()).result;
        assertTrue(deep.trainAccuracy() >= 0.95, "4layer train " + deep.trainAccuracy());
        assertTrue(deep.testAccuracy() >= 0.78, "4layer test " + deep.testAccuracy());
    }
}
