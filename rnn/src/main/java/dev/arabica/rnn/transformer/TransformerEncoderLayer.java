package dev.arabica.rnn.transformer;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.LayerNorm;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.rnn.attention.AttentionMask;
import dev.arabica.rnn.attention.MultiheadAttention;

/**
 * PyTorch 1.13's {@code nn.TransformerEncoderLayer}: self-attention and a feed-forward block, each
 * with a residual connection and layer norm,
 * <pre>
 *   post-norm (default):  x = norm1(x + sa(x));        x = norm2(x + ff(x))
 *   pre-norm (normFirst): x = x + sa(norm1(x));        x = x + ff(norm2(x))
 *   sa(x) = dropout1(self_attn(x, x, x))
 *   ff(x) = dropout2(linear2(dropout(activation(linear1(x)))))
 * </pre>
 * Input and output {@code [L, B, dModel]} ({@code [B, L, dModel]} with {@code batchFirst}).
 * Children and {@code stateDict} names as PyTorch: {@code self_attn}, {@code linear1}
 * {@code [dimFeedforward, dModel]}, {@code dropout}, {@code linear2} {@code [dModel, dimFeedforward]},
 * {@code norm1}, {@code norm2}, {@code dropout1}, {@code dropout2}. Each dropout draws from its own
 * generator, seeded from the constructor's generator. (PyTorch's inference fast path, which turns
 * padded positions into zeros through nested tensors, is not reproduced: padded positions are
 * computed like any other.)
 */
public class TransformerEncoderLayer extends Module {
    private final int dModel;
    private final int nhead;
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    /** As {@link #TransformerEncoderLayer(int, int, TransformerOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options) {
        this(dModel, nhead, options, Generator.defaultGenerator());
    }

    public TransformerEncoderLayer(int dModel, int nhead, TransformerOptions options, Generator gen) {
        if (gen == null) throw new IllegalArgumentException("TransformerEncoderLayer: generator must not be null");
        this.dModel = dModel;
        this.nhead = nhead;
        this.options = options;
        double p = options.dropout();
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, p, true, dModel, dModel, options.batchFirst(), gen));
        linear1 = registerModule("linear1", new Linear(dModel, options.dimFeedforward(), gen));
        dropout = registerModule("dropout", new Dropout(p, new Generator(gen.nextLong())));
        linear2 = registerModule("linear2", new Linear(options.dimFeedforward(), dModel, gen));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(p, new Generator(gen.nextLong())));
        dropout2 = registerModule("dropout2", new Dropout(p, new Generator(gen.nextLong())));
    }

    /** As {@link #TransformerEncoderLayer(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerEncoderLayer(int dModel, int nhead) {
        this(dModel, nhead, Generator.defaultGenerator());
    }

    /** PyTorch's defaults ({@link TransformerOptions#defaults()}). */
    public TransformerEncoderLayer(int dModel, int nhead, Generator gen) {
        this(dModel, nhead, TransformerOptions.defaults(), gen);
    }

    /** Without masks. */
    @Override
    public Tensor forward(Tensor src) {
        return forward(src, AttentionMask.NONE);
    }

    /**
     * @param mask PyTorch's {@code src_mask} ({@code attnMask} {@code [L, L]} or {@code [B * nhead, L, L]}),
     *     {@code src_key_padding_mask} ({@code keyPaddingMask} {@code [B, L]}, 1 = padding) and causal
     */
    public Tensor forward(Tensor src, AttentionMask mask) {
        Tensor x = src;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.forward(x), mask));
            x = x.add(feedForwardBlock(norm2.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, mask)));
            x = norm2.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, AttentionMask mask) {
        return dropout1.forward(selfAttn.forward(x, x, x, mask, false, true).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        return dropout2.forward(linear2.forward(dropout.forward(options.activation().apply(linear1.forward(x)))));
    }

    /**
     * A new layer with the same hyperparameters and a copy of this layer's current weights (PyTorch's
     * {@code copy.deepcopy}, as {@link TransformerEncoder} does); its dropout generators are seeded from {@code gen}.
     */
    public TransformerEncoderLayer copy(Generator gen) {
        TransformerEncoderLayer c = new TransformerEncoderLayer(dModel, nhead, options, gen);
        c.loadStateDict(stateDict());
        c.train(isTraining());
        return c;
    }

    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    public TransformerOptions options() {
        return options;
    }

    public int dModel() {
        return dModel;
    }

    @Override
    protected String extraRepr() {
        return "dModel=" + dModel + ", nhead=" + nhead + ", " + options;
    }
}
