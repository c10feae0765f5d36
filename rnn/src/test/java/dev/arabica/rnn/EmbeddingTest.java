package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Tensor w = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Embedding e = Embedding.fromPretrained(w, false);
        Tensor idx = Tensor.ofLongs(new long[] {2, 0, 1, 2}, 2, 1, 2);
        Tensor out = e.forward(idx);
        assertArrayEquals(new int[] {2, 1, 2, 2}, out.shape());
        assertArrayEquals(new float[] {20, 21, 0, 1, 10, 11, 20, 21}, out.toFloatArray());
        assertArrayEquals(new int[] {2}, e.forward(Tensor.ofLongs(new long[] {1}, new int[0])).shape());
        assertArrayEquals(new int[] {0, 2}, e.forward(Tensor.ofLongs(new long[0], 0)).shape());
        // a non-contiguous index view
        Tensor view = Tensor.ofLongs(new long[] {0, 1, 2, 2, 1, 0}, 2, 3).transpose(0, 1);
        assertArrayEquals(new float[] {0, 1, 20, 21, 10, 11, 10, 11, 20, 21, 0, 1}, e.forward(view).toFloatArray());
    }

    @Test
    void gradientAddsRepeatedIndicesAndSkipsThePaddingRow() {
        Embedding e = Embedding.fromPretrained(Tensor.ones(4, 2), false, 1);
        Tensor idx = Tensor.ofLongs(new long[] {0, 1, 0, 3, 1, 0}, 6);
        Tensor up = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 6, 2);
        e.forward(idx).backward(up);
        assertArrayEquals(new float[] {1 + 5 + 11, 2 + 6 + 12, 0, 0, 0, 0, 7, 8}, e.weight().grad().toFloatArray());
    }

    @Test
    void scaleGradByFrequencyDividesByTheCount() {
        Tensor w = Tensor.ones(3, 1).requiresGrad_(true);
        RnnFunctional.embedding(Tensor.ofLongs(new long[] {2, 2, 0, 2}, 4), w, null, true)
                .backward(Tensor.of(new float[] {3, 6, 5, 9}, 4, 1));
        assertArrayEquals(new float[] {5, 0, 6}, w.grad().toFloatArray());
    }

    @Test
    void maxNormRenormalizesLookedUpRowsInPlace() {
        Tensor w = Tensor.of(new float[] {3, 4, 0.3f, 0.4f, 6, 8}, 3, 2);
        Tensor out = RnnFunctional.embedding(Tensor.ofLongs(new long[] {0, 1, 0}, 3), w, null, 1.0, 2, false);
        float s = (float) (1 / (5 + 1e-7));
        assertArrayEquals(new float[] {3 * s, 4 * s, 0.3f, 0.4f, 6, 8}, w.toFloatArray(), "row 2 was not looked up");
        assertArrayEquals(new float[] {3 * s, 4 * s, 0.3f, 0.4f, 3 * s, 4 * s}, out.toFloatArray());
    }

    @Test
    void initialisationIsStandardNormalWithAZeroPaddingRow() {
        Embedding e = new Embedding(400, 50, -2, new Generator(1));
        assertEquals(398, e.paddingIdx());
        float[] v = e.weight().toFloatArray();
        double sum = 0, sq = 0;
        for (int i = 0; i < v.length; i++) {
            if (i / 50 == 398) {
                assertEquals(0f, v[i]);
                continue;
            }
            sum += v[i];
            sq += v[i] * v[i];
        }
        int n = v.length - 50;
        double mean = sum / n, var = sq / n - mean * mean;
        assertEquals(0, mean, 0.02);
        assertEquals(1, var, 0.03);
        assertArrayEquals(v, new Embedding(400, 50, -2, new Generator(1)).weight().toFloatArray(), "same seed, same weights");
    }

    @Test
    void frozenPretrainedWeightsGetNoGradient() {
        Tensor w = Tensor.randn(new Generator(2), 5, 3);
        Embedding e = Embedding.fromPretrained(w, true);
        assertFalse(e.weight().requiresGrad());
        assertTrue(e.trainableParameters().isEmpty());
        Tensor out = e.forward(Tensor.ofLongs(new long[] {4, 1}, 2));
        assertFalse(out.requiresGrad());
        assertNull(e.weight().grad());
        assertArrayEquals(w.toFloatArray(), e.weight().toFloatArray());
        assertEquals("weight", e.stateDict().keySet().iterator().next());
    }

    @Test
    void badIndicesFailClearly() {
        Embedding e = new Embedding(10, 4, new Generator(1));
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 12}, 2, 3)));
        assertEquals("embedding: index 12 at position [1,2] of indices [2,3] is out of range for 10 embeddings (valid: 0..9)",
                out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.ofLongs(new long[] {-1}, 1)));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.of(1f, 2f)));
        assertTrue(type.getMessage().startsWith("embedding: indices must be int64"), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(3, 2, 3, new Generator(1)));
    }
}
