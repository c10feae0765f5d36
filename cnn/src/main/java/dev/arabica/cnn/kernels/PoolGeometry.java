package dev.arabica.cnn.kernels;

/**
 * The sizes of one 2-D pooling over {@code planes} independent {@code inHeight x inWidth} planes
 * (batch times channels, NCHW). Output pixel {@code (oh, ow)} covers input rows
 * {@code oh * strideHeight - padTop + i * dilationHeight}, {@code i in [0, kernelHeight)} (columns
 * likewise); rows and columns outside the input are padding. Validation is the caller's job.
 */
public record PoolGeometry(int planes, int inHeight, int inWidth, int outHeight, int outWidth,
                           int kernelHeight, int kernelWidth, int strideHeight, int strideWidth,
                           int padTop, int padLeft, int dilationHeight, int dilationWidth) {

    public int inPlane() {
        return inHeight * inWidth;
    }

    public int outPlane() {
        return outHeight * outWidth;
    }

    /** True for the common non-overlapping 2x2 pooling with stride 2 and no padding or dilation. */
    boolean isTwoByTwo() {
        return kernelHeight == 2 && kernelWidth == 2 && strideHeight == 2 && strideWidth == 2 && padTop == 0
                && padLeft == 0 && dilationHeight == 1 && dilationWidth == 1
                && outHeight * 2 <= inHeight && outWidth * 2 <= inWidth;
    }

    /** Planes per parallel block: about 64 Ki input elements each, at least one plane. */
    int grain() {
        return Math.max(1, (1 << 16) / Math.max(1, inPlane() + outPlane()));
    }
}
