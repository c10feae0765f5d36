package dev.arabica.optim;

import static dev.arabica.optim.Checks.flag;
import static dev.arabica.optim.Checks.nonNegative;
import static dev.arabica.optim.Checks.scalar;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight
 * decay, exactly as {@code torch.optim.SGD}:
 * <pre>
 * d = g + weight_decay * p                     (g negated first if maximize)
 * b = d                                        on the parameter's first step
 * b = momentum * b + (1 - dampening) * d       afterwards
 * d = nesterov ? d + momentum * b : b          (when momentum != 0)
 * p = p - lr * d
 * </pre>
 * The momentum buffer is seeded with the raw first gradient, so dampening applies only from the
 * second step; for the exponentially weighted form {@code v = beta v + (1 - beta) g} started at 0
 * use {@link EwmaMomentum}.
 *
 * <pre>{@code
 * var sgd = new SGD(model.parameters(), SGD.Options.lr(0.1).withMomentum(0.9).withNesterov(true));
 * }</pre>
 */
public final class SGD extends Optimizer<SGD.Options> {
    private static final String NAME = "SGD";
    private static final int MOMENTUM_BUFFER = 0;

    /**
     * Hyperparameters of {@link SGD}.
     *
     * @param lr learning rate, {@code >= 0}
     * @param momentum momentum factor, {@code >= 0} (0 = plain SGD)
     * @param dampening dampening of the gradient in the momentum update
     * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
     * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
     * @param maximize maximize the objective instead of minimizing it
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
            boolean maximize) implements OptimizerOptions<Options> {

        public Options {
            nonNegative(NAME, "lr", lr);
            nonNegative(NAME, "momentum", momentum);
            nonNegative(NAME, "weight_decay", weightDecay);
            if (Double.isNaN(dampening)) throw new IllegalArgumentException(NAME + ": dampening must not be NaN");
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException(NAME + ": nesterov momentum requires a momentum > 0 and zero dampening, got momentum "
                        + momentum + ", dampening " + dampening);
            }
        }

        /** Plain SGD with learning rate {@code lr} (PyTorch defaults for everything else). */
        public static Options lr(double lr) {
            return new Options(lr, 0, 0, 0, false, false);
        }

        @Override public Options withLr(double lr) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }
        public Options withMomentum(double momentum) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }
        public Options withDampening(double dampening) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }
        public Options withWeightDecay(double weightDecay) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }
        public Options withNesterov(boolean nesterov) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }
        public Options withMaximize(boolean maximize) { return new Options(lr, momentum, dampening, weightDecay, nesterov, maximize); }

        @Override
        public LinkedHashMap<String, double[]> toMap() {
            var m = new LinkedHashMap<String, double[]>();
            m.put("lr", new double[] {lr});
            m.put("momentum", new double[] {momentum});
            m.put("dampening", new double[] {dampening});
            m.put("weight_decay", new double[] {weightDecay});
            m.put("nesterov", new double[] {nesterov ? 1 : 0});
            m.put("maximize", new double[] {maximize ? 1 : 0});
            return m;
        }

        @Override
        public Options fromMap(Map<String, double[]> v) {
            return new Options(scalar(NAME, v, "lr"), scalar(NAME, v, "momentum"), scalar(NAME, v, "dampening"),
                    scalar(NAME, v, "weight_decay"), flag(NAME, "nesterov", scalar(NAME, v, "nesterov")),
                    flag(NAME, "maximize", scalar(NAME, v, "maximize")));
        }
    }

    /** SGD over {@code params} with {@code options}. */
    public SGD(List<Tensor> params, Options options) {
        super(NAME, oneGroup(params), options, "momentum_buffer");
    }

    /** Plain SGD over {@code params} with learning rate {@code lr}. */
    public SGD(List<Tensor> params, double lr) {
        this(params, Options.lr(lr));
    }

    private SGD(ParamGroup[] groups, Options defaults) {
        super(NAME, List.of(groups), defaults, "momentum_buffer");
    }

    /** SGD over parameter groups; groups without options use {@code defaults}. */
    public static SGD ofGroups(List<ParamGroup> groups, Options defaults) {
        return new SGD(groupArray(groups), defaults);
    }

    @Override
    protected boolean usesBuffer(Options o, int index) {
        return o.momentum() != 0;
    }

    @Override
    protected void update(Options o, ParamState state, float[] param, float[] grad, int n) {
        float[] buf = null;
        boolean seed = false;
        if (o.momentum() != 0) {
            buf = state.buffer(MOMENTUM_BUFFER);
            seed = buf == null;
            if (seed) state.setBuffer(MOMENTUM_BUFFER, buf = new float[n]);
        }
        update(param, grad, buf, seed, n, o.lr(), o.momentum(), o.dampening(), o.weightDecay(), o.nesterov(), o.maximize());
    }

    /**
     * The SGD update of {@code n} elements, in place on {@code p} (and {@code buf}). Each element is
     * computed in double from the float values and rounded once when stored.
     *
     * @param buf the momentum buffer, or null when momentum is 0
     * @param seed whether this is the buffer's first step ({@code buf = d} instead of the momentum update)
     */
    static void update(float[] p, float[] g, float[] buf, boolean seed, int n, double lr, double momentum,
            double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        double sign = maximize ? -1 : 1, keep = 1 - dampening;
        boolean decay = weightDecay != 0;
        if (buf == null) {
            for (int i = 0; i < n; i++) {
                double d = decay ? sign * g[i] + weightDecay * p[i] : sign * g[i];
                p[i] = (float) (p[i] - lr * d);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double d = decay ? sign * g[i] + weightDecay * p[i] : sign * g[i];
            double b = seed ? d : momentum * buf[i] + keep * d;
            buf[i] = (float) b;
            p[i] = (float) (p[i] - lr * (nesterov ? d + momentum * b : b));
        }
    }
}
