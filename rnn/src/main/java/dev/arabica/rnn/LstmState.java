package dev.arabica.rnn;

import dev.arabica.core.Tensor;

/**
 * An LSTM's hidden and cell state: {@code [B, H]} each for {@link LSTMCell} (or {@code [H]} unbatched),
 * {@code [layers * directions, B, H]} each for {@link LSTM}.
 */
public record LstmState(Tensor h, Tensor c) {
    public LstmState {
        if (h == null || c == null) {
            throw new IllegalArgumentException("LstmState: h and c must not be null (pass a null state for zeros)");
        }
    }

    /** The same state cut from the graph (for truncated backpropagation through time). */
    public LstmState detach() {
        return new LstmState(h.detach(), c.detach());
    }
}
