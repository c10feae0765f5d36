package dev.arabica.nn.train;

import dev.arabica.core.Tensor;
import java.util.Map;

/**
 * Something whose state belongs in a training checkpoint besides the model, optimizer and
 * scheduler: a callback's best value so far, a user's random-number state, ... Callbacks that
 * implement it are saved and restored by {@link Trainer#saveCheckpoint} and {@link Trainer#resume};
 * other components are registered with {@link Trainer#track}.
 *
 * <p>Keys must not be empty. Values should be exact: store a {@code double} as its raw bits in an
 * int64 tensor ({@link #doubleState}) rather than rounding it to float32.
 */
public interface Stateful {

    /** A snapshot of the state (copies, not live tensors). */
    Map<String, Tensor> stateDict();

    /** Restores a state written by {@link #stateDict()}. */
    void loadStateDict(Map<String, Tensor> state);

    /**
     * A generator's state as a checkpoint component, e.g.
     * {@code trainer.track("dropout", Stateful.of(dropout.generator()))} or the shuffling generator of
     * a {@link dev.arabica.nn.data.DataLoader}: the resumed run then draws the same numbers.
     */
    static Stateful of(dev.arabica.core.Generator generator) {
        return new Stateful() {
            @Override
            public Map<String, Tensor> stateDict() {
                return Map.of("generator", Tensor.ofLongs(generator.state(), 3));
            }

            @Override
            public void loadStateDict(Map<String, Tensor> state) {
                Tensor t = state.get("generator");
                if (t == null || t.dtype() != dev.arabica.core.DType.INT64 || t.numel() != 3) {
                    throw new IllegalArgumentException("generator state must be an int64 tensor of 3 values, got " + t);
                }
                generator.setState(t.toLongArray());
            }
        };
    }

    /** A 0-d int64 tensor holding the raw bits of {@code value}: round-trips every double exactly. */
    static Tensor doubleState(double value) {
        return Tensor.ofLongs(new long[] {Double.doubleToRawLongBits(value)});
    }

    /** The double stored by {@link #doubleState}. */
    static double readDouble(Map<String, Tensor> state, String key) {
        return Double.longBitsToDouble(readLong(state, key));
    }

    /** The value of a 0-d int64 entry. */
    static long readLong(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) throw new IllegalArgumentException("missing state key '" + key + "' (keys: " + state.keySet() + ")");
        if (t.dtype() != dev.arabica.core.DType.INT64 || t.numel() != 1) {
            throw new IllegalArgumentException("state key '" + key + "' must be a one-element int64 tensor, got " + t);
        }
        return t.toLongArray()[0];
    }
}
