package dev.arabica.rnn.attention;

import static dev.arabica.rnn.testkit.Checks.assertClose;
import static dev.arabica.rnn.testkit.Checks.assertIdentical;
import static dev.arabica.rnn.testkit.Checks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositionalEncodingTest {

    /** Rows 1, 17 and 4999 of the PyTorch tutorial's {@code pe} buffer for d_model 16 (torch 1.13, float32). */
    static final float[][] TUTORIAL_ROWS = {
        {8.414709568e-01f, 5.403023362e-01f, 3.109835982e-01f, 9.504153132e-01f, 9.983341396e-02f, 9.950041771e-01f,
            3.161750361e-02f, 9.995000362e-01f, 9.999833070e-03f, 9.999499917e-01f, 3.162271343e-03f, 9.999949932e-01f,
            9.999998147e-04f, 9.999995232e-01f, 3.162277862e-04f, 9.999999404e-01f},
        {-9.613975286e-01f, -2.751633525e-01f, -7.878518701e-01f, 6.158648133e-01f, 9.916648269e-01f, -1.288444251e-01f,
            5.120649934e-01f, 8.589466810e-01f, 1.691823453e-01f, 9.855847955e-01f, 5.373281240e-02f, 9.985553622e-01f,
            1.699917950e-02f, 9.998555183e-01f, 5.375846289e-03f, 9.999855757e-01f},
        {-6.639495492e-01f, -7.477774024e-01f, -5.659021735e-01f, -8.244723678e-01f, -3.771632910e-01f, -9.261468053e-01f,
            8.428794742e-01f, 5.381023884e-01f, -2.720132768e-01f, 9.622935057e-01f, -1.000897214e-01f, -9.949784279e-01f,
            -9.592075944e-01f, 2.827027440e-01f, 9.999497533e-01f, -1.002621185e-02f}};

    @Test
    void tableMatchesThePyTorchTutorialToAnUlp() {
        float[] t = PositionalEncoding.table(5000, 16);
        int[] rows = {1, 17, 4999};
        for (int r = 0; r < rows.length; r++) {
            for (int j = 0; j < 16; j++) assertEquals(TUTORIAL_ROWS[r][j], t[rows[r] * 16 + j], 2e-7, "row " + rows[r] + " col " + j);
        }
    }

    @Test
    void tableIsTheCourseFormula() {
        int d = 7; // odd: the last column is a sine
        float[] t = PositionalEncoding.table(50, d);
        for (int pos = 0; pos < 50; pos++) {
            for (int i = 0; i < d; i++) {
                double angle = pos / Math.pow(10000, (2 * (i / 2)) / (double) d);
                double expected = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
                assertEquals(expected, t[pos * d + i], 2e-5, "pos " + pos + " i " + i);
            }
        }
    }

    @Test
    void addsTheTableInEveryLayout() {
        Generator g = new Generator(1);
        Tensor table = Tensor.wrap(PositionalEncoding.table(6, 4), 6, 4);
        PositionalEncoding seqFirst = new PositionalEncoding(4, 0.1, 10, false, g);
        PositionalEncoding batchFirst = new PositionalEncoding(4, 0.1, 10, true, g);
        seqFirst.eval();
        batchFirst.eval();
        Tensor x = Tensor.randn(g, 6, 3, 4);
        Tensor y = seqFirst.forward(x);
        for (int b = 0; b < 3; b++) assertClose(x.select(1, b).add(table), y.select(1, b), 0, 0);
        Tensor xb = Tensor.randn(g, 3, 6, 4);
        Tensor yb = batchFirst.forward(xb);
        for (int b = 0; b < 3; b++) assertClose(xb.select(0, b).add(table), yb.select(0, b), 0, 0);
        Tensor x2 = Tensor.randn(g, 6, 4);
        assertClose(x2.add(table), seqFirst.forward(x2), 0, 0);
        assertEquals(List.of("pe"), List.copyOf(seqFirst.stateDict().keySet()));
        assertArrayEquals(new int[] {10, 1, 4}, seqFirst.pe().shape());
    }

    @Test
    void dropoutInTrainingOnlyAndGradientIsTheIdentityInEval() {
        Generator g = new Generator(2);
        PositionalEncoding pe = new PositionalEncoding(8, 0.5, 20, true, g);
        Tensor x = Tensor.randn(g, 4, 10, 8);
        Tensor train = pe.forward(x);
        int zeros = 0;
        for (float v : train.toFloatArray()) if (v == 0f) zeros++;
        assertTrue(zeros > 100 && zeros < 220, "about half of 320 values dropped, got " + zeros);
        pe.eval();
        GradCheck.assertGradients(in -> pe.forward(in[0]), leaf(Tensor.randn(g, 2, 5, 8)));
        // Same seed, same masks.
        assertIdentical(new PositionalEncoding(8, 0.5, 20, true, new Generator(5)).forward(x),
                new PositionalEncoding(8, 0.5, 20, true, new Generator(5)).forward(x));
    }

    @Test
    void badInputGivesClearErrors() {
        Generator g = new Generator(3);
        PositionalEncoding pe = new PositionalEncoding(4, 0.0, 5, false, g);
        var e1 = assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(6, 1, 4)));
        assertTrue(e1.getMessage().contains("maxLen 5"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> pe.forward(Tensor.zeros(3, 1, 5)));
        assertTrue(e2.getMessage().contains("[3,1,5]"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PositionalEncoding(0, 0.1, 5, false, g));
        assertThrows(IllegalArgumentException.class, () -> new PositionalEncoding(4, 1.0, 5, false, g));
    }
}
