package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void backwardFromSeveralRootsAccumulatesInRootOrder() {
        // Contributions 1e8, 1 and -1e8 to one leaf: float addition is not associative, so the
        // result shows the order: (1e8 + 1) - 1e8 = 0, but (1e8 - 1e8) + 1 = 1.
        for (int rep = 0; rep < 20; rep++) {
            assertEquals(0f, leafGradient(new int[] {0, 1, 2}));
            assertEquals(1f, leafGradient(new int[] {0, 2, 1}));
        }
    }

    private static float leafGradient(int[] order) {
        Tensor x = Tensor.of(1f).requiresGrad_(true);
        Tensor[] roots = {x.mul(1e8f), x.mul(1f), x.mul(-1e8f)};
        List<Tensor> r = new java.util.ArrayList<>(), g = new java.util.ArrayList<>();
        for (int i : order) {
            r.add(roots[i]);
            g.add(Tensor.ones(1));
        }
        Autograd.backward(r, g, false);
        return x.grad().item();
    }

    @Test
    void deepChainOfHundredThousandOpsBackpropagatesWithoutStackOverflow() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = (i % 2 == 0) ? y.mul(1.0f) : y.add(0.5f);
        }
        y.sum().backward();
        assertArrayEquals(new float[] {1f, 1f}, x.grad().toFloatArray());
        assertEquals(1f + 25_000f, y.get(0), 1e-2f);
    }

    @Test
    void gradientsAccumulateOnLeavesUntilZeroed() {
        Tensor w = Tensor.of(new float[] {2f, -3f}, 2).requiresGrad_(true);
        w.mul(w).sum().backward();
        assertArrayEquals(new float[] {4f, -6f}, w.grad().toFloatArray());
        w.mul(3f).sum().backward();
        assertArrayEquals(new float[] {7f, -3f}, w.grad().toFloatArray());
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void sameTensorUsedTwiceGetsBothContributions() {
        Tensor x = Tensor.scalar(3f).requiresGrad_(true);
        Tensor y = x.mul(x).add(x); // dy/dx = 2x + 1
        y.backward();
        assertEquals(7f, x.grad().item());
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        try (var outer = GradMode.noGrad()) {
            assertFalse(x.mul(2f).requiresGrad());
            try (var inner = GradMode.enableGrad()) {
                assertTrue(x.mul(2f).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(x.mul(2f).requiresGrad());
    }

    @Test
    void detachCutsTheGraphButSharesStorage() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        Tensor y = x.mul(d).sum(); // only the first factor carries gradient
        y.backward();
        assertArrayEquals(new float[] {1f, 2f}, x.grad().toFloatArray());
        try (var s = GradMode.noGrad()) {
            x.fill_(5f);
        }
        assertEquals(5f, d.get(0));
    }

    @Test
    void secondBackwardNeedsRetainGraph() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        Tensor y = x.exp().sum();
        y.backward(Tensor.scalar(1f), true);
        y.backward(Tensor.scalar(1f), false);
        assertEquals(2 * Math.exp(1), x.grad().get(0), 1e-5);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void backwardOnNonScalarWithoutUpstreamIsRejected() {
        Tensor x = Tensor.ones(2, 3).requiresGrad_(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("[2,3]"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> x.mul(2f).backward(Tensor.ones(3, 2)));
        assertTrue(e2.getMessage().contains("[3,2]") && e2.getMessage().contains("[2,3]"), e2.getMessage());
    }

    @Test
    void explicitUpstreamGradient() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f}, 3).requiresGrad_(true);
        x.mul(x).backward(Tensor.of(new float[] {1f, 0f, -1f}, 3));
        assertArrayEquals(new float[] {2f, 0f, -6f}, x.grad().toFloatArray());
    }

    @Test
    void multipleRootsBackpropagateTogether() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        Tensor a = x.mul(2f), b = x.mul(x);
        Autograd.backward(List.of(a, b), List.of(Tensor.ones(2), Tensor.ones(2)), false);
        assertArrayEquals(new float[] {4f, 6f}, x.grad().toFloatArray());
    }

    @Test
    void customOpThroughRecord() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] = v[i] * v[i] * v[i];
        Tensor y = Autograd.record(Tensor.of(v, 2), "cube", new Tensor[] {x},
                g -> new Tensor[] {g.mul(x.square()).mul(3f)});
        assertEquals("cube", y.gradFnName());
        y.sum().backward();
        assertArrayEquals(new float[] {3f, 12f}, x.grad().toFloatArray());
    }

    @Test
    void broadcastGradientsAreReducedToInputShape() {
        Tensor a = Tensor.ones(4, 1, 3).requiresGrad_(true);
        Tensor b = Tensor.ones(5, 3).requiresGrad_(true);
        a.add(b).sum().backward();
        assertArrayEquals(new int[] {4, 1, 3}, a.grad().shape());
        assertArrayEquals(new int[] {5, 3}, b.grad().shape());
        assertEquals(5f, a.grad().get(0, 0, 0));
        assertEquals(4f, b.grad().get(0, 0));
    }

    @Test
    void gradientFlowsThroughViewsToTheBase() {
        Tensor x = Tensor.arange(12).reshape(3, 4).requiresGrad_(true);
        Tensor v = x.transpose(0, 1).slice(0, 1, 4, 2); // rows 1 and 3 of x^T = columns 1 and 3 of x
        v.mul(v).sum().backward();
        float[] g = x.grad().toFloatArray();
        for (int i = 0; i < 12; i++) {
            int col = i % 4;
            assertEquals(col == 1 || col == 3 ? 2f * i : 0f, g[i], "element " + i);
        }
    }

    @Test
    void inPlaceOnLeafRequiringGradIsRejectedWhileRecording() {
        Tensor w = Tensor.ones(2).requiresGrad_(true);
        assertThrows(IllegalStateException.class, () -> w.fill_(0f));
        try (var s = GradMode.noGrad()) {
            w.add_(Tensor.ones(2), -0.5f);
        }
        assertArrayEquals(new float[] {0.5f, 0.5f}, w.toFloatArray());
    }

    @Test
    void requiresGradOnNonLeafIsRejected() {
        Tensor x = Tensor.ones(2).requiresGrad_(true);
        Tensor y = x.mul(2f);
        assertThrows(IllegalStateException.class, () -> y.requiresGrad_(false));
        assertThrows(IllegalStateException.class, () -> Tensor.ofLongs(new long[] {1}, 1).requiresGrad_(true));
    }
}
