package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new float[] {1, 1.5f, 2}, Tensor.arange(1, 2.5, 0.5).toFloatArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3).toFloatArray());
        assertEquals(0, Tensor.scalar(2f).dim());
        assertEquals(2f, Tensor.scalar(2f).item());
        assertEquals(0, Tensor.zeros(0, 3).numel());
        assertArrayEquals(new int[] {0, 3}, Tensor.zeros(0, 3).shape());
        assertEquals(7f, Tensor.full(7f, 2, 2).get(1, 1));
    }

    @Test
    void seededRandomIsReproducible() {
        float[] a = Tensor.randn(new Generator(42), 100).toFloatArray();
        float[] b = Tensor.randn(new Generator(42), 100).toFloatArray();
        assertArrayEquals(a, b);
        float[] c = Tensor.randn(new Generator(43), 100).toFloatArray();
        assertFalse(java.util.Arrays.equals(a, c));
        double mean = 0, sq = 0;
        float[] big = Tensor.randn(new Generator(1), 100_000).toFloatArray();
        for (float v : big) { mean += v; sq += v * v; }
        mean /= big.length;
        assertEquals(0, mean, 0.02);
        assertEquals(1, sq / big.length - mean * mean, 0.02);
    }

    @Test
    void viewsShareStorageAndCopyOnlyWhenNeeded() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor t = x.transpose(0, 2);
        assertFalse(t.isContiguous());
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertEquals(x.get(1, 2, 3), t.get(3, 2, 1));
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertSame(x, x.contiguous());
        assertEquals(x.get(1, 2, 3), c.get(3, 2, 1));
        // reshape of a contiguous tensor is a view
        Tensor r = x.reshape(6, 4);
        x.set(100f, 0, 0, 1);
        assertEquals(100f, r.get(0, 1));
        // slice with step is a view
        Tensor s = x.slice(2, 1, 4, 2);
        assertArrayEquals(new int[] {2, 3, 2}, s.shape());
        assertEquals(x.get(1, 1, 3), s.get(1, 1, 1));
        // expand has stride 0
        Tensor e = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(3, 4);
        assertArrayEquals(new int[] {1, 0}, e.strides());
        assertArrayEquals(new float[] {1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3}, e.toFloatArray());
        // a view-compatible reshape of a non-contiguous tensor stays a view
        Tensor p = Tensor.arange(24).reshape(2, 3, 4).permute(1, 0, 2); // [3,2,4]
        Tensor merged = p.reshape(3, 8).slice(1, 0, 8); // merging the last two dims is possible without copy? no: check values
        assertArrayEquals(p.contiguous().toFloatArray(), merged.toFloatArray());
    }

    @Test
    void squeezeUnsqueezeFlatten() {
        Tensor x = Tensor.zeros(1, 3, 1, 2);
        assertArrayEquals(new int[] {3, 2}, x.squeeze().shape());
        assertArrayEquals(new int[] {3, 1, 2}, x.squeeze(0).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2}, x.squeeze(1).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1, 6}, x.flatten(1, -1).shape());
        assertArrayEquals(new int[] {6}, x.flatten().shape());
        assertArrayEquals(new int[] {1}, Tensor.scalar(3f).flatten().shape());
    }

    @Test
    void zeroLengthDimsWorkEverywhere() {
        Tensor z = Tensor.zeros(0, 3);
        assertArrayEquals(new int[] {0, 3}, z.add(Tensor.ones(3)).shape());
        assertArrayEquals(new int[] {3}, z.sum(0, false).shape());
        assertArrayEquals(new float[] {0, 0, 0}, z.sum(0, false).toFloatArray());
        assertArrayEquals(new int[] {0}, z.sum(1, false).shape());
        assertArrayEquals(new int[] {0, 5}, z.matmul(Tensor.ones(3, 5)).shape());
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2, 0).matmul(Tensor.ones(0, 1)).reshape(2).toFloatArray());
        assertArrayEquals(new int[] {0, 3}, z.softmax(1).shape());
        assertArrayEquals(new int[] {2, 3}, Tensor.cat(List.of(z, Tensor.ones(2, 3)), 0).shape());
        assertArrayEquals(new int[] {0, 3}, z.transpose(0, 1).transpose(0, 1).contiguous().shape());
        Tensor g = Tensor.zeros(0, 3).requiresGrad_(true);
        g.mul(2f).sum().backward();
        assertArrayEquals(new int[] {0, 3}, g.grad().shape());
    }

    @Test
    void scalarTensorsWorkEverywhere() {
        Tensor s = Tensor.scalar(2f).requiresGrad_(true);
        Tensor y = s.mul(Tensor.of(new float[] {1, 2, 3}, 3)).sum().add(s.exp());
        y.backward();
        assertEquals(6f + (float) Math.exp(2), s.grad().item(), 1e-5f);
        assertEquals(0, Tensor.scalar(3f).sum().dim());
        assertEquals(0, Tensor.scalar(3f).softmax(0).dim());
        assertEquals(1f, Tensor.scalar(3f).softmax(-1).item());
        assertEquals(0, Tensor.scalar(3f).argmax().dim());
    }

    @Test
    void argmaxAndMaxFollowFirstOccurrence() {
        Tensor x = Tensor.of(new float[] {1, 5, 5, 2, 7, 7}, 2, 3);
        assertArrayEquals(new long[] {1, 1}, x.argmax(1, false).toLongArray());
        assertEquals(4L, x.argmax().getLong());
        Tensor g = x.detach().requiresGrad_(true);
        g.max().backward();
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.5f, 0.5f}, g.grad().toFloatArray());
    }

    @Test
    void softmaxIsStableForExtremeLogits() {
        Tensor x = Tensor.of(new float[] {1000f, -1000f, 999f}, 3);
        float[] p = x.softmax(0).toFloatArray();
        assertEquals(1f / (1f + (float) Math.exp(-1)), p[0], 1e-6f);
        assertEquals(0f, p[1]);
        float[] lp = x.logSoftmax(0).toFloatArray();
        assertEquals(-Math.log1p(Math.exp(-1)), lp[0], 1e-6);
        assertEquals(-2000 - Math.log1p(Math.exp(-1)), lp[1], 1e-3);
        assertEquals(1000 + Math.log1p(Math.exp(-1)), x.logsumexp(0, false).item(), 1e-3);
    }

    @Test
    void longSumsAreAccurate() {
        int n = 1 << 22;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 0.1f;
        double expected = (double) 0.1f * n;
        assertEquals(expected, Tensor.of(v, n).sum().item(), expected * 1e-6);
        assertEquals(0.1f, Tensor.of(v, n).mean().item(), 1e-7f);
    }

    @Test
    void toStringShowsValuesAndShape() {
        String s = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString();
        assertEquals("tensor([[1.0, 2.0], [3.0, 4.0]], shape=[2,2])", s);
    }

    @Test
    void pytorchEdgeSemanticsFoundByTheExtraCaseSweep() {
        // clamp with min > max returns max everywhere and passes no gradient
        Tensor x = Tensor.of(new float[] {-1f, 0f, 2f}, 3).requiresGrad_(true);
        Tensor c = x.clamp(0.5f, -0.5f);
        assertArrayEquals(new float[] {-0.5f, -0.5f, -0.5f}, c.toFloatArray());
        c.sum().backward();
        assertArrayEquals(new float[] {0f, 0f, 0f}, x.grad().toFloatArray());
        // maskedFill broadcasts x up to the mask's shape; the gradient is summed back
        Tensor y = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad_(true);
        Tensor m = y.maskedFill(Tensor.ofLongs(new long[] {1, 0, 0, 0}, 2, 2), 9f);
        assertArrayEquals(new int[] {2, 2}, m.shape());
        assertArrayEquals(new float[] {9f, 2f, 1f, 2f}, m.toFloatArray());
        m.sum().backward();
        assertArrayEquals(new float[] {1f, 2f}, y.grad().toFloatArray());
        // argmax over all elements with keepdim
        Tensor a = Tensor.arange(12).reshape(3, 4).argmax(true);
        assertArrayEquals(new int[] {1, 1}, a.shape());
        assertEquals(11L, a.getLong(0, 0));
    }

    @Test
    void generatorStateRoundTripsExactly() {
        Generator g = new Generator(9);
        g.nextGaussian(); // leaves a spare Gaussian pending
        long[] saved = g.state();
        double[] expected = {g.nextGaussian(), g.nextGaussian(), g.nextFloat()};
        Generator h = new Generator(0);
        h.setState(saved);
        assertArrayEquals(expected, new double[] {h.nextGaussian(), h.nextGaussian(), h.nextFloat()});
        assertThrows(IllegalArgumentException.class, () -> h.setState(new long[] {1, 2}));
    }
}
