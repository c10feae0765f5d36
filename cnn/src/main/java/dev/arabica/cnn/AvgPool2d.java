package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * 2-D average pooling layer, {@code torch.nn.AvgPool2d}: {@code [N, C, H, W]} to {@code [N, C, H_out, W_out]}
 * by {@link CnnFunctional#avgPool2d} (divisor rules in {@link PoolOptions}). No parameters.
 */
public class AvgPool2d extends Module {
    private final PoolOptions options;

    /** Kernel, stride, padding, ceil mode, countIncludePad and divisorOverride from {@code options} (dilation must be 1). */
    public AvgPool2d(PoolOptions options) {
        if (options == null) throw new IllegalArgumentException("AvgPool2d: options must not be null");
        if (options.dilationHeight() != 1 || options.dilationWidth() != 1) {
            throw new IllegalArgumentException("AvgPool2d: average pooling has no dilation, got (" + options.dilationHeight() + ", "
                    + options.dilationWidth() + ")");
        }
        this.options = options;
    }

    /** A {@code kernel x kernel} window with stride {@code kernel}. */
    public AvgPool2d(int kernel) {
        this(PoolOptions.of(kernel));
    }

    /** A {@code kernel x kernel} window with the given stride. */
    public AvgPool2d(int kernel, int stride) {
        this(PoolOptions.of(kernel).stride(stride));
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.avgPool2d(x, options);
    }

    public PoolOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return options + ", countIncludePad=" + options.countIncludePad()
                + (options.divisorOverride() > 0 ? ", divisorOverride=" + options.divisorOverride() : "");
    }
}
