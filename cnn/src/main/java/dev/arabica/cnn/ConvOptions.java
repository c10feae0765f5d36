package dev.arabica.cnn;

/**
 * Hyperparameters of {@link Conv2d}, {@link Conv1d} and {@link CnnFunctional#conv2d}, with
 * PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, with bias. Immutable; each
 * {@code with}-style method returns a changed copy:
 *
 * <pre>{@code
 * new Conv2d(64, 128, 3, ConvOptions.DEFAULT.stride(2).padding(1).bias(false), gen);
 * new Conv2d(32, 32, 3, ConvOptions.DEFAULT.padding(Padding.SAME).groups(32), gen); // depthwise
 * }</pre>
 *
 * For 1-D convolutions each pair must hold one value (set with the one-argument forms).
 * {@link #bias()} matters to the layers only: the functional form takes the bias tensor (or null).
 */
public record ConvOptions(int strideHeight, int strideWidth, Padding padding, int dilationHeight, int dilationWidth,
                          int groups, boolean bias) {
    /** Stride 1, padding 0, dilation 1, groups 1, with bias. */
    public static final ConvOptions DEFAULT = new ConvOptions(1, 1, Padding.of(0), 1, 1, 1, true);

    public ConvOptions {
        if (strideHeight < 1 || strideWidth < 1) {
            throw new IllegalArgumentException("ConvOptions: stride must be >= 1, got (" + strideHeight + ", " + strideWidth + ")");
        }
        if (dilationHeight < 1 || dilationWidth < 1) {
            throw new IllegalArgumentException("ConvOptions: dilation must be >= 1, got (" + dilationHeight + ", " + dilationWidth + ")");
        }
        if (groups < 1) throw new IllegalArgumentException("ConvOptions: groups must be >= 1, got " + groups);
        if (padding == null) throw new IllegalArgumentException("ConvOptions: padding must not be null");
        if (padding.mode() == Padding.Mode.SAME && (strideHeight != 1 || strideWidth != 1)) {
            throw new IllegalArgumentException("ConvOptions: padding='same' is not supported for strided convolutions, got stride ("
                    + strideHeight + ", " + strideWidth + ")");
        }
    }

    public ConvOptions stride(int stride) {
        return stride(stride, stride);
    }

    public ConvOptions stride(int height, int width) {
        return new ConvOptions(height, width, padding, dilationHeight, dilationWidth, groups, bias);
    }

    public ConvOptions padding(int padding) {
        return padding(Padding.of(padding));
    }

    public ConvOptions padding(int height, int width) {
        return padding(Padding.of(height, width));
    }

    /** Explicit, {@link Padding#SAME} or {@link Padding#VALID}. */
    public ConvOptions padding(Padding padding) {
        return new ConvOptions(strideHeight, strideWidth, padding, dilationHeight, dilationWidth, groups, bias);
    }

    public ConvOptions dilation(int dilation) {
        return dilation(dilation, dilation);
    }

    public ConvOptions dilation(int height, int width) {
        return new ConvOptions(strideHeight, strideWidth, padding, height, width, groups, bias);
    }

    /** Input and output channels are split into {@code groups} blocks; {@code groups == inChannels} is a depthwise convolution. */
    public ConvOptions groups(int groups) {
        return new ConvOptions(strideHeight, strideWidth, padding, dilationHeight, dilationWidth, groups, bias);
    }

    public ConvOptions bias(boolean bias) {
        return new ConvOptions(strideHeight, strideWidth, padding, dilationHeight, dilationWidth, groups, bias);
    }

    @Override
    public String toString() {
        return "stride=" + pair(strideHeight, strideWidth) + ", padding=" + padding + ", dilation="
                + pair(dilationHeight, dilationWidth) + ", groups=" + groups + ", bias=" + bias;
    }

    static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : "(" + a + ", " + b + ")";
    }
}
