package dev.arabica.optim;

import dev.arabica.core.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, exactly as {@code torch.optim.AdamW} (PyTorch 1.13): first
 * {@code p = p * (1 - lr * weight_decay)}, then the {@link Adam} update with the raw gradient (no
 * L2 term). It takes {@link Adam.Options}; PyTorch's AdamW default weight decay is 0.01, which
 * {@link #options(double)} and the constructors without options use.
 *
 * <pre>{@code
 * var adamw = new AdamW(model.parameters(), 3e-4);                                  // weight decay 0.01
 * var custom = new AdamW(model.parameters(), AdamW.options(3e-4).withWeightDecay(0.1));
 * }</pre>
 * Note that {@code Adam.Options.lr(lr)} has Adam's default weight decay 0.
 */
public final class AdamW extends Adam {
    private static final String NAME = "AdamW";

    /** PyTorch's AdamW defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static Adam.Options defaults() {
        return options(1e-3);
    }

    /** AdamW's defaults with learning rate {@code lr} (weight decay 0.01). */
    public static Adam.Options options(double lr) {
        return Adam.Options.lr(lr).withWeightDecay(1e-2);
    }

    /** AdamW over {@code params} with PyTorch's defaults. */
    public AdamW(List<Tensor> params) {
        this(params, defaults());
    }

    /** AdamW over {@code params} with learning rate {@code lr} and PyTorch's other defaults (weight decay 0.01). */
    public AdamW(List<Tensor> params, double lr) {
        this(params, options(lr));
    }

    /** AdamW over {@code params} with {@code options}. */
    public AdamW(List<Tensor> params, Adam.Options options) {
        super(NAME, oneGroup(params).toArray(new ParamGroup[0]), options, true);
    }

    private AdamW(ParamGroup[] groups, Adam.Options defaults) {
        super(NAME, groups, defaults, true);
    }

    /** AdamW over parameter groups; groups without options use {@code defaults}. */
    public static AdamW ofGroups(List<ParamGroup> groups, Adam.Options defaults) {
        return new AdamW(groupArray(groups), defaults);
    }
}
