package dev.arabica.cnn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Upsampling layer, {@code torch.nn.Upsample}: resizes {@code [N, C, H, W]} to a fixed size or by a
 * scale factor with {@link CnnFunctional#interpolate} (nearest or bilinear, PyTorch's index formulas).
 * No parameters.
 */
public class Upsample extends Module {
    private final int[] size;
    private final double scaleHeight;
    private final double scaleWidth;
    private final InterpolationMode mode;
    private final boolean alignCorners;

    /** Output {@code floor(H * scaleFactor) x floor(W * scaleFactor)}. */
    public Upsample(double scaleFactor, InterpolationMode mode, boolean alignCorners) {
        this(null, scaleFactor, scaleFactor, mode, alignCorners);
    }

    /** Nearest or bilinear ({@code alignCorners} false) by {@code scaleFactor}. */
    public Upsample(double scaleFactor, InterpolationMode mode) {
        this(scaleFactor, mode, false);
    }

    /** Output {@code size = {H_out, W_out}}. */
    public Upsample(int[] size, InterpolationMode mode, boolean alignCorners) {
        this(size == null ? null : size.clone(), 0, 0, mode, alignCorners);
        if (size == null || size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw new IllegalArgumentException("Upsample: size must be two positive sizes {H, W}, got "
                    + (size == null ? "null" : Shape.format(size)));
        }
    }

    private Upsample(int[] size, double scaleHeight, double scaleWidth, InterpolationMode mode, boolean alignCorners) {
        if (mode == null) throw new IllegalArgumentException("Upsample: mode must not be null");
        if (size == null && !(scaleHeight > 0 && scaleWidth > 0 && Double.isFinite(scaleHeight) && Double.isFinite(scaleWidth))) {
            throw new IllegalArgumentException("Upsample: scale factor must be a positive number, got " + scaleHeight);
        }
        if (mode == InterpolationMode.NEAREST && alignCorners) {
            throw new IllegalArgumentException("Upsample: alignCorners can only be set with the interpolating mode BILINEAR");
        }
        this.size = size;
        this.scaleHeight = scaleHeight;
        this.scaleWidth = scaleWidth;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    @Override
    public Tensor forward(Tensor x) {
        return size != null ? CnnFunctional.interpolate(x, size, mode, alignCorners)
                : CnnFunctional.interpolate(x, scaleHeight, scaleWidth, mode, alignCorners);
    }

    public InterpolationMode mode() {
        return mode;
    }

    public boolean alignCorners() {
        return alignCorners;
    }

    @Override
    protected String extraRepr() {
        return (size != null ? "size=" + Shape.format(size) : "scaleFactor=" + scaleHeight) + ", mode=" + mode
                + (mode == InterpolationMode.BILINEAR ? ", alignCorners=" + alignCorners : "");
    }
}
