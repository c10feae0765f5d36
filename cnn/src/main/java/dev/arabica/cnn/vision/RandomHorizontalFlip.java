package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * Mirrors the image left-right with probability {@code p} (torchvision's
 * {@code RandomHorizontalFlip}). Draws one uniform number per image whatever {@code p} is.
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    /** @throws IllegalArgumentException unless {@code 0 <= p <= 1} */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        this.p = p;
    }

    /** p = 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        return gen.nextDouble() < p ? ImageOps.hflip(image) : ImageOps.crop(image, 0, 0, image.size(-2), image.size(-1));
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(p=" + p + ")";
    }
}
