package dev.arabica.rnn.attention;

import static dev.arabica.rnn.testkit.Checks.assertClose;
import static dev.arabica.rnn.testkit.Checks.gradCheckModule;
import static dev.arabica.rnn.testkit.Checks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdditiveAttentionTest {

    @Test
    void handComputedScores() {
        // One hidden unit: e_j = v * tanh(wq * s + wk * h_j + b) with wq = 1, wk = 2, b = 0.25, v = 1.5.
        AdditiveAttention a = new AdditiveAttention(1, 1, 1, new Generator(1));
        Map<String, Tensor> state = a.stateDict();
        assertEquals(List.of("query_proj.weight", "key_proj.weight", "key_proj.bias", "v.weight"), List.copyOf(state.keySet()));
        state.put("query_proj.weight", Tensor.of(new float[] {1f}, 1, 1));
        state.put("key_proj.weight", Tensor.of(new float[] {2f}, 1, 1));
        state.put("key_proj.bias", Tensor.of(0.25f));
        state.put("v.weight", Tensor.of(new float[] {1.5f}, 1, 1));
        a.loadStateDict(state);
        double s = 0.5;
        double[] h = {0, 1, -1};
        double[] values = {1, 2, 3};
        double[] e = new double[3];
        double z = 0;
        for (int j = 0; j < 3; j++) {
            e[j] = Math.exp(1.5 * Math.tanh(s + 2 * h[j] + 0.25));
            z += e[j];
        }
        double context = 0;
        for (int j = 0; j < 3; j++) context += e[j] / z * values[j];
        Attention.Result r = a.forward(Tensor.of(new float[] {0.5f}, 1, 1), Tensor.of(new float[] {0, 1, -1}, 1, 3, 1),
                Tensor.of(new float[] {1, 2, 3}, 1, 3, 1), null);
        assertArrayEquals(new int[] {1, 1}, r.output().shape());
        assertArrayEquals(new int[] {1, 3}, r.weights().shape());
        assertEquals(context, r.output().item(), 1e-6);
        for (int j = 0; j < 3; j++) assertEquals(e[j] / z, r.weights().get(0, j), 1e-6);
        // Padding the best key moves its weight to the others.
        Attention.Result p = a.forward(Tensor.of(new float[] {0.5f}, 1, 1), Tensor.of(new float[] {0, 1, -1}, 1, 3, 1),
                Tensor.of(new float[] {1, 2, 3}, 1, 3, 1), Tensor.wrapLongs(new long[] {0, 1, 0}, 1, 3));
        assertEquals(0f, p.weights().get(0, 1));
        assertEquals((e[0] * 1 + e[2] * 3) / (e[0] + e[2]), p.output().item(), 1e-6);
    }

    @Test
    void manyStepsAtOnceEqualOneStepAtATime() {
        Generator g = new Generator(2);
        AdditiveAttention a = new AdditiveAttention(5, 3, 7, g);
        Tensor q = Tensor.randn(g, 2, 4, 5), keys = Tensor.randn(g, 2, 6, 3), values = Tensor.randn(g, 2, 6, 2);
        Tensor kpm = Tensor.wrapLongs(new long[] {0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0}, 2, 6);
        Attention.Result all = a.forward(q, keys, values, kpm);
        assertArrayEquals(new int[] {2, 4, 2}, all.output().shape());
        Tensor projected = a.projectKeys(keys);
        for (int t = 0; t < 4; t++) {
            Attention.Result step = a.attend(q.select(1, t), projected, values, kpm);
            assertClose(all.output().select(1, t), step.output(), 1e-6, 1e-7);
            assertClose(all.weights().select(1, t), step.weights(), 1e-6, 1e-7);
        }
        float[] w = all.weights().toFloatArray();
        for (int row = 0; row < 8; row++) {
            double sum = 0;
            for (int j = 0; j < 6; j++) sum += w[row * 6 + j];
            assertEquals(1, sum, 1e-6);
            if (row < 4) assertTrue(w[row * 6 + 4] == 0f && w[row * 6 + 5] == 0f);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Generator g = new Generator(3);
        AdditiveAttention a = new AdditiveAttention(3, 4, 5, g);
        Tensor kpm = Tensor.wrapLongs(new long[] {0, 0, 1, 0, 0, 0}, 2, 3);
        gradCheckModule(a, in -> {
            Attention.Result r = a.forward(in[0], in[1], in[2], kpm);
            return Tensor.cat(List.of(r.output().flatten(), r.weights().flatten()), 0);
        }, 1e-2, 2e-2, 2e-3, leaf(Tensor.randn(g, 2, 3)), leaf(Tensor.randn(g, 2, 3, 4)), leaf(Tensor.randn(g, 2, 3, 2)));
    }

    @Test
    void badInputGivesClearErrors() {
        Generator g = new Generator(4);
        AdditiveAttention a = new AdditiveAttention(3, 4, 5, g);
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> a.forward(Tensor.zeros(2, 4), Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 2), null));
        assertTrue(e1.getMessage().contains("query") && e1.getMessage().contains("[2,4]"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> a.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3, 2), null));
        assertTrue(e2.getMessage().contains("keys"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> a.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3, 4), Tensor.zeros(2, 4, 2), null));
        assertTrue(e3.getMessage().contains("[2,4,2]"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> a.forward(Tensor.zeros(2, 3), Tensor.zeros(2, 3, 4), Tensor.zeros(2, 3, 2), Tensor.wrapLongs(new long[3], 1, 3)));
        assertTrue(e4.getMessage().contains("keyPaddingMask"), e4.getMessage());
    }
}
