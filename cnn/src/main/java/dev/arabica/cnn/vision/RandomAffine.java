package dev.arabica.cnn.vision;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Random small rotation, translation and scaling about the image centre, bilinear sampling with
 * zero fill (torchvision's {@code RandomAffine(degrees, translate, scale)} without shear, with
 * bilinear instead of nearest interpolation). Per image, in this order: angle uniform in
 * {@code [-degrees, degrees]}; horizontal shift {@code round(u)} pixels, {@code u} uniform in
 * {@code [-translateX W, translateX W]}; vertical shift likewise with {@code translateY H}; scale
 * uniform in {@code [scaleMin, scaleMax]}. The warp is {@link ImageOps#affine}.
 */
public final class RandomAffine implements Transform {
    private final double degrees;
    private final double translateX, translateY;
    private final double scaleMin, scaleMax;

    /**
     * @param degrees maximum rotation in degrees, >= 0
     * @param translateX maximum horizontal shift as a fraction of the width, in [0, 1]
     * @param translateY maximum vertical shift as a fraction of the height, in [0, 1]
     * @param scaleMin smallest scale factor, > 0
     * @param scaleMax largest scale factor, >= scaleMin
     */
    public RandomAffine(double degrees, double translateX, double translateY, double scaleMin, double scaleMax) {
        if (!(degrees >= 0 && degrees <= 360) || !(translateX >= 0 && translateX <= 1) || !(translateY >= 0 && translateY <= 1)
                || !(scaleMin > 0 && scaleMin <= scaleMax && scaleMax < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("RandomAffine: need 0 <= degrees <= 360, translations in [0, 1] and"
                    + " 0 < scaleMin <= scaleMax, got degrees=" + degrees + ", translate=(" + translateX + ", " + translateY
                    + "), scale=[" + scaleMin + ", " + scaleMax + "]");
        }
        this.degrees = degrees;
        this.translateX = translateX;
        this.translateY = translateY;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
    }

    /** Rotation and translation, no scaling. */
    public RandomAffine(double degrees, double translateX, double translateY) {
        this(degrees, translateX, translateY, 1, 1);
    }

    /** Rotation only. */
    public RandomAffine(double degrees) {
        this(degrees, 0, 0, 1, 1);
    }

    @Override
    public Tensor apply(Tensor image, Generator gen) {
        if (image.dim() < 2) throw new IllegalArgumentException("RandomAffine: expected an image [..., H, W], got " + Shape.format(image.shape()));
        int h = image.size(-2), w = image.size(-1);
        double angle = Transform.uniform(gen, -degrees, degrees);
        double maxDx = translateX * w, maxDy = translateY * h;
        double tx = Math.rint(Transform.uniform(gen, -maxDx, maxDx));
        double ty = Math.rint(Transform.uniform(gen, -maxDy, maxDy));
        double scale = Transform.uniform(gen, scaleMin, scaleMax);
        return ImageOps.affine(image, angle, tx, ty, scale);
    }

    @Override
    public String toString() {
        return "RandomAffine(degrees=" + degrees + ", translate=(" + translateX + ", " + translateY + "), scale=[" + scaleMin
                + ", " + scaleMax + "])";
    }
}
