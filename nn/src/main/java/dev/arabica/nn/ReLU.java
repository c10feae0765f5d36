package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Elementwise {@code max(x, 0)} (gradient 0 at 0). */
public class ReLU extends Module {
    /** A ReLU layer (no parameters). */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
