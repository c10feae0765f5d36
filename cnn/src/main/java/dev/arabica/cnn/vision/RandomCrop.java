package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Pads the image with {@code padding} zero pixels on every side, then cuts out a
 * {@code height x width} window at a uniformly random position (torchvision's
 * {@code RandomCrop(size, padding)}): top {@code i} uniform in {@code [0, H + 2p - height]}, left
 * {@code j} uniform in {@code [0, W + 2p - width]}, drawn in that order.
 */
public final class RandomCrop implements Transform {
    private final int height;
    private final int width;
    private final int padding;

    /** @throws IllegalArgumentException if a size is not positive or the padding is negative */
    public RandomCrop(int height, int width, int padding) {
        if (height <= 0 || width <= 0 || padding < 0) {
            throw new IllegalArgumentException("RandomCrop: size must be positive and padding >= 0, got " + height + "x" + width
                    + ", padding " + padding);
        }
        this.height = height;
        this.width = width;
        this.padding = padding;
    }

    /**
     * @throws IllegalArgumentException if the padded image is smaller than the window
     */
    @Override
    public Tensor apply(Tensor image, Generator gen) {
        if (image.dim() < 2) throw new IllegalArgumentException("RandomCrop: expected an image [..., H, W], got " + Shape.format(image.shape()));
        int h = image.size(-2) + 2 * padding, w = image.size(-1) + 2 * padding;
        if (h < height || w < width) {
            throw new IllegalArgumentException("RandomCrop: window " + height + "x" + width + " is larger than the padded image "
                    + h + "x" + w + " (image " + Shape.format(image.shape()) + ", padding " + padding + ")");
        }
        int i = gen.nextInt(h - height + 1);
        int j = gen.nextInt(w - width + 1);
        return ImageOps.crop(image, i - padding, j - padding, height, width);
    }

    @Override
    public String toString() {
        return "RandomCrop(size=" + height + "x" + width + ", padding=" + padding + ")";
    }
}
