package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertClose;
import static dev.arabica.nn.Asserts.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void crossEntropyMatchesTheCompositeOracleInValueAndGradient() {
        Generator gen = new Generator(1);
        Tensor logits = Tensor.randn(gen, 6, 5).mul(3f);
        Tensor labels = Tensor.ofInts(new int[] {0, 4, 2, 2, 1, 3}, 6);
        Tensor weights = Tensor.uniform(gen, 0.2f, 2f, 5);
        for (Tensor w : new Tensor[] {null, weights}) {
            for (double ls : new double[] {0, 0.1, 1}) {
                for (Reduction r : Reduction.values()) {
                    Tensor a = leaf(logits), b = leaf(logits);
                    Tensor fused = Losses.crossEntropy(a, labels, w, -100, ls, r);
                    Tensor composite = Oracles.crossEntropy(b, labels, w, ls, r);
                    assertClose(composite, fused, 1e-5, 1e-6);
                    Tensor g = Tensor.uniform(gen, 0.5f, 1.5f, fused.shape());
                    fused.backward(g);
                    composite.backward(g);
                    assertClose(b.grad(), a.grad(), 1e-4, 1e-6);
                }
            }
        }
    }

    @Test
    void crossEntropyIgnoreIndexIsExcludedFromTheMean() {
        Tensor logits = Tensor.randn(new Generator(2), 4, 3);
        Tensor labels = Tensor.ofInts(new int[] {2, -100, 0, -100}, 4);
        Tensor kept = Losses.crossEntropy(logits.slice(0, 0, 3, 2), Tensor.ofInts(new int[] {2, 0}, 2));
        assertClose(kept, Losses.crossEntropy(logits, labels));
        Tensor none = Losses.crossEntropy(logits, labels, Reduction.NONE);
        assertEquals(0f, none.get(1));
        assertEquals(0f, none.get(3));
        Tensor x = leaf(logits);
        Losses.crossEntropy(x, labels).backward();
        for (int c = 0; c < 3; c++) assertEquals(0f, x.grad().get(1, c));
        // a custom ignore index
        assertClose(kept, Losses.crossEntropy(logits, Tensor.ofInts(new int[] {2, 7, 0, 7}, 4), null, 7, 0, Reduction.MEAN));
    }

    @Test
    void crossEntropyOverExtraDimsAndUnbatched() {
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 2, 4, 3);
        Tensor y = Tensor.ofInts(new int[] {0, 1, 3, 2, 2, 0}, 2, 3);
        Tensor flat = x.permute(0, 2, 1).reshape(6, 4);
        assertClose(Losses.crossEntropy(flat, y.reshape(6)), Losses.crossEntropy(x, y));
        assertArrayEquals(new int[] {2, 3}, Losses.crossEntropy(x, y, Reduction.NONE).shape());
        Tensor row = x.select(0, 0).select(1, 0); // [4]
        Tensor one = Losses.crossEntropy(row, Tensor.ofLongs(new long[] {0}), Reduction.NONE);
        assertArrayEquals(new int[0], one.shape());
        assertEquals(Losses.crossEntropy(flat.slice(0, 0, 1), Tensor.ofInts(new int[] {0}, 1)).item(), one.item(), 1e-6);
    }

    @Test
    void crossEntropyIsStableForExtremeLogits() {
        Tensor x = Tensor.of(new float[] {1e4f, -1e4f, 0f, 0f, 0f, 1e4f}, 2, 3);
        Tensor loss = Losses.crossEntropy(x, Tensor.ofInts(new int[] {1, 2}, 2), Reduction.NONE);
        assertEquals(2e4f, loss.get(0), 1f);
        assertEquals(0f, loss.get(1), 1e-6f);
        Tensor xl = leaf(x);
        Losses.crossEntropy(xl, Tensor.ofInts(new int[] {0, 2}, 2)).backward();
        for (float v : xl.grad().toFloatArray()) assertFalse(Float.isNaN(v));
    }

    @Test
    void crossEntropyWithProbabilityTargets() {
        Generator gen = new Generator(4);
        Tensor x = Tensor.randn(gen, 3, 4);
        Tensor labels = Tensor.ofInts(new int[] {1, 0, 3}, 3);
        Tensor oneHot = Tensor.zeros(3, 4);
        for (int i = 0; i < 3; i++) oneHot.set(1f, i, (int) labels.getLong(i));
        assertClose(Losses.crossEntropy(x, labels), Losses.crossEntropy(x, oneHot));
        assertClose(Losses.crossEntropy(x, labels, null, -100, 0.2, Reduction.SUM),
                Losses.crossEntropy(x, oneHot, null, -100, 0.2, Reduction.SUM));
    }

    @Test
    void nllOfLogSoftmaxIsCrossEntropy() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.randn(gen, 2, 3, 4);
        Tensor y = Tensor.ofInts(new int[] {0, 1, 2, -100, 2, 2, 1, 0}, 2, 4);
        Tensor w = Tensor.uniform(gen, 0.5f, 2f, 3);
        for (Reduction r : Reduction.values()) {
            assertClose(Losses.crossEntropy(x, y, w, -100, 0, r), Losses.nllLoss(x.logSoftmax(1), y, w, -100, r), 1e-5, 1e-6);
        }
    }

    @Test
    void classificationErrorsNameValuesAndShapes() {
        Tensor x = Tensor.zeros(5, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(x, Tensor.ofInts(new int[] {0, 1, 2, 7, 0}, 5)));
        assertEquals("crossEntropy: target 7 out of range for 4 classes at position 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.nllLoss(x, Tensor.ofInts(new int[] {0, -1, 2, 3, 0}, 5)));
        assertEquals("nllLoss: target -1 out of range for 4 classes at position 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.ofInts(new int[] {0, 1, 2}, 3)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[5,4]") && e.getMessage().contains("[5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.zeros(5)));
        assertTrue(e.getMessage().contains("[5]") && e.getMessage().contains("[5,4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.ofInts(new int[5], 5), Tensor.ones(3), -100, 0, Reduction.MEAN));
        assertTrue(e.getMessage().contains("[4]") && e.getMessage().contains("[3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, Tensor.ofInts(new int[5], 5), null, -100, 1.5, Reduction.MEAN));
        Tensor seq = Tensor.zeros(2, 3, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(seq, Tensor.ofInts(new int[] {0, 1, 2, 3}, 2, 2)));
        assertEquals("crossEntropy: target 3 out of range for 3 classes at position 3 (index [1, 1])", e.getMessage());
    }

    @Test
    void regressionLosses() {
        Tensor a = Tensor.of(1f, -2f, 0.3f, 4f), b = Tensor.of(0f, 0f, 0f, 0f);
        assertEquals((1 + 4 + 0.09f + 16) / 4, Losses.mseLoss(a, b).item(), 1e-6);
        assertEquals(1 + 2 + 0.3f + 4, Losses.l1Loss(a, b, Reduction.SUM).item(), 1e-6);
        // huber(delta) = delta * smoothL1(beta = delta)
        for (double delta : new double[] {0.5, 1, 2.5}) {
            assertClose(Losses.smoothL1Loss(a, b, delta, Reduction.NONE).mul((float) delta), Losses.huberLoss(a, b, delta, Reduction.NONE));
        }
        assertClose(Tensor.of(0.5f, 1.5f, 0.045f, 3.5f), Losses.huberLoss(a, b, 1, Reduction.NONE));
        assertClose(Tensor.of(0.75f, 1.75f, 0.09f, 3.75f), Losses.smoothL1Loss(a, b, 0.5, Reduction.NONE));
        assertClose(Losses.l1Loss(a, b, Reduction.NONE), Losses.smoothL1Loss(a, b, 0, Reduction.NONE));
        assertThrows(IllegalArgumentException.class, () -> Losses.huberLoss(a, b, 0, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Losses.smoothL1Loss(a, b, -1, Reduction.MEAN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.mseLoss(Tensor.zeros(3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyClampsLogsAndHasFiniteGradients() {
        Tensor p = Tensor.of(0f, 1f, 0f, 1f, 0.5f), t = Tensor.of(0f, 1f, 1f, 0f, 1f);
        Tensor none = Losses.binaryCrossEntropy(p, t, null, Reduction.NONE);
        assertClose(Tensor.of(0f, 0f, 100f, 100f, (float) Math.log(2)), none);
        Tensor pl = leaf(p);
        Losses.binaryCrossEntropy(pl, t, null, Reduction.SUM).backward();
        assertClose(Tensor.of(0f, 0f, -1e12f, 1e12f, -2f), pl.grad(), 1e-5, 0);
        Generator gen = new Generator(6);
        Tensor q = Tensor.uniform(gen, 0.05f, 0.95f, 3, 4), s = Tensor.uniform(gen, 0f, 1f, 3, 4);
        assertClose(Oracles.binaryCrossEntropy(q, s), Losses.binaryCrossEntropy(q, s), 1e-5, 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.binaryCrossEntropy(Tensor.of(0.5f, 1.5f), Tensor.of(0f, 1f)));
        assertTrue(e.getMessage().contains("1.5") && e.getMessage().contains("position 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.binaryCrossEntropy(Tensor.zeros(2, 1), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("[2,1]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStableAndMatchesTheOracle() {
        Generator gen = new Generator(7);
        Tensor x = Tensor.randn(gen, 4, 3).mul(3f), t = Tensor.uniform(gen, 0f, 1f, 4, 3);
        Tensor pw = Tensor.uniform(gen, 0.5f, 3f, 3);
        assertClose(Oracles.binaryCrossEntropyWithLogits(x, t, null), Losses.binaryCrossEntropyWithLogits(x, t), 1e-5, 1e-6);
        assertClose(Oracles.binaryCrossEntropyWithLogits(x, t, pw),
                Losses.binaryCrossEntropyWithLogits(x, t, null, pw, Reduction.MEAN), 1e-5, 1e-6);
        assertClose(Losses.binaryCrossEntropy(x.sigmoid(), t), Losses.binaryCrossEntropyWithLogits(x, t), 1e-4, 1e-6);
        // extreme logits: no overflow; gradient sigmoid(x) - t, also exactly at x = 0
        Tensor big = Tensor.of(1000f, -1000f, 0f, 0f), labels = Tensor.of(0f, 1f, 1f, 0f);
        assertClose(Tensor.of(1000f, 1000f, (float) Math.log(2), (float) Math.log(2)),
                Losses.binaryCrossEntropyWithLogits(big, labels, null, null, Reduction.NONE));
        Tensor bl = leaf(big);
        Losses.binaryCrossEntropyWithLogits(bl, labels, null, null, Reduction.SUM).backward();
        assertClose(Tensor.of(1f, -1f, -0.5f, 0.5f), bl.grad());
    }

    @Test
    void regularizationTerms() {
        Tensor a = Tensor.of(1f, -2f), b = Tensor.of(new float[] {3f, 0f, -1f, 0.5f}, 2, 2);
        assertEquals(1 + 4 + 9 + 1 + 0.25f, Regularization.l2(List.of(a, b)).item(), 1e-6);
        assertEquals(1 + 2 + 3 + 1 + 0.5f, Regularization.l1(List.of(a, b)).item(), 1e-6);
        assertEquals(0f, Regularization.l2(List.of()).item());
        Tensor al = leaf(a);
        Regularization.l2(List.of(al)).backward();
        assertClose(Tensor.of(2f, -4f), al.grad());
    }

    @Test
    void nullReductionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Losses.mseLoss(Tensor.zeros(2), Tensor.zeros(2), null));
    }
}
