package dev.arabica.nn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dims of each input (e.g. the
 * feature dim of {@code [batch, seq, features]}), with the biased variance; see
 * {@link Functional#layerNorm}. Parameters {@code weight} (ones) and {@code bias} (zeros) of shape
 * {@code normalizedShape} if {@code elementwiseAffine}. Same in training and eval mode.
 */
public class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must have at least one dim");
        }
        for (int d : normalizedShape) {
            if (d <= 0) throw new IllegalArgumentException("LayerNorm: normalizedShape must be positive, got " + Shape.format(normalizedShape));
        }
        if (!(eps >= 0)) throw new IllegalArgumentException("LayerNorm: eps must be >= 0, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Parameter.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Parameter.zeros(normalizedShape)) : null;
    }

    /** eps 1e-5, with affine parameters. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** The scale parameter (shape {@code normalizedShape}), or null without elementwise affine parameters. */
    public Tensor weight() {
        return weight;
    }

    /** The shift parameter (shape {@code normalizedShape}), or null without elementwise affine parameters. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Shape.format(normalizedShape) + ", eps=" + eps + ", elementwiseAffine=" + (weight != null);
    }
}
