package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Returns its input unchanged (a placeholder, e.g. to switch a layer off). */
public class Identity extends Module {
    /** An identity layer (no parameters). */
    public Identity() {}

    @Override
    public Tensor forward(Tensor x) {
        return x;
    }
}
