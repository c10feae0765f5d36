package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * 2-D max pooling layer, {@code torch.nn.MaxPool2d}: {@code [N, C, H, W]} to {@code [N, C, H_out, W_out]}
 * by {@link CnnFunctional#maxPool2d}. No parameters.
 */
public class MaxPool2d extends Module {
    private final PoolOptions options;

    /** Kernel, stride, padding, dilation and ceil mode from {@code options}. */
    public MaxPool2d(PoolOptions options) {
        if (options == null) throw new IllegalArgumentException("MaxPool2d: options must not be null");
        this.options = options;
    }

    /** A {@code kernel x kernel} window with stride {@code kernel}. */
    public MaxPool2d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel x kernel} window with the given stride. */
    public MaxPool2d(int kernel, int stride) {
        this(PoolOptions.of(kernel).stride(stride));
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.maxPool2d(x, options);
    }

    /** The values and the flat in-plane index of each maximum (PyTorch's {@code return_indices=True}). */
    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return CnnFunctional.maxPool2dWithIndices(x, options);
    }

    public PoolOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return options.toString();
    }
}
