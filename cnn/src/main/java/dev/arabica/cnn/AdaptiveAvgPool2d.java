package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Adaptive average pooling layer, {@code torch.nn.AdaptiveAvgPool2d}: {@code [N, C, H, W]} to
 * {@code [N, C, outHeight, outWidth]} whatever the input size (windows in
 * {@link CnnFunctional#adaptiveAvgPool2d}); a size of -1 keeps the input's (PyTorch's {@code None}).
 * {@code new AdaptiveAvgPool2d(1)} is global average pooling keeping the dims ({@code [N, C, 1, 1]}),
 * as in torchvision's ResNet. No parameters.
 */
public class AdaptiveAvgPool2d extends Module {
    private final int outHeight;
    private final int outWidth;

    public AdaptiveAvgPool2d(int outHeight, int outWidth) {
        if (outHeight < -1 || outWidth < -1) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output size must be >= 0 (or -1 to keep the input size), got ("
                    + outHeight + ", " + outWidth + ")");
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** A square {@code size x size} output. */
    public AdaptiveAvgPool2d(int size) {
        this(size, size);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.adaptiveAvgPool2d(x, outHeight, outWidth);
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
