package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.nn.data.TensorDataset;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlanarExampleTest {

    static PlanarExample run(ExamplesTestSupport.Capture out, String... args) {
        PlanarExample example = new PlanarExample();
        example.out = out.stream;
        assertEquals(0, new CommandLine(example).setCaseInsensitiveEnumValuesAllowed(true).execute(args), out.text());
        return example;
    }

    @Test
    void flowerFollowsTheCourseFormula() {
        TensorDataset d = PlanarExample.flower(400, new Generator(1));
        assertEquals(400, d.size());
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
    void smokeRunPrintsProgressAndBothAccuracies() {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        PlanarExample example = run(out, "--iterations", "400", "--logreg-iterations", "50", "--progress", "lines");
        String text = out.text();
        assertTrue(text.matches("(?s).*\\nlogistic regression accuracy: 0\\.\\d\\d\\n.*"), text);
        assertTrue(text.contains("epoch 40/400 "), text);
        assertTrue(text.matches("(?s).*\\naccuracy: [01]\\.\\d\\d\\n$"), text);
        List<Double> loss = example.result.history().get("loss");
        assertEquals(400, loss.size());
        assertTrue(loss.get(399) < loss.get(0), "cost falls: " + loss.get(0) + " -> " + loss.get(399));
    }

    @Test
    void fullRunMatchesTheCourse() {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        PlanarExample example = run(out, "--progress", "none");
        PlanarExample.Result r = example.result;
        assertTrue(r.accuracy() >= 0.88, "network accuracy " + r.accuracy() + "\n" + out.text());
        assertTrue(r.logisticAccuracy() > 0.40 && r.logisticAccuracy() < 0.55,
                "logistic regression cannot separate the flower: " + r.logisticAccuracy());
    }
}
