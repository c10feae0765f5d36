package dev.arabica.rnn.attention;

import static dev.arabica.rnn.testkit.Checks.assertClose;
import static dev.arabica.rnn.testkit.Checks.assertIdentical;
import static dev.arabica.rnn.testkit.Checks.gradCheckModule;
import static dev.arabica.rnn.testkit.Checks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MultiheadAttention}: PyTorch names, a composite oracle, gradients, dropout, errors. */
class MultiheadAttentionTest {

    /** Multi-head attention from primitives (linear, reshape, permute, the composite SDPA). */
    static Tensor composite(MultiheadAttention m, Tensor query, Tensor key, Tensor value, AttentionMask mask) {
        AttentionProjections w = m.projections();
        int e = m.embedDim(), h = m.numHeads(), dh = e / h;
        boolean bf = m.batchFirst();
        Tensor q = bf ? query : query.transpose(0, 1), k = bf ? key : key.transpose(0, 1), v = bf ? value : value.transpose(0, 1);
        Tensor wq = w.isPacked() ? w.inProjWeight().slice(0, 0, e) : w.qProjWeight();
        Tensor wk = w.isPacked() ? w.inProjWeight().slice(0, e, 2 * e) : w.kProjWeight();
        Tensor wv = w.isPacked() ? w.inProjWeight().slice(0, 2 * e, 3 * e) : w.vProjWeight();
        Tensor b = w.inProjBias();
        int batch = q.size(0), l = q.size(1), s = k.size(1);
        Tensor qh = q.linear(wq, b == null ? null : b.slice(0, 0, e)).reshape(batch, l, h, dh).permute(0, 2, 1, 3);
        Tensor kh = k.linear(wk, b == null ? null : b.slice(0, e, 2 * e)).reshape(batch, s, h, dh).permute(0, 2, 1, 3);
        Tensor vh = v.linear(wv, b == null ? null : b.slice(0, 2 * e, 3 * e)).reshape(batch, s, h, dh).permute(0, 2, 1, 3);
        AttentionMask sdpaMask = mask;
        if (mask.attnMask() != null && mask.attnMask().dim() == 3) {
            sdpaMask = mask.withAttnMask(mask.attnMask().reshape(batch, h, l, s));
        }
        Tensor o = ScaledDotProductAttentionTest.composite(qh, kh, vh, sdpaMask, Double.NaN);
        Tensor out = o.permute(0, 2, 1, 3).reshape(batch, l, e).linear(w.outProjWeight(), w.outProjBias());
        return bf ? out : out.transpose(0, 1);
    }

    @Test
    void stateDictNamesAreExactlyPyTorchs() {
        Generator g = new Generator(1);
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(new MultiheadAttention(8, 2, true, g).stateDict().keySet()));
        Map<String, Tensor> sep = new MultiheadAttention(8, 2, 0.0, true, 5, 7, true, g).stateDict();
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"),
                List.copyOf(sep.keySet()));
        assertArrayEquals(new int[] {8, 5}, sep.get("k_proj_weight").shape());
        assertArrayEquals(new int[] {8, 7}, sep.get("v_proj_weight").shape());
        assertEquals(List.of("in_proj_weight", "out_proj.weight"),
                List.copyOf(new MultiheadAttention(8, 2, 0.0, false, 8, 8, true, g).stateDict().keySet()));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "bias_k", "bias_v", "out_proj.weight", "out_proj.bias"),
                List.copyOf(new MultiheadAttention(8, 2, 0.0, true, true, true, 8, 8, true, g).stateDict().keySet()));
        assertEquals(List.of("q_proj_weight", "k_proj_weight", "v_proj_weight", "bias_k", "bias_v", "out_proj.weight"),
                List.copyOf(new MultiheadAttention(8, 2, 0.0, false, true, false, 3, 5, true, g).stateDict().keySet()));
        MultiheadAttention m = new MultiheadAttention(6, 3, false, g);
        assertEquals(0f, m.inProjBias().abs().sum().item());
        assertEquals(0f, m.outProj().bias().abs().sum().item());
        assertArrayEquals(new int[] {18, 6}, m.inProjWeight().shape());
        float bound = (float) Math.sqrt(6.0 / (18 + 6)); // Xavier uniform on [3E, E]
        assertTrue(m.inProjWeight().abs().max().item() <= bound);
    }

    @Test
    void matchesCompositeInEveryLayout() {
        Generator g = new Generator(2);
        for (boolean bf : new boolean[] {true, false}) {
            MultiheadAttention m = new MultiheadAttention(12, 3, bf, g);
            Tensor x = bf ? Tensor.randn(g, 2, 5, 12) : Tensor.randn(g, 5, 2, 12);
            Tensor mem = bf ? Tensor.randn(g, 2, 7, 12) : Tensor.randn(g, 7, 2, 12);
            Tensor other = Tensor.randn(g, mem.shape());
            assertClose(composite(m, x, x, x, AttentionMask.NONE), m.forward(x), 1e-4, 1e-5);               // self
            assertClose(composite(m, x, mem, mem, AttentionMask.NONE), m.forward(x, mem, mem), 1e-4, 1e-5); // shared k/v
            assertClose(composite(m, x, mem, other, AttentionMask.NONE), m.forward(x, mem, other), 1e-4, 1e-5);
            Tensor kpm = ScaledDotProductAttentionTest.padding(2, 7, 3, 0);
            AttentionMask mask = AttentionMask.keyPadding(kpm).withAttnMask(Tensor.randn(g, 5, 7));
            assertClose(composite(m, x, mem, mem, mask), m.forward(x, mem, mem, mask, false, true).output(), 1e-4, 1e-5);
            long[] bits = new long[6 * 5 * 7];
            for (int i = 0; i < bits.length; i++) bits[i] = i % 7 != 0 && i % 5 == 2 ? 1 : 0;
            AttentionMask mask3 = AttentionMask.of(Tensor.wrapLongs(bits, 6, 5, 7));
            assertClose(composite(m, x, mem, mem, mask3), m.forward(x, mem, mem, mask3, false, true).output(), 1e-4, 1e-5);
            assertClose(composite(m, x, x, x, AttentionMask.causalMask()),
                    m.forward(x, x, x, AttentionMask.causalMask(), false, true).output(), 1e-4, 1e-5);
        }
    }

    @Test
    void separateProjectionsForOtherKeyAndValueWidths() {
        Generator g = new Generator(3);
        MultiheadAttention m = new MultiheadAttention(8, 4, 0.0, true, 5, 3, true, g);
        Tensor q = Tensor.randn(g, 2, 3, 8), k = Tensor.randn(g, 2, 6, 5), v = Tensor.randn(g, 2, 6, 3);
        assertClose(composite(m, q, k, v, AttentionMask.NONE), m.forward(q, k, v), 1e-4, 1e-5);
        gradCheckModule(m, in -> m.forward(in[0], in[1], in[2]), 1e-2, 2e-2, 2e-3, leaf(q), leaf(k), leaf(v));
    }

    @Test
    void unbatchedInputs() {
        Generator g = new Generator(4);
        MultiheadAttention m = new MultiheadAttention(8, 2, false, g);
        Tensor x = Tensor.randn(g, 5, 8), mem = Tensor.randn(g, 4, 8);
        Tensor kpm = Tensor.wrapLongs(new long[] {0, 0, 1, 0}, 4);
        Attention.Result r = m.forward(x, mem, mem, AttentionMask.keyPadding(kpm), true, true);
        assertArrayEquals(new int[] {5, 8}, r.output().shape());
        assertArrayEquals(new int[] {5, 4}, r.weights().shape());
        Tensor batched = m.forward(x.unsqueeze(1), mem.unsqueeze(1), mem.unsqueeze(1),
                AttentionMask.keyPadding(kpm.unsqueeze(0)), false, true).output();
        assertClose(batched.squeeze(1), r.output(), 1e-6, 1e-7);
        for (int i = 0; i < 5; i++) assertEquals(0f, r.weights().get(i, 2));
    }

    @Test
    void weightsPerHeadAverageToTheAveragedWeights() {
        Generator g = new Generator(5);
        MultiheadAttention m = new MultiheadAttention(8, 4, true, g);
        Tensor x = Tensor.randn(g, 3, 5, 8);
        Attention.Result avg = m.forward(x, x, x, AttentionMask.causalMask(), true, true);
        Attention.Result per = m.forward(x, x, x, AttentionMask.causalMask(), true, false);
        assertArrayEquals(new int[] {3, 5, 5}, avg.weights().shape());
        assertArrayEquals(new int[] {3, 4, 5, 5}, per.weights().shape());
        assertClose(per.weights().mean(1, false), avg.weights(), 1e-6, 1e-7);
        assertIdentical(avg.output(), per.output());
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Generator g = new Generator(6);
        MultiheadAttention self = new MultiheadAttention(8, 2, true, g);
        Tensor kpm = ScaledDotProductAttentionTest.padding(2, 4, 1, 0);
        gradCheckModule(self, in -> self.forward(in[0], in[0], in[0], AttentionMask.keyPadding(kpm).withCausal(true), false, true)
                .output(), 1e-2, 2e-2, 2e-3, leaf(Tensor.randn(g, 2, 4, 8)));
        MultiheadAttention cross = new MultiheadAttention(6, 3, false, g);
        gradCheckModule(cross, in -> {
            Attention.Result r = cross.forward(in[0], in[1], in[1], AttentionMask.NONE, true, true);
            return Tensor.cat(List.of(r.output().flatten(), r.weights().flatten()), 0);
        }, 1e-2, 2e-2, 2e-3, leaf(Tensor.randn(g, 3, 2, 6)), leaf(Tensor.randn(g, 5, 2, 6)));
        MultiheadAttention noBias = new MultiheadAttention(6, 2, 0.0, false, 6, 6, true, g);
        gradCheckModule(noBias, in -> noBias.forward(in[0], in[1], in[2]), 1e-2, 2e-2, 2e-3,
                leaf(Tensor.randn(g, 1, 3, 6)), leaf(Tensor.randn(g, 1, 2, 6)), leaf(Tensor.randn(g, 1, 2, 6)));
    }

    @Test
    void extraKeysFromBiasKvAndZeroAttn() {
        Generator g = new Generator(10);
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.0, true, true, true, 8, 8, true, g);
        Tensor x = Tensor.randn(g, 2, 3, 8), mem = Tensor.randn(g, 2, 4, 8);
        Tensor kpm = ScaledDotProductAttentionTest.padding(2, 4, 1, 0);
        Attention.Result r = m.forward(x, mem, mem, AttentionMask.keyPadding(kpm).withCausal(true), true, true);
        assertArrayEquals(new int[] {2, 3, 6}, r.weights().shape());            // S + bias key + zero key
        // The appended keys are never masked; causal and padding apply to the real keys only.
        for (int i = 0; i < 3; i++) {
            assertTrue(r.weights().get(0, i, 4) > 0 && r.weights().get(0, i, 5) > 0);
            assertEquals(0f, r.weights().get(1, 0, 1));
            assertEquals(0f, r.weights().get(0, i, 3));
        }
        gradCheckModule(m, in -> m.forward(in[0], in[1], in[1], AttentionMask.keyPadding(kpm).withCausal(true), false, true).output(),
                1e-2, 2e-2, 2e-3, leaf(x), leaf(mem));
    }

    @Test
    void dropoutOnlyInTrainingAndReproducible() {
        Generator g = new Generator(7);
        MultiheadAttention m = new MultiheadAttention(8, 2, 0.4, true, 8, 8, true, g);
        Tensor x = Tensor.randn(g, 2, 6, 8);
        m.eval();
        Tensor eval = m.forward(x);
        MultiheadAttention plain = new MultiheadAttention(8, 2, true, new Generator(0));
        plain.loadStateDict(m.stateDict());
        assertIdentical(plain.forward(x), eval);
        m.train();
        long[] state = m.generator().state();
        Tensor a = m.forward(x);
        m.generator().setState(state);
        Tensor b = m.forward(x);
        assertIdentical(a, b);
        assertTrue(a.sub(eval).abs().max().item() > 1e-3, "dropout changes the output in training");
        gradCheckModule(m, in -> {
            m.generator().setState(state);
            return m.forward(in[0]);
        }, 1e-2, 2e-2, 2e-3, leaf(Tensor.randn(g, 1, 4, 8)));
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Generator g = new Generator(8);
        MultiheadAttention m = new MultiheadAttention(64, 4, true, g);
        Tensor x = Tensor.randn(g, 8, 64, 64), gout = Tensor.randn(g, 8, 64, 64); // 32 groups in 4 blocks; projection GEMMs split too
        Tensor[][] r = new Tensor[2][];
        for (int t = 1; t <= 2; t++) {
            r[t - 1] = Parallel.withThreads(t, () -> {
                m.zeroGrad();
                Tensor xi = leaf(x);
                Tensor out = m.forward(xi);
                out.backward(gout);
                return new Tensor[] {out, xi.grad(), m.inProjWeight().grad(), m.inProjBias().grad(), m.outProj().weight().grad()};
            });
        }
        for (int i = 0; i < r[0].length; i++) assertIdentical(r[0][i], r[1][i]);
    }

    @Test
    void badInputGivesClearErrors() {
        Generator g = new Generator(9);
        var e0 = assertThrows(IllegalArgumentException.class, () -> new MultiheadAttention(10, 3, true, g));
        assertTrue(e0.getMessage().contains("divisible"), e0.getMessage());
        MultiheadAttention m = new MultiheadAttention(8, 2, true, g);
        var e1 = assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.randn(g, 2, 3, 6)));
        assertTrue(e1.getMessage().contains("[2,3,6]") && e1.getMessage().contains("8"), e1.getMessage());
        Tensor x = Tensor.randn(g, 2, 3, 8);
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, AttentionMask.keyPadding(Tensor.wrapLongs(new long[6], 3, 2)), false, true));
        assertTrue(e2.getMessage().contains("keyPaddingMask") && e2.getMessage().contains("[3,2]"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, x, x, AttentionMask.of(Tensor.zeros(3, 4)), false, true));
        assertTrue(e3.getMessage().contains("attnMask") && e3.getMessage().contains("[3,4]"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> m.forward(x, Tensor.randn(g, 3, 3, 8), Tensor.randn(g, 3, 3, 8)));
        assertTrue(e4.getMessage().contains("batch"), e4.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.forward(Tensor.randn(g, 1, 2, 3, 8)));
    }
}
