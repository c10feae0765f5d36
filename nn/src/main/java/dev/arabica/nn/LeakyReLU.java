package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise {@code x} for {@code x > 0}, else {@code negativeSlope * x} (default slope 0.01). */
public class LeakyReLU extends Module {
    private final float negativeSlope;

    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = (float) negativeSlope;
    }

    public LeakyReLU() {
        this(0.01);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negativeSlope=" + negativeSlope;
    }
}
