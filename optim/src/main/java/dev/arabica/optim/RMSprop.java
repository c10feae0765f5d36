package dev.arabica.optim;

import static dev.arabica.optim.Checks.flag;
import static dev.arabica.optim.Checks.nonNegative;
import static dev.arabica.optim.Checks.scalar;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, exactly as {@code torch.optim.RMSprop} (PyTorch 1.13):
 * <pre>
 * g = g + weight_decay * p                     (g negated first if maximize)
 * s = alpha * s + (1 - alpha) * g^2            (s, a, b start at 0)
 * a = alpha * a + (1 - alpha) * g              (centered only)
 * d = sqrt(s - a^2) + eps  if centered,  sqrt(s) + eps  otherwise   (eps outside the root)
 * b = momentum * b + g / d;  p = p - lr * b    if momentum > 0
 * p = p - lr * g / d                           otherwise
 * </pre>
 */
public final class RMSprop extends Optimizer<RMSprop.Options> {
    private static final String NAME = "RMSprop";
    private static final String[] BUFFERS = {"square_avg", "momentum_buffer", "grad_avg"};
    private static final int SQUARE_AVG = 0, MOMENTUM_BUFFER = 1, GRAD_AVG = 2;

    /**
     * Hyperparameters of {@link RMSprop}.
     *
     * @param lr learning rate, {@code >= 0}
     * @param alpha smoothing constant of the squared-gradient average, {@code >= 0}
     * @param eps added to the root, {@code >= 0}
     * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
     * @param momentum momentum factor, {@code >= 0}
     * @param centered normalize by the estimated variance of the gradient instead of its second moment
     * @param maximize maximize the objective instead of minimizing it
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
            boolean maximize) implements OptimizerOptions<Options> {

        public Options {
            nonNegative(NAME, "lr", lr);
            nonNegative(NAME, "alpha", alpha);
            nonNegative(NAME, "eps", eps);
            nonNegative(NAME, "weight_decay", weightDecay);
            nonNegative(NAME, "momentum", momentum);
        }

        /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, no weight decay or momentum, not centered. */
        public static Options defaults() {
            return lr(1e-2);
        }

        /** The defaults with learning rate {@code lr}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.99, 1e-8, 0, 0, false, false);
        }

        @Override public Options withLr(double lr) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withAlpha(double alpha) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withEps(double eps) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withWeightDecay(double weightDecay) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withMomentum(double momentum) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withCentered(boolean centered) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }
        public Options withMaximize(boolean maximize) { return new Options(lr, alpha, eps, weightDecay, momentum, centered, maximize); }

        @Override
        public LinkedHashMap<String, double[]> toMap() {
            var m = new LinkedHashMap<String, double[]>();
            m.put("lr", new double[] {lr});
            m.put("alpha", new double[] {alpha});
            m.put("eps", new double[] {eps});
            m.put("weight_decay", new double[] {weightDecay});
            m.put("momentum", new double[] {momentum});
            m.put("centered", new double[] {centered ? 1 : 0});
            m.put("maximize", new double[] {maximize ? 1 : 0});
            return m;
        }

        @Override
        public Options fromMap(Map<String, double[]> v) {
            return new Options(scalar(NAME, v, "lr"), scalar(NAME, v, "alpha"), scalar(NAME, v, "eps"),
                    scalar(NAME, v, "weight_decay"), scalar(NAME, v, "momentum"),
                    flag(NAME, "centered", scalar(NAME, v, "centered")), flag(NAME, "maximize", scalar(NAME, v, "maximize")));
        }
    }

    /** RMSprop over {@code params} with {@code options}. */
    public RMSprop(List<Tensor> params, Options options) {
        super(NAME, oneGroup(params), options, BUFFERS);
    }

    /** RMSprop over {@code params} with PyTorch's defaults. */
    public RMSprop(List<Tensor> params) {
        this(params, Options.defaults());
    }

    /** RMSprop over {@code params} with learning rate {@code lr} and PyTorch's other defaults. */
    public RMSprop(List<Tensor> params, double lr) {
        this(params, Options.lr(lr));
    }

    private RMSprop(ParamGroup[] groups, Options defaults) {
        super(NAME, List.of(groups), defaults, BUFFERS);
    }

    /** RMSprop over parameter groups; groups without options use {@code defaults}. */
    public static RMSprop ofGroups(List<ParamGroup> groups, Options defaults) {
        return new RMSprop(groupArray(groups), defaults);
    }

    @Override
    protected boolean usesBuffer(Options o, int index) {
        return index == SQUARE_AVG || (index == MOMENTUM_BUFFER && o.momentum() > 0) || (index == GRAD_AVG && o.centered());
    }

    @Override
    protected void update(Options o, ParamState state, float[] param, float[] grad, int n) {
        update(param, grad, state.zeroBuffer(SQUARE_AVG, n), o.momentum() > 0 ? state.zeroBuffer(MOMENTUM_BUFFER, n) : null,
                o.centered() ? state.zeroBuffer(GRAD_AVG, n) : null, n, o.lr(), o.alpha(), o.eps(), o.weightDecay(),
                o.momentum(), o.maximize());
    }

    /**
     * The RMSprop update of {@code n} elements, in place on {@code p} and the buffers. Each element
     * is computed in double from the float values and rounded once when stored.
     *
     * @param buf the momentum buffer, or null when momentum is 0
     * @param gradAvg the gradient average (centered), or null
     */
    static void update(float[] p, float[] g, float[] squareAvg, float[] buf, float[] gradAvg, int n, double lr,
            double alpha, double eps, double weightDecay, double momentum, boolean maximize) {
        double sign = maximize ? -1 : 1;
        boolean decay = weightDecay != 0, centered = gradAvg != null, useMomentum = buf != null;
        for (int i = 0; i < n; i++) {
            double gi = decay ? sign * g[i] + weightDecay * p[i] : sign * g[i];
            double s = alpha * squareAvg[i] + (1 - alpha) * gi * gi;
            squareAvg[i] = (float) s;
            double avg;
            if (centered) {
                double a = alpha * gradAvg[i] + (1 - alpha) * gi;
                gradAvg[i] = (float) a;
                avg = Math.sqrt(s - a * a) + eps;
            } else {
                avg = Math.sqrt(s) + eps;
            }
            if (useMomentum) {
                double b = momentum * buf[i] + gi / avg;
                buf[i] = (float) b;
                p[i] = (float) (p[i] - lr * b);
            } else {
                p[i] = (float) (p[i] - lr * gi / avg);
            }
        }
    }
}
