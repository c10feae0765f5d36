package dev.arabica.rnn.decoding;

import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One step of an autoregressive model, the only thing the decoders ({@link Decoding},
 * {@link BeamSearch}) need: given the state before a token and the token, return the logits of
 * the next token and the state after it.
 *
 * <p>An RNN cell's state is its hidden (and cell) state; a Transformer decoder, which re-reads
 * the whole prefix, uses the prefix itself as the state ({@link #ofPrefix}). Implementations must
 * not modify the {@code state} they are given: beam search calls {@code step} several times with
 * the same state. Decoders run the model under whatever {@code GradMode} the caller chose; wrap
 * the call in {@code GradMode.noGrad()} when no gradient is needed.
 *
 * @param <S> the state type
 */
@FunctionalInterface
public interface StepModel<S> {
    /**
     * @return the logits of the next token (a tensor of {@code V} values, e.g. {@code [V]} or
     *     {@code [1, V]}) and the state after {@code token}
     */
    Step<S> step(S state, int token);

    /** Next-token logits and the new state. */
    record Step<S>(Tensor logits, S state) {}

    /**
     * A model that maps the whole prefix (start token first) to the logits of the token after it,
     * e.g. a Transformer decoder run on the prefix: the state is the prefix so far (start from an
     * empty array).
     */
    static StepModel<int[]> ofPrefix(Function<int[], Tensor> nextLogits) {
        return (prefix, token) -> {
            int[] p = Arrays.copyOf(prefix, prefix.length + 1);
            p[prefix.length] = token;
            return new Step<>(nextLogits.apply(p), p);
        };
    }
}
