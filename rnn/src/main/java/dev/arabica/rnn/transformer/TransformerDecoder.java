package dev.arabica.rnn.transformer;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.LayerNorm;
import dev.arabica.nn.Module;
import dev.arabica.rnn.attention.AttentionMask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PyTorch 1.13's {@code nn.TransformerDecoder}: {@code numLayers} copies of a decoder layer
 * ({@code layers.0}, ...), each reading the same memory, then an optional final layer norm
 * ({@code norm}). The copies start with the given layer's weights, as in PyTorch.
 */
public class TransformerDecoder extends Module {
    private final List<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    /** As {@link #TransformerDecoder(TransformerDecoderLayer, int, LayerNorm, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerDecoder(TransformerDecoderLayer layer, int numLayers, LayerNorm norm) {
        this(layer, numLayers, norm, Generator.defaultGenerator());
    }

    public TransformerDecoder(TransformerDecoderLayer layer, int numLayers, LayerNorm norm, Generator gen) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerDecoder: numLayers must be positive, got " + numLayers);
        List<TransformerDecoderLayer> list = new ArrayList<>();
        TransformerEncoder.Stack container = registerModule("layers", new TransformerEncoder.Stack());
        for (int i = 0; i < numLayers; i++) list.add(container.add(layer.copy(gen)));
        this.layers = Collections.unmodifiableList(list);
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    /** A decoder needs the memory: use {@link #forward(Tensor, Tensor, AttentionMask, AttentionMask)}. */
    @Override
    public Tensor forward(Tensor tgt) {
        throw new UnsupportedOperationException("TransformerDecoder needs the memory (encoder output): call forward(tgt, memory, tgtMask, memoryMask)");
    }

    /**
     * @param tgtMask {@code tgt_mask}, {@code tgt_key_padding_mask} and causal, for every layer's self-attention
     * @param memoryMask {@code memory_mask} and {@code memory_key_padding_mask}, for every cross-attention
     */
    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        Tensor x = tgt;
        for (TransformerDecoderLayer layer : layers) x = layer.forward(x, memory, tgtMask, memoryMask);
        return norm == null ? x : norm.forward(x);
    }

    public List<TransformerDecoderLayer> layers() {
        return layers;
    }

    public LayerNorm norm() {
        return norm;
    }
}
