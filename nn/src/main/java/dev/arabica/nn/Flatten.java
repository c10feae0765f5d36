package dev.arabica.nn;

import dev.arabica.core.Tensor;

/** Flattens dims {@code startDim..endDim} (inclusive) into one; by default all but the batch dim. */
public class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /** {@code Flatten(1, -1)}: {@code [N, ...]} to {@code [N, prod(...)]}. */
    public Flatten() {
        this(1, -1);
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "startDim=" + startDim + ", endDim=" + endDim;
    }
}
