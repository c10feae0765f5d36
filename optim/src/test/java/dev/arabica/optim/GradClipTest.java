package dev.arabica.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradClipTest {

    private static Tensor withGrad(float[] grad, int... shape) {
        Tensor p = Tensor.zeros(shape).requiresGrad_(true);
        p.setGrad(Tensor.of(grad, shape));
        return p;
    }

    @Test
    void clipsTheJointTwoNorm() {
        Tensor a = withGrad(new float[] {3, 4}, 2), b = withGrad(new float[] {12}, 1), none = Tensor.zeros(2).requiresGrad_(true);
        double total = GradClip.clipGradNorm(List.of(a, none, b), 6.5);
        assertEquals(13.0, total, 1e-12);
        float c = (float) (6.5 / (13 + 1e-6));
        assertArrayEquals(new float[] {3 * c, 4 * c}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {12 * c}, b.grad().toFloatArray());
        assertEquals(6.5, GradClip.clipGradNorm(List.of(a, b), 100), 1e-5);
    }

    @Test
    void leavesGradientsUntouchedBelowTheLimit() {
        Tensor a = withGrad(new float[] {0.1f, -0.2f, 0.3f}, 3);
        double total = GradClip.clipGradNorm(List.of(a), 1.0);
        assertEquals(Math.sqrt(0.01 + 0.04 + 0.09), total, 1e-7);
        assertArrayEquals(new float[] {0.1f, -0.2f, 0.3f}, a.grad().toFloatArray());
    }

    @Test
    void infinityOneAndThreeNorms() {
        Tensor a = withGrad(new float[] {1, -5}, 2), b = withGrad(new float[] {2, 2}, 1, 2);
        assertEquals(5.0, GradClip.clipGradNorm(List.of(a, b), 100, Double.POSITIVE_INFINITY));
        assertEquals(10.0, GradClip.clipGradNorm(List.of(a, b), 100, 1), 1e-12);
        assertEquals(Math.cbrt(1 + 125 + 8 + 8), GradClip.clipGradNorm(List.of(a, b), 100, 3), 1e-12);
        double total = GradClip.clipGradNorm(List.of(a, b), 2.5, Double.POSITIVE_INFINITY);
        assertEquals(5.0, total);
        float c = (float) (2.5 / (5 + 1e-6));
        assertArrayEquals(new float[] {c, -5 * c}, a.grad().toFloatArray());
    }

    @Test
    void noGradientsGiveZero() {
        assertEquals(0.0, GradClip.clipGradNorm(List.of(Tensor.zeros(3).requiresGrad_(true)), 1));
    }

    @Test
    void nonFiniteNorms() {
        Tensor a = withGrad(new float[] {Float.NaN, 1}, 2);
        var ex = assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(a), 1, 2, true));
        assertTrue(ex.getMessage().contains("is NaN"), ex.getMessage());
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(a), 1)));
        assertTrue(Float.isNaN(a.grad().toFloatArray()[1])); // as in PyTorch, a NaN norm spreads
        Tensor b = withGrad(new float[] {3, Float.NaN}, 2);
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(b), 1, Double.POSITIVE_INFINITY)));
    }

    @Test
    void validatesArguments() {
        List<Tensor> ps = List.of(withGrad(new float[] {1}, 1));
        assertEquals("clipGradNorm: maxNorm must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(ps, -1)).getMessage());
        assertEquals("clipGradNorm: normType must be > 0 or infinity, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(ps, 1, 0)).getMessage());
        assertEquals("clipGradValue: clipValue must be >= 0, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(ps, -0.5)).getMessage());
    }

    @Test
    void clipsValues() {
        Tensor a = withGrad(new float[] {-3, 0.5f, 2, Float.NaN}, 4);
        GradClip.clipGradValue(List.of(a, Tensor.zeros(1).requiresGrad_(true)), 1);
        float[] g = a.grad().toFloatArray();
        assertArrayEquals(new float[] {-1, 0.5f, 1}, new float[] {g[0], g[1], g[2]});
        assertTrue(Float.isNaN(g[3]));
    }

    @Test
    void stridedGradientsAreClippedInPlace() {
        Tensor base = Tensor.of(new float[] {3, 0, 0, 4, 0, 0}, 2, 3);
        Tensor p = Tensor.zeros(3, 2).requiresGrad_(true);
        p.setGrad(base.transpose(0, 1));
        assertEquals(5.0, GradClip.clipGradNorm(List.of(p), 1), 1e-12);
        float c = (float) (1 / (5 + 1e-6));
        assertArrayEquals(new float[] {3 * c, 0, 0, 4 * c, 0, 0}, base.toFloatArray());
        GradClip.clipGradValue(List.of(p), 0.1);
        assertArrayEquals(new float[] {0.1f, 0, 0, 0.1f, 0, 0}, base.toFloatArray());
    }
}
