package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * A multi-layer Elman network, like {@code torch.nn.RNN}: per layer, direction and step
 * {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with {@code act} tanh (the default) or ReLU.
 * Shapes, parameters ({@code weight_ih_l0} is {@code [H, I]}), variable-length batches and dropout
 * as in {@link LSTM}, without the cell state.
 */
public final class RNN extends RecurrentModule {
    /** The nonlinearity of an Elman network. */
    public enum Nonlinearity {
        TANH, RELU;

        RecurrentMode mode() {
            return this == TANH ? RecurrentMode.RNN_TANH : RecurrentMode.RNN_RELU;
        }
    }

    /** As {@link #RNN(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    /** One tanh layer, with bias, time-major input. */
    public RNN(int inputSize, int hiddenSize, Generator gen) {
        this(RecurrentOptions.of(inputSize, hiddenSize), Nonlinearity.TANH, gen);
    }

    /** As {@link #RNN(RecurrentOptions, Nonlinearity, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public RNN(RecurrentOptions options, Nonlinearity nonlinearity) {
        this(options, nonlinearity, Generator.defaultGenerator());
    }

    public RNN(RecurrentOptions options, Nonlinearity nonlinearity, Generator gen) {
        super(check(nonlinearity).mode(), options, gen);
    }

    private static Nonlinearity check(Nonlinearity n) {
        if (n == null) throw new IllegalArgumentException("RNN: nonlinearity must not be null");
        return n;
    }

    public Nonlinearity nonlinearity() {
        return mode() == RecurrentMode.RNN_TANH ? Nonlinearity.TANH : Nonlinearity.RELU;
    }

    /** Full-length sequences from {@code h0} ({@code [layers * D, B, H]}, or null for zeros). */
    public RnnOutput forward(Tensor x, Tensor h0) {
        return forward(x, h0, (int[]) null);
    }

    /** @param lengths valid steps per batch element, each in {@code [0, T]}, or null for all */
    public RnnOutput forward(Tensor x, Tensor h0, int[] lengths) {
        Tensor[] r = run(x, h0, null, lengths);
        return new RnnOutput(r[0], r[1]);
    }

    /** With a validity mask ({@code [B, T]} with {@code batchFirst}, else {@code [T, B]}; nonzero = valid, valid steps first). */
    public RnnOutput forward(Tensor x, Tensor h0, Tensor mask) {
        return forward(x, h0, lengths(x, mask));
    }

    /** A cell sharing the parameters of one layer and direction; see {@link LSTM#cell(int, boolean)}. */
    public RNNCell cell(int layer, boolean reverse) {
        List<Tensor> w = layerWeights(layer, reverse);
        return new RNNCell(nonlinearity(), w.get(0), w.get(1), w.size() > 2 ? w.get(2) : null, w.size() > 2 ? w.get(3) : null);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity() == Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}
