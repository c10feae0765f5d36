package dev.arabica.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init.FanMode;
import dev.arabica.nn.init.Init.Nonlinearity;
import org.junit.jupiter.api.Test;

class InitTest {

    @Test
    void fansLikePyTorch() {
        assertEquals(new Init.Fans(3, 5), Init.fans(Tensor.zeros(5, 3)));
        assertEquals(new Init.Fans(3 * 9, 8 * 9), Init.fans(Tensor.zeros(8, 3, 3, 3)));   // conv2d [out, in, kH, kW]
        assertEquals(new Init.Fans(2 * 5, 4 * 5), Init.fans(Tensor.zeros(4, 2, 5)));      // conv1d
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void gainsLikeCalculateGain() {
        assertEquals(1.0, Init.calculateGain(Nonlinearity.LINEAR));
        assertEquals(1.0, Init.calculateGain(Nonlinearity.CONV2D));
        assertEquals(1.0, Init.calculateGain(Nonlinearity.SIGMOID));
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.01 * 0.01)), Init.calculateGain(Nonlinearity.LEAKY_RELU));
        assertEquals(Math.sqrt(2 / 6.0), Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU));
    }

    private static double std(Tensor t) {
        float[] v = t.toFloatArray();
        double m = 0, s = 0;
        for (float x : v) m += x;
        m /= v.length;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.toFloatArray()) m = Math.max(m, Math.abs(x));
        return m;
    }

    @Test
    void variancesAndBounds() {
        Generator gen = new Generator(1);
        Tensor w = Parameter.zeros(200, 100); // fanIn 100, fanOut 200, requires grad: filled in place under no-grad
        assertSame(w, Init.kaimingUniform_(w, gen));
        assertTrue(maxAbs(w) <= Math.sqrt(6.0 / 100) && maxAbs(w) > 0.99 * Math.sqrt(6.0 / 100));
        Init.kaimingNormal_(w, gen);
        assertEquals(Math.sqrt(2.0 / 100), std(w), 0.01);
        Init.kaimingNormal_(w, 0, FanMode.FAN_OUT, Nonlinearity.TANH, gen);
        assertEquals(5.0 / 3 / Math.sqrt(200), std(w), 0.01);
        Init.kaimingUniform_(w, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, gen);
        assertTrue(maxAbs(w) <= 0.1 && maxAbs(w) > 0.099); // PyTorch's Linear default: U(-1/sqrt(in), 1/sqrt(in))
        Init.xavierUniform_(w, 1.0, gen);
        assertTrue(maxAbs(w) <= Math.sqrt(6.0 / 300) && maxAbs(w) > 0.99 * Math.sqrt(6.0 / 300));
        Init.xavierNormal_(w, 2.0, gen);
        assertEquals(2 * Math.sqrt(2.0 / 300), std(w), 0.01);
        Init.lecunNormal_(w, gen);
        assertEquals(Math.sqrt(1.0 / 100), std(w), 0.005);
        Init.lecunUniform_(w, gen);
        assertTrue(maxAbs(w) <= Math.sqrt(3.0 / 100));
        assertEquals(Math.sqrt(1.0 / 100), std(w), 0.005);
        Init.normal_(w, 3, 0.5, gen);
        assertEquals(0.5, std(w), 0.01);
        Init.truncNormal_(w, 0, 1, -2, 2, gen);
        assertTrue(maxAbs(w) <= 2);
        Init.uniform_(w, 2, 3, gen);
        for (float v : w.toFloatArray()) assertTrue(v >= 2 && v < 3);
        Init.constant_(w, 0.25);
        for (float v : w.toFloatArray()) assertEquals(0.25f, v);
        Init.zeros_(w);
        assertEquals(0.0, maxAbs(w));
        Init.ones_(w);
        assertEquals(1.0, maxAbs(w));
        assertTrue(w.requiresGrad());
    }

    @Test
    void seededAndReproducible() {
        Tensor a = Tensor.zeros(8, 4, 3, 3), b = Tensor.zeros(8, 4, 3, 3);
        Init.kaimingNormal_(a, new Generator(5));
        Init.kaimingNormal_(b, new Generator(5));
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        Init.xavierUniform_(b, 1, new Generator(6));
        assertTrue(a.toFloatArray()[0] != b.toFloatArray()[0]);
    }
}
