package dev.arabica.rnn;

/**
 * The four recurrences of PyTorch's {@code RNNBase} (its {@code mode} strings {@code RNN_TANH},
 * {@code RNN_RELU}, {@code LSTM}, {@code GRU}), with the number of gate blocks stacked in their weights.
 *
 * <p>For hidden size {@code H} the weights {@code weight_ih} and {@code weight_hh} have
 * {@code gates() * H} rows, gate blocks in PyTorch's order:
 * <ul>
 *   <li>{@link #RNN_TANH}, {@link #RNN_RELU}: one block, {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)};</li>
 *   <li>{@link #LSTM}: {@code i, f, g, o}; {@code c' = f * c + i * g}, {@code h' = o * tanh(c')};</li>
 *   <li>{@link #GRU}: {@code r, z, n}; {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))},
 *       {@code h' = (1 - z) * n + z * h}.</li>
 * </ul>
 */
public enum RecurrentMode {
    RNN_TANH(1, "rnn_tanh"),
    RNN_RELU(1, "rnn_relu"),
    LSTM(4, "lstm"),
    GRU(3, "gru");

    private final int gates;
    private final String opName;

    RecurrentMode(int gates, String opName) {
        this.gates = gates;
        this.opName = opName;
    }

    /** Number of {@code H}-row gate blocks in {@code weight_ih} and {@code weight_hh}. */
    public int gates() {
        return gates;
    }

    /** The op name used in error messages ({@code lstm}, {@code gru}, {@code rnn_tanh}, {@code rnn_relu}). */
    public String opName() {
        return opName;
    }

    /** True for the LSTM, the only mode with a cell state. */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
