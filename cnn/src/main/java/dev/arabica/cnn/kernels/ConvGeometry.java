package dev.arabica.cnn.kernels;

/**
 * The sizes of one 2-D convolution in NCHW layout, as the kernels see them: input
 * {@code [batch, inChannels, inHeight, inWidth]}, weight
 * {@code [outChannels, inChannels / groups, kernelHeight, kernelWidth]}, output
 * {@code [batch, outChannels, outHeight, outWidth]}.
 *
 * <p>Output pixel {@code (oh, ow)} reads input rows {@code oh * strideHeight - padTop + ki * dilationHeight}
 * for {@code ki in [0, kernelHeight)} (columns likewise); positions outside the input read zero.
 * The output size is given, not derived, so that asymmetric padding ({@code padding='same'} with an
 * even kernel) and transposed convolutions (whose "output" here is their input) use the same
 * geometry. Validation is the caller's job (the ops in {@code dev.arabica.cnn} check every size
 * and report it by name); {@link #check()} only guards against inconsistent internal use.
 */
public record ConvGeometry(int batch, int inChannels, int inHeight, int inWidth,
                           int outChannels, int kernelHeight, int kernelWidth,
                           int strideHeight, int strideWidth, int padTop, int padLeft,
                           int dilationHeight, int dilationWidth, int groups,
                           int outHeight, int outWidth) {

    /** Throws if a size is out of range or the channels do not split into the groups. */
    public ConvGeometry check() {
        if (batch < 0 || inChannels < 0 || inHeight < 0 || inWidth < 0 || outChannels < 0 || outHeight < 0 || outWidth < 0
                || kernelHeight < 1 || kernelWidth < 1 || strideHeight < 1 || strideWidth < 1
                || dilationHeight < 1 || dilationWidth < 1 || groups < 1 || padTop < 0 || padLeft < 0
                || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("invalid convolution geometry " + this);
        }
        return this;
    }

    /** Input channels per group. */
    public int inPerGroup() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int outPerGroup() {
        return outChannels / groups;
    }

    /** Rows of the im2col matrix of one group: {@code inPerGroup * kernelHeight * kernelWidth}. */
    public int patchSize() {
        return inPerGroup() * kernelHeight * kernelWidth;
    }

    /** Input pixels per channel. */
    public int inPlane() {
        return inHeight * inWidth;
    }

    /** Output pixels per channel. */
    public int outPlane() {
        return outHeight * outWidth;
    }

    /** Elements of the weight tensor. */
    public int weightSize() {
        return outChannels * patchSize();
    }

    /**
     * True if the convolution is a plain matrix product per image: 1x1 kernel, stride 1, no padding,
     * output as large as the input (the im2col matrix would be the input itself).
     */
    public boolean isPointwise() {
        return kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1
                && padTop == 0 && padLeft == 0 && outHeight == inHeight && outWidth == inWidth;
    }
}
