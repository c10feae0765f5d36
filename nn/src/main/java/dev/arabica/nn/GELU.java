package dev.arabica.nn;

import dev.arabica.core.Tensor;

/**
 * Gaussian error linear unit {@code x * Phi(x)}; with {@link Approximate#TANH} the tanh form
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 */
public class GELU extends Module {
    /** PyTorch's {@code approximate='none' | 'tanh'}. */
    public enum Approximate { NONE, TANH }

    private final Approximate approximate;

    public GELU(Approximate approximate) {
        if (approximate == null) throw new IllegalArgumentException("GELU: approximate must not be null");
        this.approximate = approximate;
    }

    /** Exact GELU. */
    public GELU() {
        this(Approximate.NONE);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.gelu(approximate == Approximate.TANH);
    }

    @Override
    protected String extraRepr() {
        return "approximate=" + approximate.name().toLowerCase(java.util.Locale.ROOT);
    }
}
