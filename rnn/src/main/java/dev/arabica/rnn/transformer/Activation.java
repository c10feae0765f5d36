package dev.arabica.rnn.transformer;

import dev.arabica.core.Tensor;

/** The feed-forward activation of a Transformer layer: PyTorch's {@code "relu"} or {@code "gelu"} (exact, erf form). */
public enum Activation {
    RELU,
    GELU;

    Tensor apply(Tensor x) {
        return this == RELU ? x.relu() : x.gelu();
    }
}
