package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.cnn.models.LeNet5;
import dev.arabica.core.Generator;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FashionExampleTest {

    @Test
    void smokeRunTrainsBothModels(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        FashionExample example = new FashionExample();
        example.out = out.stream;
        int exit = new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true).execute("--data", SparkFashionExampleTest.fashionData().toString(),
                "--train-limit", "1200", "--test-limit", "300", "--epochs", "2", "--batch-size", "50", "--progress", "lines",
                "--output", dir.toString());
        String text = out.text();
        assertEquals(0, exit, text);
        assertTrue(text.contains("fashion: 1100 training, 100 dev and 300 test images"), text);
        assertTrue(text.contains("epoch 2/2 "), text);
        assertTrue(text.matches("(?s).*\\nmlp epoch times: \\d+\\.\\d s \\d+\\.\\d s\\n.*"), text);
        assertTrue(text.contains("true\\predicted  T-shirt/top"), text);
        assertTrue(text.matches("(?s).*\\nmlp test accuracy: 0\\.\\d{4}\\nmlp test loss: \\d\\.\\d{4}\\nmlp seconds per epoch: \\d+\\.\\d\\n"
                + "lenet test accuracy: 0\\.\\d{4}\\nlenet test loss: \\d\\.\\d{4}\\nlenet seconds per epoch: \\d+\\.\\d\\n$"), text);
        assertEquals(List.of("mlp", "lenet"), example.runs.stream().map(FashionExample.Run::model).toList());
        for (FashionExample.Run r : example.runs) {
            List<Double> loss = r.history().get("loss");
            assertTrue(loss.get(1) < loss.get(0), r.model() + ": cost falls " + loss);
            assertEquals(2, r.history().get("dev_loss").size());
            assertEquals(300, r.confusion().total());
            assertEquals(r.testAccuracy(), r.confusion().accuracy(), 1e-9);
            assertTrue(r.testAccuracy() > 0.5, r.model() + " learns something in 2 epochs: " + r.testAccuracy());
            assertNotNull(ImageIO.read(r.curve().toFile()));
            BufferedImage heat = ImageIO.read(r.confusionPicture().toFile());
            assertNotNull(heat);
            assertTrue(heat.getWidth() > 10 * 50, "ten columns: " + heat.getWidth());
        }
        ModelFiles.load(FashionExample.mlp(new Generator(9)), example.runs.get(0).weights());
        ModelFiles.load(new LeNet5(new Generator(9)), example.runs.get(1).weights());
    }

    @Test
    void loadsImagesScaledWithLabels() throws IOException {
        TensorDataset d = FashionExample.load(SparkFashionExampleTest.fashionData(), "t10k", 20);
        assertEquals(List.of(20, 1, 28, 28), java.util.Arrays.stream(d.x().shape()).boxed().toList());
        assertEquals(9L, d.y().getLong(0), "the first test image is an ankle boot");
        float max = 0;
        for (float v : d.x().toFloatArray()) max = Math.max(max, v);
        assertEquals(1f, max, 0.01f);
    }

    @Test
    void confusionMatrixCountsArgMaxAgainstLabels() {
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b", "c"));
        m.add(dev.arabica.core.Tensor.of(new float[] {3, 1, 0, 0, 2, 1, 0, 5, 1, 1, 0, 0}, 4, 3),
                dev.arabica.core.Tensor.ofLongs(new long[] {0, 1, 2, 0}, 4));
        assertEquals(2, m.count(0, 0));
        assertEquals(1, m.count(1, 1));
        assertEquals(1, m.count(2, 1));
        assertEquals(0.75, m.accuracy(), 1e-12);
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        m.print(out.stream);
        assertEquals("true\\predicted      a     b     c\n"
                + "a                   2     0     0\n"
                + "b                   0     1     0\n"
                + "c                   0     1     0\n", out.text());
    }
}
