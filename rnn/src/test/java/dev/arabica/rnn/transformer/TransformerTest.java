package dev.arabica.rnn.transformer;

import static dev.arabica.rnn.testkit.Checks.assertIdentical;
import static dev.arabica.rnn.testkit.Checks.gradCheckModule;
import static dev.arabica.rnn.testkit.Checks.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.LayerNorm;
import dev.arabica.rnn.attention.AttentionMask;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transformer layers and stacks: gradients, dropout, copies, threads, errors (PyTorch values: TransformerReferenceTest). */
class TransformerTest {
    static final TransformerOptions SMALL = TransformerOptions.defaults().withDimFeedforward(6).withDropout(0.0);
    /** Central differences need a smooth activation (a ReLU kink inside the step breaks them); ReLU's backward is checked against PyTorch. */
    static final TransformerOptions SMOOTH = SMALL.withActivation(Activation.GELU);

    @Test
    void encoderLayerGradients() {
        Generator g = new Generator(1);
        for (TransformerOptions o : new TransformerOptions[] {SMOOTH, SMOOTH.withNormFirst(true).withBatchFirst(true)}) {
            TransformerEncoderLayer layer = new TransformerEncoderLayer(4, 2, o, g);
            Tensor kpm = Tensor.wrapLongs(new long[] {0, 0, 1, 0, 0, 0}, 2, 3);
            Tensor x = leaf(o.batchFirst() ? Tensor.randn(g, 2, 3, 4) : Tensor.randn(g, 3, 2, 4));
            gradCheckModule(layer, in -> layer.forward(in[0], AttentionMask.keyPadding(kpm)), 1e-2, 3e-2, 3e-3, x);
        }
    }

    @Test
    void decoderLayerGradients() {
        Generator g = new Generator(2);
        for (TransformerOptions o : new TransformerOptions[] {SMOOTH, SMOOTH.withNormFirst(true)}) {
            TransformerDecoderLayer layer = new TransformerDecoderLayer(4, 2, o, g);
            gradCheckModule(layer, in -> layer.forward(in[0], in[1], AttentionMask.causalMask(), AttentionMask.NONE), 1e-2, 3e-2, 3e-3,
                    leaf(Tensor.randn(g, 3, 2, 4)), leaf(Tensor.randn(g, 4, 2, 4)));
        }
    }

    @Test
    void transformerGradients() {
        Generator g = new Generator(3);
        Transformer tr = new Transformer(4, 2, 1, 1, SMOOTH.withBatchFirst(true), g);
        gradCheckModule(tr, in -> tr.forward(in[0], in[1], AttentionMask.NONE, AttentionMask.causalMask(), AttentionMask.NONE),
                1e-2, 3e-2, 3e-3, leaf(Tensor.randn(g, 2, 3, 4)), leaf(Tensor.randn(g, 2, 2, 4)));
    }

    @Test
    void stacksCopyTheLayerAndTransformerReinitialises() {
        Generator g = new Generator(4);
        TransformerEncoderLayer proto = new TransformerEncoderLayer(8, 2, SMALL, g);
        TransformerEncoder enc = new TransformerEncoder(proto, 3, null, g);
        assertNull(enc.norm());
        Map<String, Tensor> state = enc.stateDict();
        assertEquals(3 * 12, state.size());
        // Like PyTorch's deepcopy: every copy starts from the prototype's weights.
        assertIdentical(proto.selfAttn().inProjWeight(), state.get("layers.2.self_attn.in_proj_weight"));
        assertIdentical(state.get("layers.0.linear1.weight"), state.get("layers.1.linear1.weight"));
        Transformer tr = new Transformer(8, 2, 2, 2, SMALL, g);
        Map<String, Tensor> ts = tr.stateDict();
        assertTrue(ts.containsKey("encoder.norm.weight") && ts.containsKey("decoder.norm.bias")
                && ts.containsKey("decoder.layers.1.multihead_attn.out_proj.weight"));
        assertNotEquals(ts.get("encoder.layers.0.linear1.weight").sum().item(), ts.get("encoder.layers.1.linear1.weight").sum().item());
        // Biases are not re-initialised (only parameters with more than one dim are).
        assertEquals(0f, ts.get("encoder.layers.0.self_attn.in_proj_bias").abs().sum().item());
        // A state dict moves between two models.
        Transformer other = new Transformer(8, 2, 2, 2, SMALL, new Generator(99));
        other.loadStateDict(ts);
        Tensor src = Tensor.randn(g, 5, 2, 8), tgt = Tensor.randn(g, 3, 2, 8);
        assertIdentical(tr.forward(src, tgt, AttentionMask.NONE, AttentionMask.causalMask(), AttentionMask.NONE),
                other.forward(src, tgt, AttentionMask.NONE, AttentionMask.causalMask(), AttentionMask.NONE));
    }

    @Test
    void dropoutIsSeededAndOffInEval() {
        TransformerOptions o = SMALL.withDropout(0.3);
        Tensor x = Tensor.randn(new Generator(5), 4, 2, 8);
        TransformerEncoderLayer a = new TransformerEncoderLayer(8, 2, o, new Generator(6));
        TransformerEncoderLayer b = new TransformerEncoderLayer(8, 2, o, new Generator(6));
        Tensor ya = a.forward(x);
        assertIdentical(ya, b.forward(x));
        a.eval();
        Tensor evalOut = a.forward(x);
        TransformerEncoderLayer noDropout = new TransformerEncoderLayer(8, 2, SMALL, new Generator(0));
        noDropout.loadStateDict(a.stateDict());
        assertIdentical(noDropout.forward(x), evalOut);
        assertTrue(ya.sub(evalOut).abs().max().item() > 1e-3);
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalBits() {
        Generator g = new Generator(7);
        TransformerDecoderLayer layer = new TransformerDecoderLayer(64, 4, SMALL.withDimFeedforward(128).withBatchFirst(true), g);
        Tensor tgt = Tensor.randn(g, 8, 48, 64), mem = Tensor.randn(g, 8, 40, 64), gout = Tensor.randn(g, 8, 48, 64);
        Tensor[][] r = new Tensor[2][];
        for (int t = 1; t <= 2; t++) {
            r[t - 1] = Parallel.withThreads(t, () -> {
                layer.zeroGrad();
                Tensor x = leaf(tgt), m = leaf(mem);
                Tensor out = layer.forward(x, m, AttentionMask.causalMask(), AttentionMask.NONE);
                out.backward(gout);
                return new Tensor[] {out, x.grad(), m.grad(), layer.selfAttn().inProjWeight().grad(),
                    layer.multiheadAttn().inProjWeight().grad()};
            });
        }
        for (int i = 0; i < r[0].length; i++) assertIdentical(r[0][i], r[1][i]);
    }

    @Test
    void shapesAndErrors() {
        Generator g = new Generator(8);
        Transformer tr = new Transformer(8, 2, 1, 1, SMALL, g);
        Tensor out = tr.forward(Tensor.randn(g, 5, 3, 8), Tensor.randn(g, 4, 3, 8), AttentionMask.NONE, AttentionMask.causalMask(),
                AttentionMask.NONE);
        assertArrayEquals(new int[] {4, 3, 8}, out.shape());
        var e1 = assertThrows(IllegalArgumentException.class, () -> tr.forward(Tensor.randn(g, 5, 3, 8), Tensor.randn(g, 4, 2, 8),
                AttentionMask.NONE, AttentionMask.NONE, AttentionMask.NONE));
        assertTrue(e1.getMessage().contains("batch") && e1.getMessage().contains("[4,2,8]"), e1.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> tr.forward(Tensor.randn(g, 5, 3, 6), Tensor.randn(g, 4, 3, 6),
                AttentionMask.NONE, AttentionMask.NONE, AttentionMask.NONE));
        assertTrue(e2.getMessage().contains("dModel 8"), e2.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> tr.forward(Tensor.randn(g, 5, 3, 8)));
        assertThrows(UnsupportedOperationException.class, () -> tr.decoder().forward(Tensor.randn(g, 5, 3, 8)));
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoderLayer(10, 3, SMALL, g));
        assertThrows(IllegalArgumentException.class, () -> SMALL.withDropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(new TransformerEncoderLayer(8, 2, SMALL, g), 0,
                new LayerNorm(8), g));
    }
}
