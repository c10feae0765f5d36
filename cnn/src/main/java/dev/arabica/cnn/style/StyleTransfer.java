package dev.arabica.cnn.style;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The costs of neural style transfer (Gatys et al.), with the course's normalisation. Activations
 * are {@code [C, H, W]} or {@code [N, C, H, W]} ({@code n_C = C}, {@code n_H = H},
 * {@code n_W = W}); for a batch the costs are summed over its images (the course uses one image).
 * All are tensor ops, differentiable with respect to the generated image's activations.
 *
 * <pre>{@code
 * List<Tensor> s = StyleTransfer.features(vgg.features, layers, styleImage);
 * List<Tensor> c = StyleTransfer.features(vgg.features, new int[] {contentLayer}, contentImage);
 * // each step, for the generated image g (a leaf that requires grad):
 * List<Tensor> gs = StyleTransfer.features(vgg.features, layers, g);
 * Tensor j = StyleTransfer.totalCost(StyleTransfer.contentCost(c.get(0), gc), StyleTransfer.styleCost(s, gs, weights), 10, 40);
 * }</pre>
 */
public final class StyleTransfer {
    private StyleTransfer() {}

    /**
     * Gram matrix {@code G = A A^T} where {@code A} is the activation reshaped to
     * {@code [n_C, n_H n_W]}: {@code G[c][c'] = sum_{h,w} a[c,h,w] a[c',h,w]}. Shape {@code [C, C]}
     * (or {@code [N, C, C]}); not normalised (as the course's {@code gram_matrix}).
     */
    public static Tensor gramMatrix(Tensor activation) {
        int[] s = checkActivation("gramMatrix", activation);
        int rank = s.length, c = s[rank - 3], hw = s[rank - 2] * s[rank - 1];
        Tensor a = rank == 3 ? activation.reshape(c, hw) : activation.reshape(s[0], c, hw);
        return a.matmul(a.transpose(-2, -1));
    }

    /**
     * The course's {@code compute_content_cost}:
     * {@code J = 1 / (4 n_H n_W n_C) * sum (a_C - a_G)^2}.
     *
     * @throws IllegalArgumentException if the shapes differ or are not 3-D/4-D
     */
    public static Tensor contentCost(Tensor content, Tensor generated) {
        int[] s = checkPair("contentCost", content, generated);
        int rank = s.length;
        double norm = 4.0 * s[rank - 3] * s[rank - 2] * s[rank - 1];
        return content.sub(generated).square().sum().div((float) norm);
    }

    /**
     * The course's {@code compute_layer_style_cost}:
     * {@code J = 1 / (4 n_C^2 (n_H n_W)^2) * sum (G(a_S) - G(a_G))^2}.
     */
    public static Tensor styleLayerCost(Tensor style, Tensor generated) {
        int[] s = checkPair("styleLayerCost", style, generated);
        int rank = s.length;
        double c = s[rank - 3], hw = (double) s[rank - 2] * s[rank - 1];
        double norm = 4.0 * c * c * hw * hw;
        return gramMatrix(style).sub(gramMatrix(generated)).square().sum().div((float) norm);
    }

    /**
     * The course's {@code compute_style_cost}: {@code J = sum_l weights[l] styleLayerCost(style_l, generated_l)}.
     *
     * @throws IllegalArgumentException if the three lists differ in length or are empty
     */
    public static Tensor styleCost(List<Tensor> style, List<Tensor> generated, double[] weights) {
        if (style.size() != generated.size() || style.size() != weights.length || weights.length == 0) {
            throw new IllegalArgumentException("styleCost: need one style activation, one generated activation and one weight per layer,"
                    + " got " + style.size() + ", " + generated.size() + " and " + weights.length);
        }
        Tensor j = null;
        for (int l = 0; l < weights.length; l++) {
            Tensor term = styleLayerCost(style.get(l), generated.get(l)).mul((float) weights[l]);
            j = j == null ? term : j.add(term);
        }
        return j;
    }

    /** The course's {@code total_cost}: {@code alpha J_content + beta J_style} (course: 10 and 40). */
    public static Tensor totalCost(Tensor contentCost, Tensor styleCost, double alpha, double beta) {
        return contentCost.mul((float) alpha).add(styleCost.mul((float) beta));
    }

    /**
     * The activations after the given layers of a {@link Sequential} (e.g. VGG's {@code features}),
     * in the order of {@code layers} (indices into the sequence, each distinct): one forward pass
     * that stops after the deepest requested layer.
     *
     * @throws IllegalArgumentException if an index is out of range or repeated
     */
    public static List<Tensor> features(Sequential network, int[] layers, Tensor x) {
        int[] sorted = layers.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0 || sorted[i] >= network.size() || (i > 0 && sorted[i] == sorted[i - 1])) {
                throw new IllegalArgumentException("features: layer indices must be distinct and in [0, " + network.size() + "), got "
                        + Arrays.toString(layers));
            }
        }
        Tensor[] out = new Tensor[network.size()];
        int last = sorted.length == 0 ? -1 : sorted[sorted.length - 1];
        for (int i = 0; i <= last; i++) {
            Module m = network.get(i);
            x = m.forward(x);
            out[i] = x;
        }
        List<Tensor> result = new ArrayList<>(layers.length);
        for (int l : layers) result.add(out[l]);
        return result;
    }

    private static int[] checkActivation(String op, Tensor a) {
        int[] s = a.shape();
        if (a.dtype() != DType.FLOAT32 || (s.length != 3 && s.length != 4)) {
            throw new IllegalArgumentException(op + ": expected a float activation [C, H, W] or [N, C, H, W], got " + a.dtype() + " "
                    + Shape.format(s));
        }
        return s;
    }

    private static int[] checkPair(String op, Tensor a, Tensor b) {
        int[] s = checkActivation(op, a);
        checkActivation(op, b);
        if (!Arrays.equals(s, b.shape())) {
            throw new IllegalArgumentException(op + ": activations must have one shape, got " + Shape.format(s) + " and "
                    + Shape.format(b.shape()));
        }
        return s;
    }
}
