package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OptimizersExampleTest {

    @Test
    void smokeRunComparesTheThreeOptimizers(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        OptimizersExample example = new OptimizersExample();
        example.out = out.stream;
        int exit = new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true)
                .execute("--epochs", "60", "--progress", "lines", "--output", dir.toString());
        String text = out.text();
        assertEquals(0, exit, text);
        assertTrue(text.contains("epoch 60/60 "), text);
        assertTrue(text.matches("(?s).*\\nAdam +0\\.\\d{3} +\\d\\.\\d{4} +0\\.940\\n.*"), text);
        assertTrue(text.matches("(?s).*\\ngd accuracy: 0\\.\\d{3}\\nmomentum accuracy: 0\\.\\d{3}\\nadam accuracy: 0\\.\\d{3}\\n$"), text);
        OptimizersExample.Result r = example.result;
        assertEquals(3, r.runs().size());
        for (OptimizersExample.Run run : r.runs()) {
            List<Double> loss = run.history().get("loss");
            assertEquals(60, loss.size());
            assertTrue(loss.get(59) < loss.get(0), run.kind() + ": cost falls " + loss.get(0) + " -> " + loss.get(59));
            ModelFiles.load(OptimizersExample.network(new NumpyRandom(0)), run.weights());
        }
        List<Double> adam = r.runs().get(2).history().get("loss"), gd = r.runs().get(0).history().get("loss");
        assertTrue(adam.get(59) < gd.get(59), "Adam is ahead of gradient descent at the same learning rate");
        BufferedImage figure = ImageIO.read(r.figure().toFile());
        assertNotNull(figure, "one PNG");
        assertTrue(figure.getWidth() >= 3 * 452 && figure.getHeight() >= 380 + 458, figure.getWidth() + "x" + figure.getHeight());
    }

    @Test
    void moonsAreTheCourses() {
        // np.random.seed(3); make_moons(300, noise=0.2) (see src/test/python/optimizers_gradcheck_reference.py)
        TensorDataset d = OptimizersExample.moons(300, 0.2, new NumpyRandom(3));
        float[] x = d.x().toFloatArray(), y = d.y().toFloatArray();
        assertEquals((float) -0.21687013, x[0], 1e-7f);
        assertEquals((float) 1.01544937, x[1], 1e-7f);
        assertEquals((float) 0.80505015, x[2], 1e-7f);
        assertEquals((float) -0.5579734, x[3], 1e-7f);
        assertEquals((float) 0.5477256, x[598], 1e-7f);
        assertEquals((float) 0.34817461, x[599], 1e-7f);
        float[] labels = {0, 1, 1, 1, 0, 0, 1, 1, 0, 1};
        for (int i = 0; i < labels.length; i++) assertEquals(labels[i], y[i]);
    }

    @Test
    void initialWeightsAreTheCourses() {
        // np.random.seed(3); W1 = randn(5, 2) * sqrt(2 / 2); W2 = randn(2, 5) * sqrt(2 / 5); W3 = randn(1, 2) * sqrt(2 / 2)
        var net = OptimizersExample.network(new NumpyRandom(3));
        assertEquals((float) 1.7886284734303186, net.stateDict().get("0.weight").toFloatArray()[0]);
        assertEquals((float) -0.696376313807212, net.stateDict().get("2.weight").toFloatArray()[9]);
        assertEquals((float) -0.20564989942254108, net.stateDict().get("4.weight").toFloatArray()[1]);
        assertEquals(0f, net.stateDict().get("2.bias").toFloatArray()[0]);
    }

    @Test
    void miniBatchesAreTheCourses() {
        TensorDataset data = OptimizersExample.moons(300, 0.2, new NumpyRandom(3));
        OptimizersExample.CourseMiniBatches course = new OptimizersExample.CourseMiniBatches(data, 64, 11);
        float[] x = data.x().toFloatArray();
        for (int epoch : new int[] {0, 1}) {
            course.onEpochBegin(null, epoch);
            List<Batch> batches = new ArrayList<>();
            course.loader().epoch(epoch).forEach(batches::add);
            assertEquals(List.of(64, 64, 64, 64, 44), batches.stream().map(Batch::size).toList());
            // np.random.seed(11 + epoch); np.random.permutation(300): the batches hold the points in that order
            int[] order = new NumpyRandom(11 + epoch).permutation(300);
            float[] first = batches.get(0).x().contiguous().toFloatArray(), last = batches.get(4).x().contiguous().toFloatArray();
            for (int i = 0; i < 3; i++) assertEquals(x[2 * order[i]], first[2 * i]);
            assertEquals(x[2 * order[299] + 1], last[2 * 43 + 1]);
        }
    }
}
