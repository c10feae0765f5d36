package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * One LSTM step, like {@code torch.nn.LSTMCell}: from input {@code x [B, I]} (or unbatched {@code [I]})
 * and state {@code (h, c)} ({@code [B, H]} each, zeros if absent) computes
 * {@code i, f, g, o = sigmoid, sigmoid, tanh, sigmoid(W_ih x + b_ih + W_hh h + b_hh)} (gate blocks of
 * {@code weight_ih [4H, I]}), {@code c' = f c + i g}, {@code h' = o tanh(c')}. Parameters: see
 * {@link RecurrentCell}.
 */
public final class LSTMCell extends RecurrentCell {
    /** As {@link #LSTMCell(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    public LSTMCell(int inputSize, int hiddenSize, Generator gen) {
        this(inputSize, hiddenSize, true, gen);
    }

    /** As {@link #LSTMCell(int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, Generator.defaultGenerator());
    }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super(RecurrentMode.LSTM, inputSize, hiddenSize, bias, gen);
    }

    LSTMCell(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        super(RecurrentMode.LSTM, weightIh, weightHh, biasIh, biasHh);
    }

    /** The next state {@code (h', c')}; a null {@code state} means zeros. */
    public LstmState forward(Tensor x, LstmState state) {
        Tensor[] r = step(x, state == null ? null : state.h(), state == null ? null : state.c());
        return new LstmState(r[0], r[1]);
    }

    /** {@code h'} from a zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }
}
