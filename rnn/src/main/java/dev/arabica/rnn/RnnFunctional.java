package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * Stateless forms of the layers of this module, like {@code torch.nn.functional.embedding} and
 * PyTorch's {@code _VF.lstm} / {@code _VF.gru} / {@code _VF.rnn_tanh}: the weights are arguments.
 * The modules ({@link Embedding}, {@link RNN}, {@link LSTM}, {@link GRU} and the cells) call these.
 *
 * <p>Recurrent weights come as one flat list in PyTorch's {@code _flat_weights} order: for each
 * layer, for each direction (forward, then reverse), {@code weight_ih [G*H, in]},
 * {@code weight_hh [G*H, H]} and, with bias, {@code bias_ih [G*H]}, {@code bias_hh [G*H]}
 * ({@code G} gate blocks, see {@link RecurrentMode}; {@code in} is the input size for layer 0 and
 * {@code D*H} above). Each layer and direction runs as one fused op over the whole sequence (see
 * {@link RecurrentLayerOp}), so backpropagation through thousands of steps needs no deep graph.
 */
public final class RnnFunctional {
    private RnnFunctional() {}

    // ------------------------------------------------------------------ embedding

    /** {@code weight[indices]}: see {@link #embedding(Tensor, Tensor, Integer, boolean)}. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return EmbeddingOp.embedding(indices, weight, null, false);
    }

    /**
     * Looks up rows: {@code out[..., :] = weight[indices[...], :]}, shape {@code indices.shape + [dim]}.
     * The gradient of {@code weight} adds the upstream rows of every occurrence of an index (rows never
     * looked up get 0); the {@code paddingIdx} row gets none.
     *
     * @param indices int64 of any shape, each in {@code [0, numEmbeddings)}
     * @param weight {@code [numEmbeddings, dim]}
     * @param paddingIdx row that receives no gradient, or null; negative counts from the end
     * @param scaleGradByFreq divide each row's gradient by how often its index occurs in {@code indices}
     * @throws IllegalArgumentException for an out-of-range index (naming it and its position), non-int64
     *     indices or a weight that is not 2-D
     */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx, boolean scaleGradByFreq) {
        return EmbeddingOp.embedding(indices, weight, paddingIdx, scaleGradByFreq);
    }

    /**
     * {@link #embedding(Tensor, Tensor, Integer, boolean)} with {@code max_norm}: first, every row that
     * {@code indices} looks up and whose {@code normType}-norm exceeds {@code maxNorm} is scaled <b>in
     * place</b> (in {@code weight}'s storage, not recorded by autograd) to norm
     * {@code maxNorm / (norm + 1e-7) * norm}, as PyTorch's {@code embedding_renorm_}; then the lookup.
     *
     * @param maxNorm the largest norm a looked-up row keeps, or null for no renormalisation
     * @param normType the {@code p} of the p-norm (PyTorch's default 2)
     */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx, Double maxNorm, double normType,
                                   boolean scaleGradByFreq) {
        return EmbeddingOp.embedding(indices, weight, paddingIdx, maxNorm, normType, scaleGradByFreq);
    }

    // ------------------------------------------------------------------ sequences

    /**
     * A multi-layer LSTM over whole sequences, no padding, no dropout (eval).
     *
     * @param x {@code [T, B, I]} ({@code [B, T, I]} with {@code batchFirst}) or unbatched {@code [T, I]}
     * @param h0 {@code [layers * D, B, H]} or null for zeros; {@code c0} likewise
     */
    public static LstmOutput lstm(Tensor x, Tensor h0, Tensor c0, List<Tensor> weights, RecurrentOptions options) {
        return lstm(x, h0, c0, weights, options, null, false, null);
    }

    /** As {@link #lstm(Tensor, Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static LstmOutput lstm(Tensor x, Tensor h0, Tensor c0, List<Tensor> weights, RecurrentOptions options, int[] lengths, boolean training) {
        return lstm(x, h0, c0, weights, options, lengths, training, Generator.defaultGenerator());
    }

    /**
     * A multi-layer LSTM: per step {@code i, f, g, o = sigma, sigma, tanh, sigma(W_ih x + b_ih + W_hh h + b_hh)},
     * {@code c' = f c + i g}, {@code h' = o tanh(c')}.
     *
     * @param lengths valid steps per batch element ({@code [B]}, each in {@code [0, T]}), or null for all
     *     {@code T}: padded steps do not change the state, their output is 0 and their output gradient is ignored
     * @param training apply dropout between layers (if {@code options.dropout() > 0})
     * @param dropoutGenerator draws the dropout masks; needed only when they are drawn
     */
    public static LstmOutput lstm(Tensor x, Tensor h0, Tensor c0, List<Tensor> weights, RecurrentOptions options,
                                  int[] lengths, boolean training, Generator dropoutGenerator) {
        Tensor[] r = run(RecurrentMode.LSTM, x, h0, c0, weights, options, lengths, training, dropoutGenerator);
        return new LstmOutput(r[0], r[1], r[2]);
    }

    /** A multi-layer GRU, no padding, no dropout; see {@link #gru(Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}. */
    public static RnnOutput gru(Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options) {
        return gru(x, h0, weights, options, null, false, null);
    }

    /** As {@link #gru(Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static RnnOutput gru(Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options, int[] lengths, boolean training) {
        return gru(x, h0, weights, options, lengths, training, Generator.defaultGenerator());
    }

    /**
     * A multi-layer GRU: per step {@code r, z = sigma(W_i x + b_i + W_h h + b_h)} (their gate blocks),
     * {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h}. Arguments as
     * {@link #lstm(Tensor, Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}.
     */
    public static RnnOutput gru(Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options, int[] lengths,
                                boolean training, Generator dropoutGenerator) {
        Tensor[] r = run(RecurrentMode.GRU, x, h0, null, weights, options, lengths, training, dropoutGenerator);
        return new RnnOutput(r[0], r[1]);
    }

    /** An Elman RNN, no padding, no dropout; see {@link #rnn(RecurrentMode, Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}. */
    public static RnnOutput rnn(RecurrentMode mode, Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options) {
        return rnn(mode, x, h0, weights, options, null, false, null);
    }

    /** As {@link #rnn(RecurrentMode, Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static RnnOutput rnn(RecurrentMode mode, Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options, int[] lengths, boolean training) {
        return rnn(mode, x, h0, weights, options, lengths, training, Generator.defaultGenerator());
    }

    /**
     * An Elman RNN: per step {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with {@code act = tanh}
     * ({@link RecurrentMode#RNN_TANH}) or {@code relu} ({@link RecurrentMode#RNN_RELU}). Arguments as
     * {@link #lstm(Tensor, Tensor, Tensor, List, RecurrentOptions, int[], boolean, Generator)}.
     */
    public static RnnOutput rnn(RecurrentMode mode, Tensor x, Tensor h0, List<Tensor> weights, RecurrentOptions options,
                                int[] lengths, boolean training, Generator dropoutGenerator) {
        if (mode != RecurrentMode.RNN_TANH && mode != RecurrentMode.RNN_RELU) {
            throw new IllegalArgumentException("rnn: mode must be RNN_TANH or RNN_RELU, got " + mode);
        }
        Tensor[] r = run(mode, x, h0, null, weights, options, lengths, training, dropoutGenerator);
        return new RnnOutput(r[0], r[1]);
    }

    /**
     * Sequence lengths from a validity mask: {@code [B, T]} if {@code batchFirst}, else {@code [T, B]};
     * nonzero marks a valid step, and each sequence's valid steps must come first.
     *
     * @throws IllegalArgumentException if the shape is wrong or a valid step follows padding
     */
    public static int[] lengthsFromMask(Tensor mask, boolean batchFirst) {
        if (mask == null || mask.dim() != 2) {
            throw new IllegalArgumentException("lengthsFromMask: mask must be 2-D, got "
                    + (mask == null ? "null" : "shape " + Shape.format(mask.shape())));
        }
        int steps = batchFirst ? mask.size(1) : mask.size(0), batch = batchFirst ? mask.size(0) : mask.size(1);
        return Recurrence.lengthsFromMask("lengthsFromMask", mask, steps, batch, batchFirst);
    }

    private static Tensor[] run(RecurrentMode mode, Tensor x, Tensor h0, Tensor c0, List<Tensor> weights,
                                RecurrentOptions o, int[] lengths, boolean training, Generator gen) {
        if (x != null && (x.dim() == 2 || x.dim() == 3) && x.size(-1) != o.inputSize()) {
            throw new IllegalArgumentException(mode.opName() + ": input of shape " + Shape.format(x.shape()) + " has "
                    + x.size(-1) + " features per step, expected inputSize " + o.inputSize());
        }
        return Recurrence.run(mode, x, h0, c0, weights, o.hiddenSize(), o.numLayers(), o.bias(), o.batchFirst(),
                o.dropout(), o.bidirectional(), lengths, training, gen);
    }

    // ------------------------------------------------------------------ cells

    /**
     * One LSTM step ({@code torch.nn.functional}-style form of {@link LSTMCell}).
     *
     * @param x {@code [B, I]} or unbatched {@code [I]}
     * @param state {@code h, c} of shape {@code [B, H]} (or {@code [H]}), or null for zeros
     * @param weightIh {@code [4H, I]}; {@code weightHh} {@code [4H, H]}; biases {@code [4H]} or both null
     * @return {@code h', c'}
     */
    public static LstmState lstmCell(Tensor x, LstmState state, Tensor weightIh, Tensor weightHh, Tensor biasIh,
                                     Tensor biasHh) {
        Tensor[] r = Cells.step(RecurrentMode.LSTM, x, state == null ? null : state.h(), state == null ? null : state.c(),
                weightIh, weightHh, biasIh, biasHh);
        return new LstmState(r[0], r[1]);
    }

    /** One GRU step: {@code x [B, I]} (or {@code [I]}), {@code h [B, H]} or null; weights {@code [3H, ...]}; returns {@code h'}. */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        return Cells.step(RecurrentMode.GRU, x, h, null, weightIh, weightHh, biasIh, biasHh)[0];
    }

    /** One Elman step ({@code mode} RNN_TANH or RNN_RELU); weights {@code [H, ...]}; returns {@code h'}. */
    public static Tensor rnnCell(RecurrentMode mode, Tensor x, Tensor h, Tensor weightIh, Tensor weightHh, Tensor biasIh,
                                 Tensor biasHh) {
        if (mode != RecurrentMode.RNN_TANH && mode != RecurrentMode.RNN_RELU) {
            throw new IllegalArgumentException("rnnCell: mode must be RNN_TANH or RNN_RELU, got " + mode);
        }
        return Cells.step(mode, x, h, null, weightIh, weightHh, biasIh, biasHh)[0];
    }
}
