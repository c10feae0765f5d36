package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Global average pooling: the mean of each channel's {@code H x W} plane. By default
 * {@code [N, C, H, W]} becomes {@code [N, C]} (Keras' {@code GlobalAveragePooling2D}, ready for a
 * {@code Linear} head); with {@code keepdim} it is {@code [N, C, 1, 1]}, the same as
 * {@code new AdaptiveAvgPool2d(1)}. No parameters.
 */
public class GlobalAvgPool2d extends Module {
    private final boolean keepdim;

    public GlobalAvgPool2d(boolean keepdim) {
        this.keepdim = keepdim;
    }

    /** Output {@code [N, C]}. */
    public GlobalAvgPool2d() {
        this(false);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.globalAvgPool2d(x, keepdim);
    }

    @Override
    protected String extraRepr() {
        return "keepdim=" + keepdim;
    }
}
