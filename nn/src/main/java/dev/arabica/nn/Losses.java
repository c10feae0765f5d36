package dev.arabica.nn;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss functions, following {@code torch.nn.functional}. Each returns a 0-d tensor for
 * {@link Reduction#MEAN} / {@link Reduction#SUM} and the unreduced values for {@link Reduction#NONE};
 * the short overloads use {@code MEAN} and PyTorch's defaults.
 *
 * <p>Regression losses ({@code mseLoss}, {@code l1Loss}, {@code huberLoss}, {@code smoothL1Loss}) are composed from
 * differentiable Tensor ops, so gradients flow to input and target. The classification losses are
 * fused kernels with closed-form backward passes (see {@link ClassLosses}, {@link BinaryLosses}).
 */
public final class Losses {
    private static final Logger LOG = LoggerFactory.getLogger(Losses.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    /** PyTorch's default {@code ignore_index}. */
    public static final long DEFAULT_IGNORE_INDEX = -100;

    private Losses() {}

    // ------------------------------------------------------------------ regression

    /** Mean squared error {@code mean((input - target)^2)}. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** Squared error {@code (input - target)^2}, reduced. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return reduce(difference("mseLoss", input, target).square(), reduction);
    }

    /** Mean absolute error {@code mean(|input - target|)} (gradient {@code sign(d)}, 0 at 0). */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return reduce(difference("l1Loss", input, target).abs(), reduction);
    }

    /** {@code huberLoss(input, target, 1.0, MEAN)}. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, 1.0, Reduction.MEAN);
    }

    /**
     * Huber loss with {@code d = input - target}: {@code 0.5 d^2} where {@code |d| < delta}, else
     * {@code delta (|d| - 0.5 delta)}. Equals {@code delta * smoothL1Loss(beta = delta)}.
     *
     * @throws IllegalArgumentException unless {@code delta > 0}
     */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        if (!(delta > 0)) throw new IllegalArgumentException("huberLoss: delta must be > 0, got " + delta);
        Tensor d = difference("huberLoss", input, target);
        Tensor a = d.abs();
        float dl = (float) delta;
        Tensor loss = Tensor.where(a.lt(dl), d.square().mul(0.5f), a.sub(0.5f * dl).mul(dl));
        return reduce(loss, reduction);
    }

    /** {@code smoothL1Loss(input, target, 1.0, MEAN)}. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, 1.0, Reduction.MEAN);
    }

    /**
     * Smooth L1 loss with {@code d = input - target}: {@code 0.5 d^2 / beta} where
     * {@code |d| < beta}, else {@code |d| - 0.5 beta}; {@code beta = 0} gives the L1 loss.
     *
     * @throws IllegalArgumentException if {@code beta < 0}
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (!(beta >= 0)) throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        if (beta == 0) return l1Loss(input, target, reduction);
        Tensor d = difference("smoothL1Loss", input, target);
        Tensor a = d.abs();
        float b = (float) beta;
        Tensor loss = Tensor.where(a.lt(b), d.square().mul(0.5f / b), a.sub(0.5f * b));
        return reduce(loss, reduction);
    }

    // ------------------------------------------------------------------ binary classification

    /** {@code binaryCrossEntropy(input, target, null, MEAN)}. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy on probabilities: {@code -w (t log p + (1 - t) log(1 - p))}, each log
     * clamped at -100 as in PyTorch (so {@code p = 0} or {@code 1} gives a finite loss).
     *
     * @param input probabilities in [0, 1]
     * @param target same shape as input
     * @param weight rescales each element; broadcast to the input's shape; may be null
     * @throws IllegalArgumentException if an input value is outside [0, 1] or the shapes differ
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return BinaryLosses.binaryCrossEntropy(input, target, weight, requireReduction(reduction));
    }

    /** {@code binaryCrossEntropyWithLogits(input, target, null, null, MEAN)}. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy on logits {@code x}, i.e. on {@code sigmoid(x)} without its rounding:
     * {@code w ((1 - t) x + (1 + (pw - 1) t) softplus(-x))} with
     * {@code softplus(-x) = log1p(exp(-|x|)) + max(-x, 0)}; for {@code pw = 1} this is
     * {@code max(x, 0) - x t + log1p(exp(-|x|))}. The gradient is {@code (1 + (pw - 1) t) sigmoid(x) - pw t}.
     *
     * @param weight rescales each element; broadcast to the input's shape; may be null
     * @param posWeight weight of the positive term per class, broadcast over the last dim ({@code [C]}); may be null
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
                                                      Reduction reduction) {
        return BinaryLosses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, requireReduction(reduction));
    }

    // ------------------------------------------------------------------ multi-class

    /** {@code crossEntropy(input, target, null, -100, 0, MEAN)}. */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    /** Cross-entropy with a reduction and otherwise PyTorch's defaults. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0, reduction);
    }

    /**
     * Cross-entropy from raw logits, class dim 1: input {@code [N, C]} or {@code [N, C, d1, ...]}
     * (or unbatched {@code [C]}), target int64 class indices {@code [N]} / {@code [N, d1, ...]} (or
     * 0-d). With {@code logp = logSoftmax(input, 1)}, each position contributes
     * {@code (1 - ls) * -w[y] logp[y] + ls / C * sum_c -w[c] logp[c]}. Positions whose target is
     * {@code ignoreIndex} contribute 0; {@code MEAN} divides by the summed weights {@code w[y]} of
     * the other positions (their count without weights). {@code NONE} returns the target's shape.
     *
     * <p>A float32 {@code target} of the input's shape is read as class probabilities instead
     * (PyTorch's soft targets; {@code ignoreIndex} does not apply and {@code MEAN} divides by the
     * number of positions).
     *
     * @param weight class weights {@code [C]} or null
     * @param labelSmoothing {@code ls} in [0, 1]
     * @throws IllegalArgumentException naming shapes, or the offending target value and position
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing,
                                      Reduction reduction) {
        requireReduction(reduction);
        if (target.dtype() == DType.FLOAT32) {
            return ClassLosses.crossEntropyProbabilities(input, target, weight, labelSmoothing, reduction);
        }
        return ClassLosses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction);
    }

    /** {@code nllLoss(input, target, null, -100, MEAN)}. */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood: {@code -w[y] input[n, y, ...]}, input holding log-probabilities with
     * the class dim 1 (used as given); same shapes, {@code ignoreIndex} and weighting as
     * {@link #crossEntropy(Tensor, Tensor, Tensor, long, double, Reduction)}.
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return ClassLosses.nllLoss(input, target, weight, ignoreIndex, requireReduction(reduction));
    }

    // ------------------------------------------------------------------ helpers

    /** Applies {@code reduction} to elementwise loss values. */
    public static Tensor reduce(Tensor loss, Reduction reduction) {
        return switch (requireReduction(reduction)) {
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case NONE -> loss;
        };
    }

    private static Reduction requireReduction(Reduction reduction) {
        if (reduction == null) throw new IllegalArgumentException("reduction must not be null (MEAN, SUM or NONE)");
        return reduction;
    }

    /**
     * {@code input - target}. Like PyTorch, different shapes are broadcast, with a warning (once
     * per loss and shape pair): it is usually a bug such as {@code [N, 1]} against {@code [N]}.
     */
    private static Tensor difference(String op, Tensor input, Tensor target) {
        if (input.dtype() != DType.FLOAT32 || target.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": input and target must be float32, got " + input.dtype() + " of shape "
                    + Shape.format(input.shape()) + " and " + target.dtype() + " of shape " + Shape.format(target.shape()));
        }
        if (!Arrays.equals(input.shape(), target.shape())) {
            String key = op + Shape.format(input.shape()) + Shape.format(target.shape());
            Shape.broadcast(op, input.shape(), target.shape()); // throws, naming both shapes, if impossible
            if (WARNED.add(key)) {
                LOG.warn("{}: target shape {} differs from input shape {}; they are broadcast, which is likely not intended",
                        op, Shape.format(target.shape()), Shape.format(input.shape()));
            }
        }
        return input.sub(target);
    }
}
