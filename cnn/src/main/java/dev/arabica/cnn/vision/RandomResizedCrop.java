package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Crops a random region of random area and aspect ratio and resizes it (bilinear) to
 * {@code height x width}: torchvision's {@code RandomResizedCrop} and its parameter search.
 *
 * <p>Up to 10 attempts: area {@code A = H W u}, {@code u} uniform in {@code [scaleMin, scaleMax]};
 * ratio {@code r = exp(v)}, {@code v} uniform in {@code [ln ratioMin, ln ratioMax]}; region
 * {@code w = round(sqrt(A r))}, {@code h = round(sqrt(A / r))} (round half to even, as Python);
 * if {@code 0 < w <= W} and {@code 0 < h <= H}, its top is uniform in {@code [0, H - h]} and its
 * left uniform in {@code [0, W - w]}. If no attempt fits, the largest centred region whose aspect
 * ratio is clamped to {@code [ratioMin, ratioMax]} is used.
 */
public final class RandomResizedCrop implements Transform {
    private final int height;
    private final int width;
    private final double scaleMin, scaleMax, ratioMin, ratioMax;

    /**
     * @throws IllegalArgumentException if a size is not positive, or {@code 0 < scaleMin <= scaleMax}
     *     and {@code 0 < ratioMin <= ratioMax} do not hold
     */
    public RandomResizedCrop(int height, int width, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("RandomResizedCrop: size must be positive, got " + height + "x" + width);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax < Double.POSITIVE_INFINITY)
                || !(ratioMin > 0 && ratioMin <= ratioMax && ratioMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("RandomResizedCrop: need 0 < scaleMin <= scaleMax and 0 < ratioMin <= ratioMax, got scale ["
                    + scaleMin + ", " + scaleMax + "], ratio [" + ratioMin + ", " + ratioMax + "]");
        }
        this.height = height;
        this.width = width;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
    }

    /** torchvision's defaults: scale [0.08, 1], ratio [3/4, 4/3]. */
    public RandomResizedCrop(int height, int width) {
        this(height, width, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /** The crop region {top, left, height, width} for an {@code imageHeight x imageWidth} image. */
    int[] region(int imageHeight, int imageWidth, Generator gen) {
        double area = (double) imageHeight * imageWidth;
        double logLo = Math.log(ratioMin), logHi = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * Transform.uniform(gen, scaleMin, scaleMax);
            double aspect = Math.exp(Transform.uniform(gen, logLo, logHi));
            int w = (int) Math.rint(Math.sqrt(target * aspect));
            int h = (int) Math.rint(Math.sqrt(target / aspect));
            if (w > 0 && w <= imageWidth && h > 0 && h <= imageHeight) {
                int top = gen.nextInt(imageHeight - h + 1);
                int left = gen.nextInt(imageWidth - w + 1);
                return new int[] {top, left, h, w};
            }
        }
        double inRatio = (double) imageWidth / imageHeight;
        int w, h;
        if (inRatio < ratioMin) {
            w = imageWidth;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = imageHeight;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = imageWidth;
            h = imageHeight;
        }
        return new int[] {(imageHeight - h) / 2, (imageWidth - w) / 2, h, w};
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        if (image.dim() < 2 || image.size(-2) == 0 || image.size(-1) == 0) {
            throw new IllegalArgumentException("RandomResizedCrop: expected a non-empty image [..., H, W], got " + Shape.format(image.shape()));
        }
        int[] r = region(image.size(-2), image.size(-1), gen);
        return ImageOps.resizedCrop(image, r[0], r[1], r[2], r[3], height, width);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(size=" + height + "x" + width + ", scale=[" + scaleMin + ", " + scaleMax + "], ratio=["
                + ratioMin + ", " + ratioMax + "])";
    }
}
