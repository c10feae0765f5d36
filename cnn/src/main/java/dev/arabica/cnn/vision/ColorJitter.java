package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;

/**
 * Random brightness, contrast and saturation changes (torchvision's {@code ColorJitter} without
 * hue). Per image: a random order of the three adjustments ({@link Generator#permutation}), then a
 * factor for each enabled one, uniform in {@code [max(0, 1 - v), 1 + v]} for strength {@code v}
 * (drawn brightness, contrast, saturation), then the adjustments in that order
 * ({@link ImageOps#adjustBrightness}, {@link ImageOps#adjustContrast},
 * {@link ImageOps#adjustSaturation}). A strength of 0 disables an adjustment. Input
 * {@code [3, H, W]} or {@code [1, H, W]} in [0, 1]; the output stays in [0, 1].
 */
public final class ColorJitter implements Transform {
    private final double brightness, contrast, saturation;

    /** @throws IllegalArgumentException if a strength is negative or not finite */
    public ColorJitter(double brightness, double contrast, double saturation) {
        for (double v : new double[] {brightness, contrast, saturation}) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("ColorJitter: strengths must be finite and >= 0, got brightness=" + brightness
                        + ", contrast=" + contrast + ", saturation=" + saturation);
            }
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
    }

    private static double factor(Generator gen, double strength) {
        return strength == 0 ? 1 : Transform.uniform(gen, Math.max(0, 1 - strength), 1 + strength);
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        int[] order = gen.permutation(3);
        double[] f = {factor(gen, brightness), factor(gen, contrast), factor(gen, saturation)};
        Tensor out = ImageOps.crop(image, 0, 0, image.size(-2), image.size(-1)); // a copy, also when nothing is enabled
        for (int k : order) {
            if (k == 0 && brightness > 0) out = ImageOps.adjustBrightness(out, f[0]);
            if (k == 1 && contrast > 0) out = ImageOps.adjustContrast(out, f[1]);
            if (k == 2 && saturation > 0) out = ImageOps.adjustSaturation(out, f[2]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness=" + brightness + ", contrast=" + contrast + ", saturation=" + saturation + ")";
    }
}
