package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise hyperbolic tangent. */
public class Tanh extends Module {
    /** A tanh layer (no parameters). */
    public Tanh() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
