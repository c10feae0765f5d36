package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold} (defaults 1 and 20). */
public class Softplus extends Module {
    private final float beta;
    private final float threshold;

    public Softplus(double beta, double threshold) {
        if (!(beta > 0)) throw new IllegalArgumentException("Softplus: beta must be > 0, got " + beta);
        this.beta = (float) beta;
        this.threshold = (float) threshold;
    }

    public Softplus() {
        this(1.0, 20.0);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softplus(beta, threshold);
    }

    @Override
    protected String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
