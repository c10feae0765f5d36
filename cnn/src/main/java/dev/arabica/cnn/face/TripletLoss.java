package dev.arabica.cnn.face;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Reduction;
import java.util.Arrays;

/**
 * Triplet losses for learning face embeddings (FaceNet): an anchor should be closer to a positive
 * (same identity) than to a negative (another identity) by a margin. Built from tensor ops, so
 * differentiable in all three inputs. Inputs are embeddings {@code [N, D]} (or one triplet
 * {@code [D]}) of equal shapes.
 */
public final class TripletLoss {
    private TripletLoss() {}

    /**
     * The course's {@code triplet_loss}, summed over the batch:
     * <pre>
     *   L = sum_i max(||a_i - p_i||^2 - ||a_i - n_i||^2 + alpha, 0)
     * </pre>
     * with squared Euclidean distances over the last dim. Returns a scalar.
     *
     * @param alpha the margin (course: 0.2)
     * @throws IllegalArgumentException if the shapes differ, are not {@code [N, D]} or {@code [D]},
     *     or alpha is NaN
     */
    public static Tensor course(Tensor anchor, Tensor positive, Tensor negative, double alpha) {
        check("TripletLoss.course", anchor, positive, negative);
        if (Double.isNaN(alpha)) throw new IllegalArgumentException("TripletLoss.course: alpha is NaN");
        int d = anchor.dim() - 1;
        Tensor pos = anchor.sub(positive).square().sum(d, false);
        Tensor neg = anchor.sub(negative).square().sum(d, false);
        return pos.sub(neg).add((float) alpha).clampMin(0).sum();
    }

    /**
     * PyTorch's {@code TripletMarginLoss(margin, p, eps, swap, reduction)}:
     * <pre>
     *   d(x, y) = ||x - y + eps||_p  (over the last dim)
     *   l_i = max(d(a_i, p_i) - d'(a_i, n_i) + margin, 0),   d' = min(d(a, n), d(p, n)) with swap, else d(a, n)
     * </pre>
     * reduced over the batch by {@code reduction} ({@code NONE} gives {@code [N]}, or a scalar for
     * one triplet).
     *
     * @param p the norm's order, > 0 (PyTorch: 2)
     * @param eps added to each difference to avoid a non-differentiable 0 (PyTorch: 1e-6)
     * @throws IllegalArgumentException for mismatched or bad shapes, {@code p <= 0}, or NaN margin
     */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps, boolean swap,
            Reduction reduction) {
        check("TripletLoss.tripletMarginLoss", anchor, positive, negative);
        if (!(p > 0) || Double.isNaN(margin) || Double.isNaN(eps)) {
            throw new IllegalArgumentException("TripletLoss.tripletMarginLoss: need p > 0 and non-NaN margin and eps, got p=" + p + ", margin="
                    + margin + ", eps=" + eps);
        }
        Tensor dPos = pairwiseDistance(anchor, positive, p, eps);
        Tensor dNeg = pairwiseDistance(anchor, negative, p, eps);
        if (swap) dNeg = dNeg.minimum(pairwiseDistance(positive, negative, p, eps));
        return Losses.reduce(dPos.sub(dNeg).add((float) margin).clampMin(0), reduction);
    }

    /** {@link #margin} with PyTorch's defaults: margin 1, p 2, eps 1e-6, no swap, mean. */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginLoss(anchor, positive, negative, 1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    /**
     * PyTorch's {@code pairwise_distance}: {@code ||x - y + eps||_p} over the last dim (shape
     * without it).
     */
    public static Tensor pairwiseDistance(Tensor x, Tensor y, double p, double eps) {
        int d = x.dim() - 1;
        Tensor diff = x.sub(y).add((float) eps);
        if (p == 2) return diff.square().sum(d, false).sqrt();
        if (p == 1) return diff.abs().sum(d, false);
        return diff.abs().pow((float) p).sum(d, false).pow((float) (1 / p));
    }

    private static void check(String op, Tensor a, Tensor p, Tensor n) {
        boolean rankOk = a.dim() == 1 || a.dim() == 2;
        if (!rankOk || !Arrays.equals(a.shape(), p.shape()) || !Arrays.equals(a.shape(), n.shape())
                || a.dtype() != DType.FLOAT32 || p.dtype() != DType.FLOAT32 || n.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": anchor, positive and negative must be float embeddings of one shape [N, D]"
                    + " or [D], got " + Shape.format(a.shape()) + ", " + Shape.format(p.shape()) + ", " + Shape.format(n.shape()));
        }
    }
}
