package dev.arabica.cnn;

/** How {@link CnnFunctional#interpolate} and {@link Upsample} compute new pixels (PyTorch's {@code mode}). */
public enum InterpolationMode {
    /** PyTorch's {@code 'nearest'}: the pixel at {@code floor(dst * in / out)}. */
    NEAREST,
    /** PyTorch's {@code 'bilinear'}: weighted mean of the four nearest pixels. */
    BILINEAR
}
