package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * One Elman step, like {@code torch.nn.RNNCell}: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with
 * {@code act} tanh (default) or ReLU; {@code x [B, I]} (or {@code [I]}), {@code h [B, H]} (zeros if
 * null). Parameters: see {@link RecurrentCell} ({@code weight_ih [H, I]}).
 */
public final class RNNCell extends RecurrentCell {
    /** As {@link #RNNCell(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public RNNCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    public RNNCell(int inputSize, int hiddenSize, Generator gen) {
        this(inputSize, hiddenSize, true, RNN.Nonlinearity.TANH, gen);
    }

    /** As {@link #RNNCell(int, int, boolean, RNN.Nonlinearity, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity) {
        this(inputSize, hiddenSize, bias, nonlinearity, Generator.defaultGenerator());
    }

    public RNNCell(int inputSize, int hiddenSize, boolean bias, RNN.Nonlinearity nonlinearity, Generator gen) {
        super(modeOf(nonlinearity), inputSize, hiddenSize, bias, gen);
    }

    RNNCell(RNN.Nonlinearity nonlinearity, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        super(modeOf(nonlinearity), weightIh, weightHh, biasIh, biasHh);
    }

    private static RecurrentMode modeOf(RNN.Nonlinearity n) {
        if (n == null) throw new IllegalArgumentException("RNNCell: nonlinearity must not be null");
        return n.mode();
    }

    public RNN.Nonlinearity nonlinearity() {
        return mode() == RecurrentMode.RNN_TANH ? RNN.Nonlinearity.TANH : RNN.Nonlinearity.RELU;
    }

    /** {@code h'}; a null {@code h} means zeros. */
    public Tensor forward(Tensor x, Tensor h) {
        return step(x, h, null)[0];
    }

    /** {@code h'} from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity() == RNN.Nonlinearity.RELU ? ", nonlinearity=relu" : "");
    }
}
