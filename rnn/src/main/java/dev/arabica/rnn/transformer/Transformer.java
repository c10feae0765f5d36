package dev.arabica.rnn.transformer;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.LayerNorm;
import dev.arabica.nn.Module;
import dev.arabica.nn.init.Init;
import dev.arabica.rnn.attention.AttentionMask;
import java.util.Map;

/**
 * PyTorch 1.13's {@code nn.Transformer}: an encoder stack and a decoder stack, each ending in a
 * layer norm,
 * <pre>
 *   memory = encoder(src; srcMask)                        encoder.layers.i, encoder.norm
 *   out    = decoder(tgt, memory; tgtMask, memoryMask)    decoder.layers.i, decoder.norm
 * </pre>
 * with {@code src [S, B, dModel]}, {@code tgt [T, B, dModel]} and output {@code [T, B, dModel]}
 * ({@code [B, ., dModel]} with {@code batchFirst}). Inputs are already embedded (add a
 * {@code PositionalEncoding} and an embedding in front, a linear layer behind, as PyTorch's user does).
 * The state dict has PyTorch's names ({@code encoder.layers.0.self_attn.in_proj_weight}, ...), so
 * weights move between the two. After construction every parameter with more than one dim is
 * re-initialised Xavier-uniform, as PyTorch's {@code _reset_parameters}.
 */
public class Transformer extends Module {
    private final int dModel;
    private final boolean batchFirst;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    /** As {@link #Transformer(int, int, int, int, TransformerOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, TransformerOptions options) {
        this(dModel, nhead, numEncoderLayers, numDecoderLayers, options, Generator.defaultGenerator());
    }

    public Transformer(int dModel, int nhead, int numEncoderLayers, int numDecoderLayers, TransformerOptions options, Generator gen) {
        this.dModel = dModel;
        this.batchFirst = options.batchFirst();
        encoder = registerModule("encoder", new TransformerEncoder(new TransformerEncoderLayer(dModel, nhead, options, gen),
                numEncoderLayers, new LayerNorm(new int[] {dModel}, options.layerNormEps(), true), gen));
        decoder = registerModule("decoder", new TransformerDecoder(new TransformerDecoderLayer(dModel, nhead, options, gen),
                numDecoderLayers, new LayerNorm(new int[] {dModel}, options.layerNormEps(), true), gen));
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (e.getValue().dim() > 1) Init.xavierUniform_(e.getValue(), 1.0, gen);
        }
    }

    /** As {@link #Transformer(Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Transformer() {
        this(Generator.defaultGenerator());
    }

    /** PyTorch's defaults: dModel 512, 8 heads, 6 + 6 layers, {@link TransformerOptions#defaults()}. */
    public Transformer(Generator gen) {
        this(512, 8, 6, 6, TransformerOptions.defaults(), gen);
    }

    /** A Transformer needs a source and a target: use {@link #forward(Tensor, Tensor, AttentionMask, AttentionMask, AttentionMask)}. */
    @Override
    public Tensor forward(Tensor x) {
        throw new UnsupportedOperationException("Transformer needs a source and a target: call forward(src, tgt, srcMask, tgtMask, memoryMask)");
    }

    /**
     * @param srcMask PyTorch's {@code src_mask} and {@code src_key_padding_mask}
     * @param tgtMask {@code tgt_mask} (e.g. {@link AttentionMask#causalMask()}) and {@code tgt_key_padding_mask}
     * @param memoryMask {@code memory_mask} and {@code memory_key_padding_mask}
     * @throws IllegalArgumentException if the batch sizes or the feature sizes differ from dModel
     */
    public Tensor forward(Tensor src, Tensor tgt, AttentionMask srcMask, AttentionMask tgtMask, AttentionMask memoryMask) {
        int bd = batchFirst ? 0 : 1;
        boolean batched = src.dim() == 3;
        if (batched && (tgt.dim() != 3 || src.size(bd) != tgt.size(bd))) {
            throw new IllegalArgumentException("Transformer: the batch number of src and tgt must be equal, got "
                    + Shape.format(src.shape()) + " and " + Shape.format(tgt.shape()) + (batchFirst ? " (batch first)" : " (sequence first)"));
        }
        if (src.size(src.dim() - 1) != dModel || tgt.size(tgt.dim() - 1) != dModel) {
            throw new IllegalArgumentException("Transformer: the feature number of src and tgt must be equal to dModel " + dModel
                    + ", got " + Shape.format(src.shape()) + " and " + Shape.format(tgt.shape()));
        }
        Tensor memory = encode(src, srcMask);
        return decode(tgt, memory, tgtMask, memoryMask);
    }

    /** The encoder alone: {@code memory = encoder(src; srcMask)}. */
    public Tensor encode(Tensor src, AttentionMask srcMask) {
        return encoder.forward(src, srcMask);
    }

    /** The decoder alone, e.g. for step-by-step generation from a fixed memory. */
    public Tensor decode(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        return decoder.forward(tgt, memory, tgtMask, memoryMask);
    }

    /** PyTorch's {@code generate_square_subsequent_mask}: float32 {@code [n, n]}, {@code -inf} above the diagonal. */
    public static Tensor generateSquareSubsequentMask(int n) {
        return AttentionMask.squareSubsequentMask(n);
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    public int dModel() {
        return dModel;
    }
}
