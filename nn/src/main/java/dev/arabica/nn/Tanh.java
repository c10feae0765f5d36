package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise hyperbolic tangent. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
