package dev.arabica.rnn;

import dev.arabica.core.Tensor;

/**
 * What {@link RNN} and {@link GRU} return (PyTorch's {@code output, h_n}).
 *
 * @param output the last layer's hidden state at every step, {@code [T, B, D*H]} ({@code [B, T, D*H]}
 *     with {@code batchFirst}; {@code [T, D*H]} for unbatched input); forward direction in the first
 *     {@code H} features, reverse direction in the next {@code H}; zero at padded steps
 * @param hN every layer's and direction's final state, {@code [layers * D, B, H]} (index
 *     {@code layer * D + direction}); for a padded sequence the state after its last valid step
 */
public record RnnOutput(Tensor output, Tensor hN) {}
