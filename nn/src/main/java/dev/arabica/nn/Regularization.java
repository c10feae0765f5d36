package dev.arabica.nn;

import dev.arabica.core.Tensor;
import java.util.List;

/**
 * Penalty terms to add to a loss. They are plain sums; the scaling is the caller's choice. For the
 * cost {@code J = loss + lambda / (2m) * sum ||W||^2} of the classic course notation (m = training
 * examples), write {@code loss.add(Regularization.l2(weights).mul(lambda / (2f * m)))}. Usually only
 * weights are penalised, not biases (pass {@code Linear.weight()}s, not {@code parameters()}).
 *
 * <p>(An optimizer's {@code weight_decay} adds {@code wd * p} to the gradient instead, which for SGD
 * equals the gradient of {@code wd / 2 * l2(params)}.)
 */
public final class Regularization {
    private Regularization() {}

    /** {@code sum over tensors of sum(p^2)} as a 0-d tensor (0 for an empty list); differentiable. */
    public static Tensor l2(List<Tensor> params) {
        Tensor total = Tensor.scalar(0f);
        for (Tensor p : params) total = total.add(p.square().sum());
        return total;
    }

    /** {@code sum over tensors of sum(|p|)} as a 0-d tensor; differentiable (subgradient 0 at 0). */
    public static Tensor l1(List<Tensor> params) {
        Tensor total = Tensor.scalar(0f);
        for (Tensor p : params) total = total.add(p.abs().sum());
        return total;
    }
}
