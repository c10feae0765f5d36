package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.data.TensorDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleFormatTest {

    @Test
    void classificationBatchesInputsAndInt64Labels() {
        ExampleFormat f = ExampleFormat.classification(1, 2, 2);
        Batch b = f.batch(List.of(Example.ofClass(new float[] {1, 2, 3, 4}, 3), Example.ofClass(new float[] {5, 6, 7, 8}, 0)));
        assertArrayEquals(new int[] {2, 1, 2, 2}, b.x().shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, b.x().toFloatArray());
        assertEquals(DType.INT64, b.y().dtype());
        assertArrayEquals(new long[] {3, 0}, b.y().toLongArray());
        assertEquals(4, f.featureSize());
        assertEquals(1, f.targetSize());
    }

    @Test
    void regressionKeepsTheTargetShapeAndScalarTargetsAreOneDimensional() {
        Batch b = ExampleFormat.regression(new int[] {2}, 3).batch(List.of(new Example(new float[] {1, 2}, new float[] {1, 2, 3})));
        assertArrayEquals(new int[] {1, 3}, b.y().shape());
        Batch s = ExampleFormat.regression(new int[] {2}).batch(List.of(new Example(new float[] {1, 2}, new float[] {0.5f}),
                new Example(new float[] {3, 4}, new float[] {1})));
        assertArrayEquals(new int[] {2}, s.y().shape());
        assertEquals(DType.FLOAT32, s.y().dtype());
    }

    @Test
    void examplesThatDoNotFitAreNamed() {
        ExampleFormat f = ExampleFormat.classification(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.batch(List.of(Example.ofClass(new float[4], 1), Example.ofClass(new float[3], 1))));
        assertTrue(e.getMessage().contains("example 1 of the batch has 3 input values, expected 4 (shape [4])"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.batch(List.of(new Example(new float[4], new float[] {1.5f}))));
        assertTrue(e.getMessage().contains("class index 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.batch(List.of(new Example(new float[4], new float[] {1, 2}))));
        assertTrue(e.getMessage().contains("2 target values, expected 1 (one class index)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExampleFormat.classification(3, 0));
        assertThrows(IllegalArgumentException.class, () -> Example.ofClass(new float[1], -1));
    }

    @Test
    void examplesOfATensorDatasetRoundTrip() {
        TensorDataset data = new TensorDataset(Tensor.arange(6).reshape(3, 2), Tensor.ofLongs(new long[] {2, 0, 1}, 3));
        List<Example> ex = Examples.of(data);
        assertEquals(Example.ofClass(new float[] {2, 3}, 0), ex.get(1));
        Batch b = ExampleFormat.classification(2).batch(ex);
        assertArrayEquals(data.x().toFloatArray(), b.x().toFloatArray());
        assertArrayEquals(data.y().toLongArray(), b.y().toLongArray());
    }
}
