package dev.arabica.cnn;

/**
 * Hyperparameters of {@link MaxPool2d}, {@link AvgPool2d} and their functional forms, with
 * PyTorch's defaults: stride = kernel size, padding 0, dilation 1, floor mode, padded zeros counted
 * in averages, no divisor override. Immutable; each method returns a changed copy:
 *
 * <pre>{@code
 * new MaxPool2d(PoolOptions.of(3).stride(2).padding(1));   // ResNet's stem
 * new AvgPool2d(PoolOptions.of(2).ceilMode(true).countIncludePad(false));
 * }</pre>
 *
 * <ul>
 *   <li>{@code ceilMode}: output size {@code ceil} instead of {@code floor} of
 *       {@code (in + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1}, except that a window
 *       starting in the right/bottom padding is dropped.</li>
 *   <li>{@code countIncludePad} (average only): divide by the window area including padding
 *       (clipped at the padded edge), else by the number of input elements.</li>
 *   <li>{@code divisorOverride} (average only, 0 = none): divide every window sum by this number.</li>
 *   <li>dilation (max only): spacing between window elements.</li>
 * </ul>
 * Padding must be at most half the kernel size, as in PyTorch.
 */
public record PoolOptions(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                          int paddingHeight, int paddingWidth, int dilationHeight, int dilationWidth,
                          boolean ceilMode, boolean countIncludePad, int divisorOverride) {

    public PoolOptions {
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("PoolOptions: kernel size must be >= 1, got (" + kernelHeight + ", " + kernelWidth + ")");
        }
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException("PoolOptions: stride must be >= 1, got (" + strideHeight + ", " + strideWidth + ")");
        }
        if (dilationHeight < 1 || dilationWidth < 1) {
            throw new IllegalArgumentException("PoolOptions: dilation must be >= 1, got (" + dilationHeight + ", " + dilationWidth + ")");
        }
        if (paddingHeight < 0 || paddingWidth < 0 || paddingHeight > kernelHeight / 2 || paddingWidth > kernelWidth / 2) {
            throw new IllegalArgumentException("PoolOptions: padding must be >= 0 and at most half the kernel size, got padding ("
                    + paddingHeight + ", " + paddingWidth + ") for kernel (" + kernelHeight + ", " + kernelWidth + ")");
        }
        if (divisorOverride < 0) {
            throw new IllegalArgumentException("PoolOptions: divisor override must be > 0 (or 0 for none), got " + divisorOverride);
        }
    }

    /** A {@code kernel x kernel} window with stride {@code kernel}. */
    public static PoolOptions of(int kernel) {
        return of(kernel, kernel);
    }

    /** A {@code height x width} window with the same stride. */
    public static PoolOptions of(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("PoolOptions: kernel size must be >= 1, got (" + height + ", " + width + ")");
        }
        return new PoolOptions(height, width, height, width, 0, 0, 1, 1, false, true, 0);
    }

    public PoolOptions stride(int stride) {
        return stride(stride, stride);
    }

    public PoolOptions stride(int height, int width) {
        return new PoolOptions(kernelHeight, kernelWidth, height, width, paddingHeight, paddingWidth, dilationHeight,
                dilationWidth, ceilMode, countIncludePad, divisorOverride);
    }

    public PoolOptions padding(int padding) {
        return padding(padding, padding);
    }

    public PoolOptions padding(int height, int width) {
        return new PoolOptions(kernelHeight, kernelWidth, strideHeight, strideWidth, height, width, dilationHeight,
                dilationWidth, ceilMode, countIncludePad, divisorOverride);
    }

    public PoolOptions dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    public PoolOptions dilation(int height, int width) {
        return new PoolOptions(kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth, height,
                width, ceilMode, countIncludePad, divisorOverride);
    }

    public PoolOptions ceilMode(boolean ceilMode) {
        return new PoolOptions(kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth,
                dilationHeight, dilationWidth, ceilMode, countIncludePad, divisorOverride);
    }

    public PoolOptions countIncludePad(boolean countIncludePad) {
        return new PoolOptions(kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth,
                dilationHeight, dilationWidth, ceilMode, countIncludePad, divisorOverride);
    }

    /** Divide average-pooling sums by {@code divisor} ({@code > 0}), or 0 for the default divisor. */
    public PoolOptions divisorOverride(int divisor) {
        return new PoolOptions(kernelHeight, kernelWidth, strideHeight, strideWidth, paddingHeight, paddingWidth,
                dilationHeight, dilationWidth, ceilMode, countIncludePad, divisor);
    }

    /** The output length of one dim, PyTorch's {@code pooling_output_shape}. */
    static int outputSize(int in, int kernel, int pad, int stride, int dilation, boolean ceil) {
        long numerator = (long) in + 2L * pad - (long) dilation * (kernel - 1) - 1 + (ceil ? stride - 1 : 0);
        long out = Math.floorDiv(numerator, stride) + 1;
        if (ceil && (out - 1) * stride >= in + pad) out--;
        return (int) out;
    }

    @Override
    public String toString() {
        return "kernelSize=" + ConvOptions.pair(kernelHeight, kernelWidth) + ", stride=" + ConvOptions.pair(strideHeight, strideWidth)
                + ", padding=" + ConvOptions.pair(paddingHeight, paddingWidth) + ", dilation="
                + ConvOptions.pair(dilationHeight, dilationWidth) + ", ceilMode=" + ceilMode;
    }
}
