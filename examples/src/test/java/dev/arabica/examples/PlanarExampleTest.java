package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.nn.data.TensorDataset;
import dev.arabica.nn.train.ModelFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlanarExampleTest {

    static PlanarExample run(ExamplesTestSupport.Capture out, String... args) {
        PlanarExample example = new PlanarExample();
        example.out = out.stream;
        assertEquals(0, new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true).execute(args), out.text());
        return example;
    }

    @Test
    void flowerIsTheCoursesDataSet() {
        TensorDataset d = PlanarExample.flower(400, new NumpyRandom(1));
        assertEquals(400, d.size());
        // load_planar_dataset() with NumPy: X[:, 0], X[0, 199], X[1, 200], X[:, 399]
        float[][] expected = {{0, 1.20444229f}, {1, 3.57611415f}, {398, -0.58584641f}, {401, 3.68252461f},
                {798, 0.730780825f}, {799, 3.06832921f}};
        for (float[] e : expected) assertEquals(e[1], d.x().toFloatArray()[(int) e[0]], 2e-6f);
        float[] y = d.y().toFloatArray(), x = d.x().toFloatArray();
        assertEquals(0, y[0]);
        assertEquals(1, y[399]);
        double sum = 0;
        for (float v : y) sum += v;
        assertEquals(200, sum);
        for (int i = 0; i < 400; i++) {
            double radius = Math.hypot(x[2 * i], x[2 * i + 1]);
            assertTrue(radius < 4 + 1.2, "|r| = |4 sin(4t) + noise| stays near 4 or below: " + radius);
        }
    }

    @Test
    void smokeRunPrintsProgressAndBothAccuracies(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        PlanarExample example = run(out, "--iterations", "400", "--logreg-iterations", "50", "--progress", "lines", "--output", dir.toString());
        String text = out.text();
        assertTrue(text.matches("(?s).*\\nlogistic regression accuracy: 0\\.\\d\\d\\n.*"), text);
        assertTrue(text.contains("epoch 40/400 "), text);
        assertTrue(text.matches("(?s).*\\naccuracy: [01]\\.\\d\\d\\n$"), text);
        PlanarExample.Result r = example.result;
        List<Double> loss = r.history().get("loss");
        assertEquals(400, loss.size());
        assertTrue(loss.get(399) < loss.get(0), "cost falls: " + loss.get(0) + " -> " + loss.get(399));
        ModelFiles.load(PlanarExample.network(4, new NumpyRandom(7)), r.weights());
        assertNotNull(ImageIO.read(r.curve().toFile()), "learning curve PNG");
        BufferedImage boundary = ImageIO.read(r.boundary().toFile());
        assertNotNull(boundary, "decision boundary PNG");
        assertTrue(boundary.getWidth() > DecisionBoundary.SIZE && boundary.getHeight() > DecisionBoundary.SIZE);
    }

    @Test
    void sweepWritesABoundaryPerSize(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        PlanarExample example = run(out, "--sweep", "--sizes", "1,5", "--iterations", "300", "--progress", "none", "--output", dir.toString());
        String text = out.text();
        assertTrue(text.matches("(?s).*\\naccuracy for 1 hidden units: 0\\.\\d{4}\\naccuracy for 5 hidden units: 0\\.\\d{4}\\n$"), text);
        Map<Integer, PlanarExample.SweepPoint> sweep = example.result.sweep();
        assertEquals(List.of(1, 5), List.copyOf(sweep.keySet()));
        for (int h : List.of(1, 5)) {
            PlanarExample.SweepPoint p = sweep.get(h);
            List<Double> loss = p.history().get("loss");
            assertTrue(loss.get(loss.size() - 1) < loss.get(0), "cost falls for size " + h + ": " + loss);
            assertEquals(dir.resolve("planar-hidden-" + h + ".png"), p.boundary());
            assertNotNull(ImageIO.read(p.boundary().toFile()));
            ModelFiles.load(PlanarExample.network(h, new NumpyRandom(7)), dir.resolve("planar-hidden-" + h + ".safetensors"));
        }
        BufferedImage grid = ImageIO.read(dir.resolve("planar-sweep.png").toFile());
        assertTrue(grid.getWidth() > 2 * DecisionBoundary.SIZE, "both sizes side by side: " + grid.getWidth());
    }

    @Test
    void initialWeightsAreTheCourses() {
        // np.random.seed(2); W1 = np.random.randn(4, 2) * 0.01; W2 = np.random.randn(1, 4) * 0.01
        var net = PlanarExample.network(4, new NumpyRandom(2));
        float[] w1 = ((dev.arabica.nn.Linear) net.get(0)).weight().toFloatArray();
        float[] w2 = ((dev.arabica.nn.Linear) net.get(2)).weight().toFloatArray();
        assertEquals(-0.00416758f, w1[0], 1e-8f);
        assertEquals(-0.00056267f, w1[1], 1e-8f);
        assertEquals(-0.02136196f, w1[2], 1e-8f);
        assertEquals(0.02292208f, w2[3], 1e-8f);
    }

    @Test
    void fullRunMatchesTheCourse(@TempDir Path dir) {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        PlanarExample example = run(out, "--progress", "none", "--output", dir.toString());
        PlanarExample.Result r = example.result;
        assertTrue(r.accuracy() >= 0.88, "network accuracy " + r.accuracy() + "\n" + out.text());
        assertTrue(r.logisticAccuracy() > 0.40 && r.logisticAccuracy() < 0.55,
                "logistic regression cannot separate the flower: " + r.logisticAccuracy());
    }
}
