package dev.arabica.optim;

import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Parameters that share hyperparameters, like an entry of PyTorch's {@code param_groups}.
 *
 * <pre>{@code
 * var defaults = SGD.Options.lr(0.1).withMomentum(0.9);
 * var sgd = SGD.ofGroups(List.of(
 *         new ParamGroup(backbone.parameters(), defaults.withLr(0.01)),   // its own options
 *         new ParamGroup(head.parameters())),                             // the defaults
 *     defaults);
 * }</pre>
 *
 * @param params the parameters (leaf float tensors; the list is copied)
 * @param options this group's hyperparameters, of the optimizer's own {@code Options} type, or
 *     {@code null} for the optimizer's defaults
 */
public record ParamGroup(List<Tensor> params, OptimizerOptions<?> options) {

    public ParamGroup {
        Objects.requireNonNull(params, "params");
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) throw new NullPointerException("ParamGroup: parameter " + i + " is null");
        }
        params = List.copyOf(params);
    }

    /** A group that uses the optimizer's default options. */
    public ParamGroup(List<Tensor> params) {
        this(params, null);
    }
}
