package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise {@code x} for {@code x > 0}, else {@code alpha * (exp(x) - 1)} (default alpha 1). */
public class ELU extends Module {
    private final float alpha;

    public ELU(double alpha) {
        this.alpha = (float) alpha;
    }

    public ELU() {
        this(1.0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}
