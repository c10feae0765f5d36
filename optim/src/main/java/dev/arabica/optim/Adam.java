package dev.arabica.optim;

import static dev.arabica.optim.Checks.flag;
import static dev.arabica.optim.Checks.inUnitInterval;
import static dev.arabica.optim.Checks.nonNegative;
import static dev.arabica.optim.Checks.scalar;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam, exactly as {@code torch.optim.Adam} (PyTorch 1.13), at step {@code t = 1, 2, ...}:
 * <pre>
 * g = g + weight_decay * p                     (coupled L2; g negated first if maximize)
 * m = beta1 * m + (1 - beta1) * g              (m, v start at 0)
 * v = beta2 * v + (1 - beta2) * g^2
 * vmax = max(vmax, v); use vmax for v          (amsgrad only)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * {@code eps} is added after the bias-corrected square root. {@link AdamW} is this rule with
 * decoupled weight decay.
 *
 * <pre>{@code
 * var adam = new Adam(model.parameters(), 1e-3);
 * var amsgrad = new Adam(model.parameters(), Adam.Options.lr(1e-3).withAmsgrad(true));
 * }</pre>
 */
public class Adam extends Optimizer<Adam.Options> {
    private static final String NAME = "Adam";
    static final String[] BUFFERS = {"exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
    private final boolean decoupled;

    /**
     * Hyperparameters of {@link Adam} and {@link AdamW}.
     *
     * @param lr learning rate, {@code >= 0}
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, {@code >= 0}
     * @param weightDecay {@code >= 0}; Adam adds the L2 term {@code weight_decay * p} to the
     *     gradient, AdamW multiplies {@code p} by {@code 1 - lr * weight_decay} each step
     * @param amsgrad use the maximum of the second moments seen so far (AMSGrad)
     * @param maximize maximize the objective instead of minimizing it
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
            boolean maximize) implements OptimizerOptions<Options> {

        public Options {
            nonNegative(NAME, "lr", lr);
            inUnitInterval(NAME, "betas[0]", beta1);
            inUnitInterval(NAME, "betas[1]", beta2);
            nonNegative(NAME, "eps", eps);
            nonNegative(NAME, "weight_decay", weightDecay);
        }

        /** PyTorch's Adam defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Options defaults() {
            return lr(1e-3);
        }

        /** Adam's defaults with learning rate {@code lr} (weight decay 0; AdamW's default is {@link AdamW#options(double)}). */
        public static Options lr(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false, false);
        }

        @Override public Options withLr(double lr) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withBetas(double beta1, double beta2) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withEps(double eps) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withWeightDecay(double weightDecay) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withAmsgrad(boolean amsgrad) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }
        public Options withMaximize(boolean maximize) { return new Options(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize); }

        @Override
        public LinkedHashMap<String, double[]> toMap() {
            var m = new LinkedHashMap<String, double[]>();
            m.put("lr", new double[] {lr});
            m.put("betas", new double[] {beta1, beta2});
            m.put("eps", new double[] {eps});
            m.put("weight_decay", new double[] {weightDecay});
            m.put("amsgrad", new double[] {amsgrad ? 1 : 0});
            m.put("maximize", new double[] {maximize ? 1 : 0});
            return m;
        }

        @Override
        public Options fromMap(Map<String, double[]> v) {
            double[] betas = v.get("betas");
            if (betas == null || betas.length != 2) throw new IllegalArgumentException(NAME + ": betas must have 2 values");
            return new Options(scalar(NAME, v, "lr"), betas[0], betas[1], scalar(NAME, v, "eps"),
                    scalar(NAME, v, "weight_decay"), flag(NAME, "amsgrad", scalar(NAME, v, "amsgrad")),
                    flag(NAME, "maximize", scalar(NAME, v, "maximize")));
        }
    }

    /** Adam over {@code params} with PyTorch's defaults. */
    public Adam(List<Tensor> params) {
        this(params, Options.defaults());
    }

    /** Adam over {@code params} with learning rate {@code lr} and PyTorch's other defaults. */
    public Adam(List<Tensor> params, double lr) {
        this(params, Options.lr(lr));
    }

    /** Adam over {@code params} with {@code options}. */
    public Adam(List<Tensor> params, Options options) {
        this(NAME, oneGroup(params).toArray(new ParamGroup[0]), options, false);
    }

    /**
     * The Adam rule under another name; {@code decoupled} selects AdamW's weight decay.
     *
     * @param groups the parameter groups; groups without options use {@code defaults}
     */
    Adam(String name, ParamGroup[] groups, Options defaults, boolean decoupled) {
        super(name, List.of(groups), defaults, BUFFERS);
        this.decoupled = decoupled;
    }

    /** Adam over parameter groups; groups without options use {@code defaults}. */
    public static Adam ofGroups(List<ParamGroup> groups, Options defaults) {
        return new Adam(NAME, groupArray(groups), defaults, false);
    }

    @Override
    protected final boolean usesBuffer(Options o, int index) {
        return index < 2 || o.amsgrad();
    }

    @Override
    protected final void update(Options o, ParamState state, float[] param, float[] grad, int n) {
        update(param, grad, state.zeroBuffer(0, n), state.zeroBuffer(1, n), o.amsgrad() ? state.zeroBuffer(2, n) : null,
                n, state.step(), o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(), decoupled, o.maximize());
    }

    // ------------------------------------------------------------------ the rule

    /**
     * The Adam/AdamW update of {@code n} elements at step {@code step} (1-based), in place on
     * {@code p}, {@code m}, {@code v} and {@code vmax}. Each element is computed in double from the
     * float values and rounded once when stored.
     *
     * @param vmax the running maximum of {@code v} (AMSGrad), or null
     * @param decoupled AdamW: {@code p *= 1 - lr * weightDecay} first and no L2 term in the gradient
     */
    static void update(float[] p, float[] g, float[] m, float[] v, float[] vmax, int n, long step, double lr,
            double beta1, double beta2, double eps, double weightDecay, boolean decoupled, boolean maximize) {
        double stepSize = lr / (1 - Math.pow(beta1, step));
        // sqrt(v) / sqrt(1 - beta2^t) as a product: in double the difference is far below float rounding.
        double inverseBiasCorrection2Sqrt = 1 / Math.sqrt(1 - Math.pow(beta2, step));
        double decay = decoupled ? 1 - lr * weightDecay : 1;
        boolean l2 = !decoupled && weightDecay != 0;
        double sign = maximize ? -1 : 1;
        boolean amsgrad = vmax != null;
        for (int i = 0; i < n; i++) {
            double pi = p[i] * decay;
            double gi = l2 ? sign * g[i] + weightDecay * pi : sign * g[i];
            double mi = beta1 * m[i] + (1 - beta1) * gi;
            double vi = beta2 * v[i] + (1 - beta2) * gi * gi;
            m[i] = (float) mi;
            v[i] = (float) vi;
            if (amsgrad) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = (float) vi;
            }
            p[i] = (float) (pi - stepSize * mi / (Math.sqrt(vi) * inverseBiasCorrection2Sqrt + eps));
        }
    }
}
