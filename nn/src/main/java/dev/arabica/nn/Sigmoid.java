package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise {@code 1 / (1 + exp(-x))}. */
public class Sigmoid extends Module {
    /** A sigmoid layer (no parameters). */
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.sigmoid();
    }
}
