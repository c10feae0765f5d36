package dev.arabica.nn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.BinaryOp;

/**
 * Stateless forms of the layers with state or randomness, like {@code torch.nn.functional}; the
 * modules call these. (Stateless activations are methods of {@link Tensor}; losses are in
 * {@link Losses}.)
 */
public final class Functional {
    private Functional() {}

    /**
     * Batch normalisation over the channel dim 1 of {@code x} ({@code [N, C]}, {@code [N, C, L]},
     * {@code [N, C, H, W]}, ...), statistics over every other dim ({@code n} values per channel):
     * {@code y = (x - mean) / sqrt(var + eps) * weight + bias}.
     *
     * <ul>
     *   <li>{@code training} (or no running statistics given): mean and <b>biased</b> variance of the
     *       batch. If {@code training} and running statistics are given, they are updated <b>in place</b>
     *       with the <b>unbiased</b> variance: {@code running = (1 - momentum) * running + momentum * batch},
     *       {@code batchVar = var * n / (n - 1)}.</li>
     *   <li>otherwise: {@code runningMean} and {@code runningVar} are used and not changed.</li>
     * </ul>
     * Fused: one recorded node with a closed-form backward for {@code x}, {@code weight}, {@code bias}.
     *
     * @param runningMean {@code [C]} or null (then also {@code runningVar} null)
     * @param weight {@code [C]} or null (= 1)
     * @param bias {@code [C]} or null (= 0)
     * @throws IllegalArgumentException on mismatched shapes, or in training with only one value per channel
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /**
     * Layer normalisation over the last {@code normalizedShape.length} dims of {@code x}, which must
     * equal {@code normalizedShape}: {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the
     * biased variance per row. Fused, with a closed-form backward.
     *
     * @param weight shape {@code normalizedShape} or null (= 1)
     * @param bias shape {@code normalizedShape} or null (= 0)
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** As {@link #dropout(Tensor, double, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return dropout(x, p, training, Generator.defaultGenerator());
    }

    /**
     * Inverted dropout: in training, each element is zeroed with probability {@code p} (one
     * {@link Generator#nextFloat()} per element, in C order) and the survivors are scaled by {@code 1 / (1 - p)}, so the expected
     * value is unchanged; otherwise (or for {@code p == 0}) returns {@code x}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= p < 1}
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        checkDropout(p);
        if (!training || p == 0) return x;
        float keep = (float) (1 - p), scale = (float) (1 / (1 - p));
        int n = x.numel();
        // mask = (u < keep) * scale from uniforms u drawn in C order; the product with x (and its
        // backward, g * mask) is core's vectorized multiply.
        float[] mask = new float[n];
        gen.nextFloats(mask, 0, n);
        VectorOps.binaryScalar(BinaryOp.LT, mask, 0, keep, mask, 0, n);
        VectorOps.scale(scale, mask, 0, mask, 0, n);
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    static void checkDropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: probability p must be in [0, 1), got " + p);
        }
    }
}
