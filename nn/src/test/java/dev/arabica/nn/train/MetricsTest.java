package dev.arabica.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void multiclassAccuracyUsesTheArgmax() {
        Metric acc = Metrics.accuracy();
        acc.update(Tensor.of(new float[] {0.1f, 0.9f, 0f, 2f, 1f, 0f}, 3, 2), Tensor.ofLongs(new long[] {1, 1, 1}, 3));
        assertEquals(2 / 3.0, acc.value(), 1e-12);
        acc.update(Tensor.of(new float[] {0f, 1f}, 1, 2), Tensor.ofLongs(new long[] {1}, 1));
        assertEquals(3 / 4.0, acc.value(), 1e-12);
        acc.reset();
        assertTrue(Double.isNaN(acc.value()));
    }

    @Test
    void accuracyRejectsOneScorePerExampleWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy().update(Tensor.zeros(4, 1), Tensor.zeros(4, 1)));
        assertTrue(e.getMessage().contains("binaryAccuracy"), e.getMessage());
    }

    @Test
    void binaryMetricsFromTheConfusionMatrix() {
        // scores > 0.5 predict positive. targets: 1 1 1 0 0 0 1 0 ; predictions: 1 1 0 1 0 0 0 0
        // TP=2, FN=2, FP=1, TN=3 -> precision 2/3, recall 1/2, F1 = 4/7, accuracy 5/8
        Tensor scores = Tensor.of(new float[] {0.9f, 0.7f, 0.4f, 0.6f, 0.1f, 0.5f, 0.2f, 0.3f}, 8, 1);
        Tensor targets = Tensor.of(new float[] {1, 1, 1, 0, 0, 0, 1, 0}, 8, 1);
        assertEquals(2 / 3.0, value(Metrics.precision(0.5), scores, targets), 1e-12);
        assertEquals(0.5, value(Metrics.recall(0.5), scores, targets), 1e-12);
        assertEquals(4 / 7.0, value(Metrics.f1(0.5), scores, targets), 1e-12);
        assertEquals(5 / 8.0, value(Metrics.binaryAccuracy(0.5), scores, targets), 1e-12);
        // int64 targets and [n] shapes work too; logits with threshold 0
        Tensor logits = Tensor.of(new float[] {2, -1, 0.5f}, 3);
        assertEquals(1.0, value(Metrics.binaryAccuracy(0), logits, Tensor.ofLongs(new long[] {1, 0, 1}, 3)), 1e-12);
    }

    @Test
    void binaryMetricsWithoutPositivesAreZero() {
        Tensor scores = Tensor.of(new float[] {0.1f, 0.2f}, 2), targets = Tensor.of(new float[] {0, 0}, 2);
        assertEquals(0.0, value(Metrics.precision(0.5), scores, targets));
        assertEquals(0.0, value(Metrics.recall(0.5), scores, targets));
        assertEquals(0.0, value(Metrics.f1(0.5), scores, targets));
        assertEquals(1.0, value(Metrics.binaryAccuracy(0.5), scores, targets));
    }

    @Test
    void binaryMetricsRejectMulticlassOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.f1(0.5).update(Tensor.zeros(4, 3), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[4,3]") && e.getMessage().contains("Metrics.accuracy()"), e.getMessage());
    }

    private static double value(Metric m, Tensor output, Tensor target) {
        m.reset();
        m.update(output, target);
        return m.value();
    }
}
