package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/** Bilinear resize to a fixed size ({@link ImageOps#resize}); draws nothing from the generator. */
public final class Resize implements Transform {
    private final int height;
    private final int width;

    /** @throws IllegalArgumentException if a size is not positive */
    public Resize(int height, int width) {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("Resize: size must be positive, got " + height + "x" + width);
        this.height = height;
        this.width = width;
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        return ImageOps.resize(image, height, width);
    }

    @Override
    public String toString() {
        return "Resize(" + height + "x" + width + ")";
    }
}
