package dev.arabica.optim;

import static dev.arabica.optim.Checks.flag;
import static dev.arabica.optim.Checks.scalar;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay, exactly as {@code torch.optim.AdamW} (PyTorch 1.13): first
 * {@code p = p * (1 - lr * weight_decay)}, then the {@link Adam} update with the raw gradient (no
 * L2 term). Default weight decay 0.01.
 */
public final class AdamW extends Optimizer {
    private static final String NAME = "AdamW";

    /**
     * Hyperparameters of {@link AdamW}; as {@link Adam.Options}, with decoupled weight decay.
     *
     * @param weightDecay decoupled decay: each step multiplies {@code p} by {@code 1 - lr * weightDecay}
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) implements OptimizerOptions {

        public Options {
            Adam.validate(NAME, lr, beta1, beta2, eps, weightDecay);
        }

        /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
        public static Options defaults() {
            return lr(1e-3);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 1e-2, false, false);
        }

        @Override public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withBetas(double beta1, double beta2) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withEps(double eps) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withWeightDecay(double weightDecay) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withAmsgrad(boolean amsgrad) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withMaximize(boolean maximize) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        @Override
        public LinkedHashMap<String, double[]> toMap() {
            return Adam.map(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize);
        }

        @Override
        public Options fromMap(Map<String, double[]> v) {
            double[] betas = Adam.betas(NAME, v);
            return new Options(scalar(NAME, v, "lr"), betas[0], betas[1], scalar(NAME, v, "eps"),
                    scalar(NAME, v, "weight_decay"), flag(NAME, "amsgrad", scalar(NAME, v, "amsgrad")),
                    flag(NAME, "maximize", scalar(NAME, v, "maximize")));
        }
    }

    /** AdamW over {@code params} with {@code options}. */
    public AdamW(List<Tensor> params, Options options) {
        super(NAME, oneGroup(params), options, Adam.BUFFERS);
    }

    /** AdamW over {@code params} with PyTorch's defaults. */
    public AdamW(List<Tensor> params) {
        this(params, Options.defaults());
    }

    private AdamW(ParamGroup[] groups, Options defaults) {
        super(NAME, List.of(groups), defaults, Adam.BUFFERS);
    }

    /** AdamW over parameter groups; groups without options use {@code defaults}. */
    public static AdamW ofGroups(List<ParamGroup> groups, Options defaults) {
        return new AdamW(groups.toArray(new ParamGroup[0]), defaults);
    }

    @Override
    protected boolean usesBuffer(OptimizerOptions options, int index) {
        return index < 2 || ((Options) options).amsgrad();
    }

    @Override
    protected void update(OptimizerOptions options, ParamState state, float[] param, float[] grad, int n) {
        Options o = (Options) options;
        Adam.update(param, grad, state.zeroBuffer(0, n), state.zeroBuffer(1, n), o.amsgrad() ? state.zeroBuffer(2, n) : null,
                n, state.step(), o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), true, o.maximize());
    }
}
