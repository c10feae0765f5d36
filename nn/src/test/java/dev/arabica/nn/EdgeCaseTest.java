package dev.arabica.nn;

import static dev.arabica.nn.Asserts.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

/** Zero-size and size-1 inputs through losses and norms (values and gradient shapes). */
class EdgeCaseTest {

    @Test
    void zeroSizeLossesSumToZero() {
        Tensor a = leaf(Tensor.zeros(0, 3)), b = leaf(Tensor.zeros(0, 3));
        Tensor loss = Losses.mseLoss(a, b, Reduction.SUM).add(Losses.l1Loss(a, b, Reduction.SUM))
                .add(Losses.huberLoss(a, b, 1, Reduction.SUM)).add(Losses.smoothL1Loss(a, b, 0.5, Reduction.SUM));
        assertEquals(0f, loss.item());
        loss.backward();
        assertArrayEquals(new int[] {0, 3}, a.grad().shape());

        Tensor logits = leaf(Tensor.zeros(0, 4));
        Tensor ce = Losses.crossEntropy(logits, Tensor.ofLongs(new long[0], 0), Reduction.SUM);
        assertEquals(0f, ce.item());
        ce.backward();
        assertArrayEquals(new int[] {0, 4}, logits.grad().shape());
        assertArrayEquals(new int[] {0}, Losses.crossEntropy(Tensor.zeros(0, 4), Tensor.ofLongs(new long[0], 0), Reduction.NONE).shape());
        assertArrayEquals(new int[] {0}, Losses.nllLoss(Tensor.zeros(0, 4), Tensor.ofLongs(new long[0], 0), null, -100, Reduction.NONE).shape());

        Tensor p = leaf(Tensor.zeros(0));
        Tensor bce = Losses.binaryCrossEntropy(p, Tensor.zeros(0), null, Reduction.SUM)
                .add(Losses.binaryCrossEntropyWithLogits(p, Tensor.zeros(0), null, null, Reduction.SUM));
        bce.backward();
        assertArrayEquals(new int[] {0}, p.grad().shape());
    }

    @Test
    void zeroSizeNorms() {
        Tensor x = leaf(Tensor.zeros(0, 5));
        Tensor y = Functional.layerNorm(x, new int[] {5}, Parameter.ones(5), Parameter.zeros(5), 1e-5);
        assertArrayEquals(new int[] {0, 5}, y.shape());
        y.backward(Tensor.zeros(0, 5));
        assertArrayEquals(new int[] {0, 5}, x.grad().shape());
        Tensor z = Functional.batchNorm(Tensor.zeros(0, 3), Tensor.zeros(3), Tensor.ones(3), null, null, false, 0.1, 1e-5);
        assertArrayEquals(new int[] {0, 3}, z.shape());
    }

    @Test
    void sizeOneDims() {
        Tensor x = leaf(Tensor.of(new float[] {1f, 2f}, 2, 1, 1));
        Tensor y = Functional.batchNorm(x, null, null, null, null, true, 0.1, 1e-5);
        assertEquals(-1f, y.get(0, 0, 0), 1e-4);
        assertEquals(1f, y.get(1, 0, 0), 1e-4);
        // a single class: log-softmax is 0 everywhere, so the loss and its gradient are 0
        Tensor one = leaf(Tensor.of(new float[] {3f, -2f}, 2, 1));
        Tensor ce = Losses.crossEntropy(one, Tensor.ofLongs(new long[] {0, 0}, 2));
        assertEquals(0f, ce.item());
        ce.backward();
        assertArrayEquals(new float[] {0f, 0f}, one.grad().toFloatArray());
        // layer norm over a single element: output = bias
        Tensor ln = Functional.layerNorm(Tensor.of(new float[] {5f, 7f}, 2, 1), new int[] {1}, null, Tensor.of(0.5f), 1e-5);
        assertArrayEquals(new float[] {0.5f, 0.5f}, ln.toFloatArray());
    }
}
