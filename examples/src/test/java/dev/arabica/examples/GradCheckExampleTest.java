package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GradCheckExampleTest {

    @Test
    void findsTheBackwardRightAndCatchesTheBug(@TempDir Path dir) throws IOException {
        ExamplesTestSupport.Capture out = new ExamplesTestSupport.Capture();
        GradCheckExample example = new GradCheckExample();
        example.out = out.stream;
        assertEquals(0, new CommandLine(example).execute("--output", dir.toString()), out.text());
        String text = out.text();
        GradCheckExample.Result r = example.result;
        assertTrue(r.oneDimensional() < 1e-7, "1-D: " + r.oneDimensional());
        assertTrue(r.difference() < GradCheckExample.THRESHOLD, "autograd's gradient: " + r.difference() + "\n" + text);
        assertTrue(r.customDifference() < GradCheckExample.THRESHOLD, "custom op without the bug: " + r.customDifference());
        assertTrue(r.buggyDifference() > 0.1, "the bug: " + r.buggyDifference());
        assertTrue(r.gradCheckPassed());
        assertFalse(r.buggyGradCheckPassed());
        assertTrue(text.matches("(?s).*\\ndifference: \\d\\.\\de-\\d\\d\\n.*"), text);
        assertTrue(text.matches("(?s).*\\ndifference \\(with the bug\\): \\d\\.\\de-\\d\\d\\n.*"), text);
        assertTrue(text.contains("core GradCheck of the custom op with the dW bug: FAILED"), text);
        assertNotNull(ImageIO.read(r.plot().toFile()), "a PNG was written");
    }

    @Test
    void theTestCaseIsTheCourses() {
        // np.random.seed(1); x = np.random.randn(4, 3); W1 = np.random.randn(5, 4); ...
        GradCheckExample.TestCase c = GradCheckExample.TestCase.course(1);
        assertEquals(1.6243453636632417f, c.x()[0][0]);
        assertEquals(-0.61175641365007538f, c.x()[1][0], "x is features by examples: x[0, 1] is example 1's feature 0");
        assertEquals(-1.0729686221561705f, c.x()[0][1]);
        assertEquals(47, c.theta().length);
        // The double-precision cost equals the float32 network's at the same parameters.
        Tensor[] in = c.inputs();
        assertEquals(c.cost(c.theta()), GradCheckExample.cost(in, GradCheckExample.BUILT_IN).item(), 1e-5);
    }

    @Test
    void customLinearBackwardIsRightOnlyWithoutTheBug() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 3, 4).requiresGrad_(true), w = Tensor.randn(gen, 5, 4).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, 5).requiresGrad_(true);
        assertTrue(GradCheck.check(in -> GradCheckExample.customLinear(in[0], in[1], in[2], 1f, 1f), x, w, b).passed());
        GradCheck.Report wrong = GradCheck.check(in -> GradCheckExample.customLinear(in[0], in[1], in[2], 2f, 1f), x, w, b);
        assertFalse(wrong.passed());
        assertEquals(1, wrong.worstInput(), "the weight's gradient is the wrong one");
    }
}
