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
 * PyTorch 1.13's {@code nn.TransformerEncoder}: {@code numLayers} copies of an encoder layer
 * applied in order (children {@code layers.0}, {@code layers.1}, ...), then an optional final
 * layer norm ({@code norm}). As in PyTorch the copies start with the <em>same</em> weights as the
 * given layer ({@code copy.deepcopy}); {@link Transformer} re-initialises them.
 */
public class TransformerEncoder extends Module {
    private final List<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    /** As {@link #TransformerEncoder(TransformerEncoderLayer, int, LayerNorm, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
        this(layer, numLayers, norm, Generator.defaultGenerator());
    }

    /**
     * @param layer the prototype (copied {@code numLayers} times; not itself part of the stack)
     * @param norm final layer norm, or null
     * @param gen seeds the copies' dropout generators
     */
    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm, Generator gen) {
        if (numLayers <= 0) throw new IllegalArgumentException("TransformerEncoder: numLayers must be positive, got " + numLayers);
        List<TransformerEncoderLayer> list = new ArrayList<>();
        Stack container = registerModule("layers", new Stack());
        for (int i = 0; i < numLayers; i++) list.add(container.add(layer.copy(gen)));
        this.layers = Collections.unmodifiableList(list);
        this.norm = norm == null ? null : registerModule("norm", norm);
    }

    @Override
    public Tensor forward(Tensor src) {
        return forward(src, AttentionMask.NONE);
    }

    /** @param mask PyTorch's {@code mask} and {@code src_key_padding_mask} (and causal), given to every layer */
    public Tensor forward(Tensor src, AttentionMask mask) {
        Tensor x = src;
        for (TransformerEncoderLayer layer : layers) x = layer.forward(x, mask);
        return norm == null ? x : norm.forward(x);
    }

    public List<TransformerEncoderLayer> layers() {
        return layers;
    }

    /** The final norm, or null. */
    public LayerNorm norm() {
        return norm;
    }

    /** PyTorch's {@code nn.ModuleList} of layers: children named 0, 1, ... (not callable). */
    static final class Stack extends Module {
        private int size;

        <M extends Module> M add(M m) {
            registerModule(Integer.toString(size++), m);
            return m;
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("a layer list is not callable; iterate over its layers");
        }
    }
}
