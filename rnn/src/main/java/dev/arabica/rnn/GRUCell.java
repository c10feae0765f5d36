package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * One GRU step, like {@code torch.nn.GRUCell}: from {@code x [B, I]} (or {@code [I]}) and {@code h}
 * ({@code [B, H]}, zeros if null) computes {@code r, z = sigmoid(W_i x + b_i + W_h h + b_h)},
 * {@code n = tanh(W_in x + b_in + r (W_hn h + b_hn))}, {@code h' = (1 - z) n + z h} (gate blocks
 * {@code r, z, n} of {@code weight_ih [3H, I]}). Parameters: see {@link RecurrentCell}.
 */
public final class GRUCell extends RecurrentCell {
    /** As {@link #GRUCell(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public GRUCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    public GRUCell(int inputSize, int hiddenSize, Generator gen) {
        this(inputSize, hiddenSize, true, gen);
    }

    /** As {@link #GRUCell(int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, Generator.defaultGenerator());
    }

    public GRUCell(int inputSize, int hiddenSize, boolean bias, Generator gen) {
        super(RecurrentMode.GRU, inputSize, hiddenSize, bias, gen);
    }

    GRUCell(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        super(RecurrentMode.GRU, weightIh, weightHh, biasIh, biasHh);
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
}
