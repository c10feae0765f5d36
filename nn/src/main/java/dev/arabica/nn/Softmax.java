package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Softmax over {@code dim}: {@code exp(x) / sum(exp(x))}, computed stably. */
public class Softmax extends Module {
    private final int dim;

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
