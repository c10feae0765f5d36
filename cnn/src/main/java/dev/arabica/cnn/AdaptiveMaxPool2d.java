package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Adaptive max pooling layer, {@code torch.nn.AdaptiveMaxPool2d}: {@code [N, C, H, W]} to
 * {@code [N, C, outHeight, outWidth]} (windows as {@link AdaptiveAvgPool2d}, first maximum as
 * {@link MaxPool2d}); a size of -1 keeps the input's. No parameters.
 */
public class AdaptiveMaxPool2d extends Module {
    private final int outHeight;
    private final int outWidth;

    public AdaptiveMaxPool2d(int outHeight, int outWidth) {
        if (outHeight < -1 || outWidth < -1) {
            throw new IllegalArgumentException("AdaptiveMaxPool2d: output size must be >= 0 (or -1 to keep the input size), got ("
                    + outHeight + ", " + outWidth + ")");
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** A square {@code size x size} output. */
    public AdaptiveMaxPool2d(int size) {
        this(size, size);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.adaptiveMaxPool2d(x, outHeight, outWidth);
    }

    /** The values and the flat in-plane index of each maximum. */
    public Tensor.ValuesIndices forwardWithIndices(Tensor x) {
        return CnnFunctional.adaptiveMaxPool2dWithIndices(x, outHeight, outWidth);
    }

    /** {@code {outHeight, outWidth}} (-1 = the input's). */
    public int[] outputSize() {
        return new int[] {outHeight, outWidth};
    }

    @Override
    protected String extraRepr() {
        return "outputSize=" + ConvOptions.pair(outHeight, outWidth);
    }
}
