package dev.arabica.rnn.attention;

import static dev.arabica.rnn.testkit.Checks.assertClose;
import static dev.arabica.rnn.testkit.Checks.assertIdentical;
import static dev.arabica.rnn.testkit.Checks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Attention#scaledDotProductAttention} against a composite of Tensor primitives (matmul,
 * maskedFill, softmax), by central differences, across thread counts and on bad input.
 */
class ScaledDotProductAttentionTest {
    static final GradCheck.Options GRAD = new GradCheck.Options(1e-2, 2e-2, 2e-3, 7);

    /** The textbook formula from primitives: the oracle. */
    static Tensor composite(Tensor q, Tensor k, Tensor v, AttentionMask m, double scale) {
        double sc = Double.isNaN(scale) ? 1 / Math.sqrt(q.size(q.dim() - 1)) : scale;
        Tensor scores = q.matmul(k.transpose(-1, -2)).mul((float) sc);
        int l = q.size(q.dim() - 2), s = k.size(k.dim() - 2);
        if (m.attnMask() != null) {
            scores = m.attnMask().dtype() == dev.arabica.core.DType.INT64
                    ? scores.maskedFill(m.attnMask(), Float.NEGATIVE_INFINITY) : scores.add(m.attnMask());
        }
        if (m.keyPaddingMask() != null) {
            int[] shape = new int[scores.dim()];
            java.util.Arrays.fill(shape, 1);
            shape[0] = m.keyPaddingMask().size(0);
            shape[shape.length - 1] = s;
            scores = scores.maskedFill(m.keyPaddingMask().reshape(shape), Float.NEGATIVE_INFINITY);
        }
        if (m.causal()) scores = scores.maskedFill(AttentionMask.causalBoolMask(l, s), Float.NEGATIVE_INFINITY);
        return scores.softmax(-1).matmul(v);
    }

    static Tensor padding(int batch, int s, int... pads) {
        long[] m = new long[batch * s];
        for (int b = 0; b < batch; b++) for (int j = s - pads[b]; j < s; j++) m[b * s + j] = 1;
        return Tensor.wrapLongs(m, batch, s);
    }

    @Test
    void matchesCompositeAtAwkwardSizes() {
        Generator g = new Generator(1);
        int[][] sizes = {{1, 1, 1, 1}, {3, 7, 5, 2}, {17, 33, 9, 16}, {64, 64, 32, 32}, {5, 1, 3, 4}, {1, 9, 8, 1}};
        for (int[] z : sizes) {
            int l = z[0], s = z[1], e = z[2], ev = z[3];
            Tensor q = Tensor.randn(g, 2, 3, l, e), k = Tensor.randn(g, 2, 3, s, e), v = Tensor.randn(g, 2, 3, s, ev);
            assertClose(composite(q, k, v, AttentionMask.NONE, Double.NaN), Attention.scaledDotProductAttention(q, k, v),
                    1e-4, 1e-5);
        }
    }

    @Test
    void leadingDimsBroadcastAndMayBeAbsent() {
        Generator g = new Generator(2);
        Tensor q = Tensor.randn(g, 2, 3, 4, 5), k = Tensor.randn(g, 1, 3, 6, 5), v = Tensor.randn(g, 6, 2);
        assertClose(composite(q, k, v, AttentionMask.NONE, Double.NaN), Attention.scaledDotProductAttention(q, k, v), 1e-4, 1e-5);
        Tensor q2 = Tensor.randn(g, 4, 5), k2 = Tensor.randn(g, 6, 5), v2 = Tensor.randn(g, 6, 3);
        Tensor out = Attention.scaledDotProductAttention(q2, k2, v2);
        assertArrayEquals(new int[] {4, 3}, out.shape());
        assertClose(composite(q2, k2, v2, AttentionMask.NONE, Double.NaN), out, 1e-4, 1e-5);
    }

    @Test
    void masksMatchComposite() {
        Generator g = new Generator(3);
        Tensor q = Tensor.randn(g, 2, 3, 4, 8), k = Tensor.randn(g, 2, 3, 6, 8), v = Tensor.randn(g, 2, 3, 6, 5);
        long[] bits = new long[4 * 6];
        for (int i = 0; i < bits.length; i++) bits[i] = (i % 6 != 0 && i % 3 == 1) ? 1 : 0;
        List<AttentionMask> masks = List.of(
                AttentionMask.causalMask(),
                AttentionMask.keyPadding(padding(2, 6, 2, 0)),
                AttentionMask.of(Tensor.wrapLongs(bits, 4, 6)),
                AttentionMask.of(Tensor.randn(g, 3, 4, 6)),
                AttentionMask.of(Tensor.wrapLongs(bits, 4, 6)).withKeyPadding(padding(2, 6, 1, 3)).withCausal(true));
        for (AttentionMask m : masks) {
            assertClose(composite(q, k, v, m, Double.NaN), Attention.scaledDotProductAttention(q, k, v, m), 1e-4, 1e-5);
        }
        assertClose(composite(q, k, v, AttentionMask.NONE, 0.7),
                Attention.scaledDotProductAttention(q, k, v, AttentionMask.NONE, 0.7, 0, null, false).output(), 1e-4, 1e-5);
    }

    @Test
    void nonContiguousInputsAreReadCorrectly() {
        Generator g = new Generator(4);
        Tensor qBase = Tensor.randn(g, 2, 5, 3, 8);        // [B, T, H, D], read as [B, H, T, D]
        Tensor kBase = Tensor.randn(g, 2, 3, 8, 7);        // [B, H, D, S]: last stride != 1 (copied)
        Tensor vBase = Tensor.randn(g, 2, 3, 14, 4);       // every other row
        Tensor q = qBase.permute(0, 2, 1, 3), k = kBase.transpose(-1, -2), v = vBase.slice(2, 0, 14, 2);
        Tensor expected = composite(q.contiguous(), k.contiguous(), v.contiguous(), AttentionMask.NONE, Double.NaN);
        assertClose(expected, Attention.scaledDotProductAttention(q, k, v), 1e-4, 1e-5);
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Generator g = new Generator(5);
        Tensor q = leaf(Tensor.randn(g, 2, 2, 3, 4)), k = leaf(Tensor.randn(g, 2, 2, 5, 4)), v = leaf(Tensor.randn(g, 2, 2, 5, 3));
        AttentionMask m = AttentionMask.keyPadding(padding(2, 5, 1, 2)).withCausal(true)
                .withAttnMask(Tensor.randn(g, 3, 5));
        GradCheck.assertGradients(in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], m), GRAD, q, k, v);
        // The same tensor as q, k and v (gradients of the three roles add up), with a permuted view.
        Tensor x = leaf(Tensor.randn(g, 2, 4, 3, 5));
        GradCheck.assertGradients(in -> {
            Tensor xv = in[0].permute(0, 2, 1, 3);
            return Attention.scaledDotProductAttention(xv, xv, xv, AttentionMask.causalMask());
        }, GRAD, x);
    }

    @Test
    void weightsAreReturnedAndDifferentiable() {
        Generator g = new Generator(6);
        Tensor q = leaf(Tensor.randn(g, 2, 3, 4)), k = leaf(Tensor.randn(g, 2, 5, 4)), v = leaf(Tensor.randn(g, 2, 5, 2));
        Attention.Result r = Attention.scaledDotProductAttention(q, k, v, AttentionMask.causalMask(), Attention.DEFAULT_SCALE,
                0, null, true);
        assertArrayEquals(new int[] {2, 3, 5}, r.weights().shape());
        float[] w = r.weights().toFloatArray();
        for (int row = 0; row < 6; row++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) sum += w[row * 5 + j];
            assertEquals(1.0, sum, 1e-6);
            int i = row % 3;
            for (int j = i + 1; j < 5; j++) assertEquals(0f, w[row * 5 + j]);
        }
        GradCheck.assertGradients(in -> {
            Attention.Result rr = Attention.scaledDotProductAttention(in[0], in[1], in[2], AttentionMask.NONE,
                    Attention.DEFAULT_SCALE, 0, null, true);
            return Tensor.cat(List.of(rr.output().flatten(), rr.weights().mul(3f).flatten()), 0);
        }, GRAD, q, k, v);
    }

    @Test
    void dropoutIsSeededDeterministicAndDifferentiable() {
        Generator g = new Generator(7);
        Tensor q = leaf(Tensor.randn(g, 4, 2, 16, 8)), k = leaf(Tensor.randn(g, 4, 2, 16, 8)), v = leaf(Tensor.randn(g, 4, 2, 16, 8));
        Attention.Result a = Attention.scaledDotProductAttention(q, k, v, AttentionMask.NONE, Attention.DEFAULT_SCALE, 0.5,
                new Generator(99), true);
        Attention.Result b = Attention.scaledDotProductAttention(q, k, v, AttentionMask.NONE, Attention.DEFAULT_SCALE, 0.5,
                new Generator(99), true);
        Attention.Result c = Attention.scaledDotProductAttention(q, k, v, AttentionMask.NONE, Attention.DEFAULT_SCALE, 0.5,
                new Generator(100), true);
        assertIdentical(a.output(), b.output());
        assertNotEquals(a.output().sum().item(), c.output().sum().item());
        // About half of the weights are dropped, the rest scaled by 2; out = weights v.
        float[] w = a.weights().toFloatArray();
        int zeros = 0;
        for (float x : w) if (x == 0f) zeros++;
        assertEquals(0.5, zeros / (double) w.length, 0.03);
        assertClose(a.weights().matmul(v), a.output(), 1e-5, 1e-6);
        GradCheck.assertGradients(in -> Attention.scaledDotProductAttention(in[0], in[1], in[2], AttentionMask.NONE,
                Attention.DEFAULT_SCALE, 0.3, new Generator(5), false).output(), GRAD,
                leaf(Tensor.randn(g, 2, 3, 4)), leaf(Tensor.randn(g, 2, 5, 4)), leaf(Tensor.randn(g, 2, 5, 3)));
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Generator g = new Generator(8);
        Tensor q = Tensor.randn(g, 4, 4, 48, 32), k = Tensor.randn(g, 4, 4, 48, 32), v = Tensor.randn(g, 4, 4, 48, 32);
        Tensor gout = Tensor.randn(g, 4, 4, 48, 32);
        Tensor[][] results = new Tensor[2][];
        for (int t = 1; t <= 2; t++) {
            results[t - 1] = Parallel.withThreads(t, () -> {
                Tensor qa = leaf(q), ka = leaf(k), va = leaf(v);
                Attention.scaledDotProductAttention(qa, ka, va, AttentionMask.causalMask(), Attention.DEFAULT_SCALE, 0.1,
                        new Generator(3), false).output().backward(gout);
                Tensor out = Attention.scaledDotProductAttention(q, k, v, AttentionMask.causalMask(), Attention.DEFAULT_SCALE,
                        0.1, new Generator(3), false).output();
                return new Tensor[] {out, qa.grad(), ka.grad(), va.grad()};
            });
        }
        for (int i = 0; i < 4; i++) assertIdentical(results[0][i], results[1][i]);
    }

    @Test
    void fullyMaskedRowsAreNaNAsInPyTorch113() {
        Generator g = new Generator(9);
        Tensor q = Tensor.randn(g, 2, 3, 4), k = Tensor.randn(g, 2, 3, 4), v = Tensor.randn(g, 2, 3, 4);
        Tensor kpm = Tensor.wrapLongs(new long[] {1, 1, 1, 0, 0, 1}, 2, 3);
        Tensor out = Attention.scaledDotProductAttention(q, k, v, AttentionMask.keyPadding(kpm));
        float[] o = out.toFloatArray();
        for (int i = 0; i < 12; i++) assertTrue(Float.isNaN(o[i]), "batch 0 is fully padded");
        for (int i = 12; i < 24; i++) assertFalse(Float.isNaN(o[i]), "batch 1 has keys");
    }

    @Test
    void zeroSizedDims() {
        Generator g = new Generator(10);
        Tensor out = Attention.scaledDotProductAttention(Tensor.randn(g, 2, 0, 4), Tensor.randn(g, 2, 3, 4), Tensor.randn(g, 2, 3, 5));
        assertArrayEquals(new int[] {2, 0, 5}, out.shape());
        Tensor empty = Attention.scaledDotProductAttention(Tensor.randn(g, 0, 3, 4), Tensor.randn(g, 0, 3, 4), Tensor.randn(g, 0, 3, 5));
        assertArrayEquals(new int[] {0, 3, 5}, empty.shape());
        // No keys: the empty sum gives zeros (as softmax over nothing times an empty V).
        Tensor q = leaf(Tensor.randn(g, 2, 3, 4));
        Tensor noKeys = Attention.scaledDotProductAttention(q, Tensor.randn(g, 2, 0, 4), Tensor.randn(g, 2, 0, 5));
        assertArrayEquals(new int[] {2, 3, 5}, noKeys.shape());
        assertEquals(0f, noKeys.abs().sum().item());
        noKeys.sum().backward();
        assertEquals(0f, q.grad().abs().sum().item());
    }

    @Test
    void badInputGivesClearErrors() {
        Generator g = new Generator(11);
        Tensor q = Tensor.randn(g, 2, 3, 4), k = Tensor.randn(g, 2, 5, 4), v = Tensor.randn(g, 2, 5, 6);
        var e1 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, Tensor.randn(g, 2, 5, 3), v));
        assertTrue(e1.getMessage().contains("scaledDotProductAttention") && e1.getMessage().contains("[2,5,3]"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, Tensor.randn(g, 2, 4, 6)));
        assertTrue(e2.getMessage().contains("[2,4,6]"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(Tensor.randn(g, 3, 3, 4), k, v));
        assertTrue(e3.getMessage().contains("broadcast"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, AttentionMask.of(Tensor.zeros(3, 4))));
        assertTrue(e4.getMessage().contains("attnMask") && e4.getMessage().contains("[3,4]"), e4.getMessage());
        var e5 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, AttentionMask.keyPadding(Tensor.wrapLongs(new long[5], 5))));
        assertTrue(e5.getMessage().contains("keyPaddingMask"), e5.getMessage());
        var e6 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(q, k, v, AttentionMask.NONE, Attention.DEFAULT_SCALE, 0.5, null, false));
        assertTrue(e6.getMessage().contains("generator"), e6.getMessage());
        var e7 = assertThrows(IllegalArgumentException.class,
                () -> Attention.scaledDotProductAttention(Tensor.ofInts(new int[] {1, 2}, 1, 2), k, v));
        assertTrue(e7.getMessage().contains("float32"), e7.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Attention.scaledDotProductAttention(Tensor.randn(g, 4), k, v));
    }

    @Test
    void noWeightsUnlessAsked() {
        Generator g = new Generator(12);
        Attention.Result r = Attention.scaledDotProductAttention(Tensor.randn(g, 3, 4), Tensor.randn(g, 5, 4),
                Tensor.randn(g, 5, 2), AttentionMask.NONE, Attention.DEFAULT_SCALE, 0, null, false);
        assertNull(r.weights());
    }
}
