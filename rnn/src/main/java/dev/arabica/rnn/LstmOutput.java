package dev.arabica.rnn;

import dev.arabica.core.Tensor;

/**
 * What {@link LSTM} returns (PyTorch's {@code output, (h_n, c_n)}).
 *
 * @param output the last layer's hidden state at every step, {@code [T, B, D*H]} ({@code [B, T, D*H]}
 *     with {@code batchFirst}; {@code [T, D*H]} for unbatched input); zero at padded steps
 * @param hN final hidden states, {@code [layers * D, B, H]} (index {@code layer * D + direction})
 * @param cN final cell states, {@code [layers * D, B, H]}
 */
public record LstmOutput(Tensor output, Tensor hN, Tensor cN) {
    /** The final states as one {@link LstmState}, to carry into the next chunk of a sequence. */
    public LstmState state() {
        return new LstmState(hN, cN);
    }
}
