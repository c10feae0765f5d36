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
 * PyTorch 1.13's {@code nn.TransformerDecoderLayer}: masked self-attention over the target,
 * cross-attention from the target to the encoder output ({@code memory}) and a feed-forward block,
 * each with a residual connection and layer norm,
 * <pre>
 *   post-norm (default):  x = norm1(x + sa(x));  x = norm2(x + mha(x, mem));  x = norm3(x + ff(x))
 *   pre-norm (normFirst): x = x + sa(norm1(x));  x = x + mha(norm2(x), mem);  x = x + ff(norm3(x))
 *   sa(x)       = dropout1(self_attn(x, x, x; tgt masks))
 *   mha(x, mem) = dropout2(multihead_attn(x, mem, mem; memory masks))
 *   ff(x)       = dropout3(linear2(dropout(activation(linear1(x)))))
 * </pre>
 * Target {@code [T, B, dModel]} and memory {@code [S, B, dModel]} ({@code [B, T, dModel]} and
 * {@code [B, S, dModel]} with {@code batchFirst}). Names as PyTorch: {@code self_attn},
 * {@code multihead_attn}, {@code linear1}, {@code dropout}, {@code linear2}, {@code norm1..3},
 * {@code dropout1..3}. For an autoregressive decoder pass {@link AttentionMask#causalMask()} (or
 * {@link AttentionMask#squareSubsequentMask}) as the target mask.
 */
public class TransformerDecoderLayer extends Module {
    private final int dModel;
    private final int nhead;
    private final TransformerOptions options;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention multiheadAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    /** As {@link #TransformerDecoderLayer(int, int, TransformerOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options) {
        this(dModel, nhead, options, Generator.defaultGenerator());
    }

    public TransformerDecoderLayer(int dModel, int nhead, TransformerOptions options, Generator gen) {
        if (gen == null) throw new IllegalArgumentException("TransformerDecoderLayer: generator must not be null");
        this.dModel = dModel;
        this.nhead = nhead;
        this.options = options;
        double p = options.dropout();
        boolean bf = options.batchFirst();
        selfAttn = registerModule("self_attn", new MultiheadAttention(dModel, nhead, p, true, dModel, dModel, bf, gen));
        multiheadAttn = registerModule("multihead_attn", new MultiheadAttention(dModel, nhead, p, true, dModel, dModel, bf, gen));
        linear1 = registerModule("linear1", new Linear(dModel, options.dimFeedforward(), gen));
        dropout = registerModule("dropout", new Dropout(p, new Generator(gen.nextLong())));
        linear2 = registerModule("linear2", new Linear(options.dimFeedforward(), dModel, gen));
        norm1 = registerModule("norm1", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm2 = registerModule("norm2", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        norm3 = registerModule("norm3", new LayerNorm(new int[] {dModel}, options.layerNormEps(), true));
        dropout1 = registerModule("dropout1", new Dropout(p, new Generator(gen.nextLong())));
        dropout2 = registerModule("dropout2", new Dropout(p, new Generator(gen.nextLong())));
        dropout3 = registerModule("dropout3", new Dropout(p, new Generator(gen.nextLong())));
    }

    /** As {@link #TransformerDecoderLayer(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerDecoderLayer(int dModel, int nhead) {
        this(dModel, nhead, Generator.defaultGenerator());
    }

    /** PyTorch's defaults ({@link TransformerOptions#defaults()}). */
    public TransformerDecoderLayer(int dModel, int nhead, Generator gen) {
        this(dModel, nhead, TransformerOptions.defaults(), gen);
    }

    /** A decoder layer needs the encoder output: use {@link #forward(Tensor, Tensor, AttentionMask, AttentionMask)}. */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new UnsupportedOperationException("TransformerDecoderLayer needs the memory (encoder output): call forward(tgt, memory, tgtMask, memoryMask)");
    }

    /**
     * @param tgtMask PyTorch's {@code tgt_mask} and {@code tgt_key_padding_mask} (and causal)
     * @param memoryMask PyTorch's {@code memory_mask} and {@code memory_key_padding_mask}
     */
    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        Tensor x = tgt;
        if (options.normFirst()) {
            x = x.add(selfAttentionBlock(norm1.forward(x), tgtMask));
            x = x.add(crossAttentionBlock(norm2.forward(x), memory, memoryMask));
            x = x.add(feedForwardBlock(norm3.forward(x)));
        } else {
            x = norm1.forward(x.add(selfAttentionBlock(x, tgtMask)));
            x = norm2.forward(x.add(crossAttentionBlock(x, memory, memoryMask)));
            x = norm3.forward(x.add(feedForwardBlock(x)));
        }
        return x;
    }

    private Tensor selfAttentionBlock(Tensor x, AttentionMask mask) {
        return dropout1.forward(selfAttn.forward(x, x, x, mask, false, true).output());
    }

    private Tensor crossAttentionBlock(Tensor x, Tensor memory, AttentionMask mask) {
        return dropout2.forward(multiheadAttn.forward(x, memory, memory, mask, false, true).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        return dropout3.forward(linear2.forward(dropout.forward(options.activation().apply(linear1.forward(x)))));
    }

    /** A new layer with the same hyperparameters and a copy of the current weights; dropout generators seeded from {@code gen}. */
    public TransformerDecoderLayer copy(Generator gen) {
        TransformerDecoderLayer c = new TransformerDecoderLayer(dModel, nhead, options, gen);
        c.loadStateDict(stateDict());
        c.train(isTraining());
        return c;
    }

    public MultiheadAttention selfAttn() {
        return selfAttn;
    }

    public MultiheadAttention multiheadAttn() {
        return multiheadAttn;
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
