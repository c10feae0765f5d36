package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * A multi-layer long short-term memory network, like {@code torch.nn.LSTM}. Per layer, direction
 * and step, with {@code x} the layer's input and {@code (h, c)} the previous state:
 * <pre>
 * i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)      f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 * g = tanh(W_ig x + b_ig + W_hg h + b_hg)         o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 * c' = f * c + i * g                               h' = o * tanh(c')
 * </pre>
 * Shapes: input {@code [T, B, I]} ({@code [B, T, I]} with {@code batchFirst}, or unbatched {@code [T, I]});
 * {@code h0}, {@code c0}, {@code h_n}, {@code c_n} {@code [layers * D, B, H]} whatever {@code batchFirst};
 * output {@code [T, B, D*H]} ({@code [B, T, D*H]}). Parameters and their initialisation: see
 * {@link RecurrentModule} (gate blocks {@code i, f, g, o}, so {@code weight_ih_l0} is {@code [4H, I]}).
 *
 * <p>Variable-length batches: pass the valid length of each sequence (or a validity mask). Padded
 * steps leave the state unchanged and output zeros (as PyTorch's {@code pad_packed_sequence}), so
 * {@code h_n}/{@code c_n} hold each sequence's state after its last valid step, and the reverse
 * direction starts at each sequence's own last valid step. Each layer and direction is one fused op
 * (see {@link RnnFunctional}); nothing is modified in place.
 */
public final class LSTM extends RecurrentModule {
    /** As {@link #LSTM(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    /** One layer, with bias, time-major input. */
    public LSTM(int inputSize, int hiddenSize, Generator gen) {
        this(RecurrentOptions.of(inputSize, hiddenSize), gen);
    }

    /** As {@link #LSTM(RecurrentOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LSTM(RecurrentOptions options) {
        this(options, Generator.defaultGenerator());
    }

    public LSTM(RecurrentOptions options, Generator gen) {
        super(RecurrentMode.LSTM, options, gen);
    }

    /** Runs from zero states; see {@link #forward(Tensor, Tensor, Tensor, int[])}. */
    public LstmOutput forward(Tensor x, LstmState state) {
        return forward(x, state == null ? null : state.h(), state == null ? null : state.c(), (int[]) null);
    }

    /** Full-length sequences from {@code (h0, c0)} (each may be null for zeros). */
    public LstmOutput forward(Tensor x, Tensor h0, Tensor c0) {
        return forward(x, h0, c0, (int[]) null);
    }

    /**
     * @param lengths valid steps per batch element, each in {@code [0, T]}, or null for all
     * @throws IllegalArgumentException naming the shapes for a wrong input, state or lengths
     */
    public LstmOutput forward(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        Tensor[] r = run(x, h0, c0, lengths);
        return new LstmOutput(r[0], r[1], r[2]);
    }

    /** With a validity mask ({@code [B, T]} with {@code batchFirst}, else {@code [T, B]}; nonzero = valid, valid steps first). */
    public LstmOutput forward(Tensor x, Tensor h0, Tensor c0, Tensor mask) {
        return forward(x, h0, c0, lengths(x, mask));
    }

    /**
     * A cell that shares this network's parameters of one layer and direction, for step-by-step
     * use of a trained network (sampling): {@code cell(0, false).forward(x_t, state)} equals one step
     * of layer 0.
     */
    public LSTMCell cell(int layer, boolean reverse) {
        List<Tensor> w = layerWeights(layer, reverse);
        return new LSTMCell(w.get(0), w.get(1), w.size() > 2 ? w.get(2) : null, w.size() > 2 ? w.get(3) : null);
    }
}
