package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * Per-channel {@code (x - mean[c]) / std[c]} ({@link ImageOps#normalize}); draws nothing from the
 * generator. Differentiable.
 */
public final class Normalize implements Transform {
    private final float[] mean;
    private final float[] std;

    /** @throws IllegalArgumentException if the lengths differ or a std is 0 or not finite */
    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("Normalize: mean and std need the same non-zero length, got " + mean.length + " and " + std.length);
        }
        for (float v : std) {
            if (v == 0 || !Float.isFinite(v)) throw new IllegalArgumentException("Normalize: std values must be finite and non-zero, got " + java.util.Arrays.toString(std));
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** ImageNet's statistics ({@link ImageOps#IMAGENET_MEAN}, {@link ImageOps#IMAGENET_STD}). */
    public static Normalize imagenet() {
        return new Normalize(ImageOps.IMAGENET_MEAN, ImageOps.IMAGENET_STD);
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        return ImageOps.normalize(image, mean, std);
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + java.util.Arrays.toString(mean) + ", std=" + java.util.Arrays.toString(std) + ")";
    }
}
