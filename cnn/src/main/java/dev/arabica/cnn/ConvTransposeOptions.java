package dev.arabica.cnn;

/**
 * Hyperparameters of {@link ConvTranspose2d} and {@link CnnFunctional#convTranspose2d}, with
 * PyTorch's defaults: stride 1, padding 0, output padding 0, dilation 1, groups 1, with bias.
 * Immutable; each method returns a changed copy, e.g. {@code ConvTransposeOptions.DEFAULT.stride(2)}.
 *
 * <p>The output size is {@code (in - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1};
 * {@code outputPadding} (which must be smaller than the stride or the dilation) picks among the
 * input sizes that a strided convolution maps to the same output size. {@link #bias()} matters to
 * the layer only.
 */
public record ConvTransposeOptions(int strideHeight, int strideWidth, int paddingHeight, int paddingWidth,
                                   int outputPaddingHeight, int outputPaddingWidth, int dilationHeight, int dilationWidth,
                                   int groups, boolean bias) {
    /** Stride 1, padding 0, output padding 0, dilation 1, groups 1, with bias. */
    public static final ConvTransposeOptions DEFAULT = new ConvTransposeOptions(1, 1, 0, 0, 0, 0, 1, 1, 1, true);

    public ConvTransposeOptions {
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException("ConvTransposeOptions: stride must be >= 1, got (" + strideHeight + ", " + strideWidth + ")");
        }
        if (paddingHeight < 0 || paddingWidth < 0) {
            throw new IllegalArgumentException("ConvTransposeOptions: padding must be >= 0, got (" + paddingHeight + ", " + paddingWidth + ")");
        }
        if (dilationHeight < 1 || dilationWidth < 1) {
            throw new IllegalArgumentException("ConvTransposeOptions: dilation must be >= 1, got (" + dilationHeight + ", " + dilationWidth + ")");
        }
        if (groups < 1) throw new IllegalArgumentException("ConvTransposeOptions: groups must be >= 1, got " + groups);
        if (outputPaddingHeight < 0 || outputPaddingWidth < 0
                || (outputPaddingHeight >= strideHeight && outputPaddingHeight >= dilationHeight)
                || (outputPaddingWidth >= strideWidth && outputPaddingWidth >= dilationWidth)) {
            throw new IllegalArgumentException("ConvTransposeOptions: output padding must be >= 0 and smaller than either stride or dilation, got output padding ("
                    + outputPaddingHeight + ", " + outputPaddingWidth + "), stride (" + strideHeight + ", " + strideWidth
                    + "), dilation (" + dilationHeight + ", " + dilationWidth + ")");
        }
    }

    public ConvTransposeOptions stride(int stride) {
        return stride(stride, stride);
    }

    public ConvTransposeOptions stride(int height, int width) {
        return new ConvTransposeOptions(height, width, paddingHeight, paddingWidth, outputPaddingHeight, outputPaddingWidth,
                dilationHeight, dilationWidth, groups, bias);
    }

    public ConvTransposeOptions padding(int padding) {
        return padding(padding, padding);
    }

    public ConvTransposeOptions padding(int height, int width) {
        return new ConvTransposeOptions(strideHeight, strideWidth, height, width, outputPaddingHeight, outputPaddingWidth,
                dilationHeight, dilationWidth, groups, bias);
    }

    public ConvTransposeOptions outputPadding(int outputPadding) {
        return outputPadding(outputPadding, outputPadding);
    }

    public ConvTransposeOptions outputPadding(int height, int width) {
        return new ConvTransposeOptions(strideHeight, strideWidth, paddingHeight, paddingWidth, height, width,
                dilationHeight, dilationWidth, groups, bias);
    }

    public ConvTransposeOptions dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    public ConvTransposeOptions dilation(int height, int width) {
        return new ConvTransposeOptions(strideHeight, strideWidth, paddingHeight, paddingWidth, outputPaddingHeight,
                outputPaddingWidth, height, width, groups, bias);
    }

    public ConvTransposeOptions groups(int groups) {
        return new ConvTransposeOptions(strideHeight, strideWidth, paddingHeight, paddingWidth, outputPaddingHeight,
                outputPaddingWidth, dilationHeight, dilationWidth, groups, bias);
    }

    public ConvTransposeOptions bias(boolean bias) {
        return new ConvTransposeOptions(strideHeight, strideWidth, paddingHeight, paddingWidth, outputPaddingHeight,
                outputPaddingWidth, dilationHeight, dilationWidth, groups, bias);
    }

    @Override
    public String toString() {
        return "stride=" + ConvOptions.pair(strideHeight, strideWidth) + ", padding=" + ConvOptions.pair(paddingHeight, paddingWidth)
                + ", outputPadding=" + ConvOptions.pair(outputPaddingHeight, outputPaddingWidth) + ", dilation="
                + ConvOptions.pair(dilationHeight, dilationWidth) + ", groups=" + groups + ", bias=" + bias;
    }
}
