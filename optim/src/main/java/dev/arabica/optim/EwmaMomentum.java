package dev.arabica.optim;

import static dev.arabica.optim.Checks.inUnitInterval;
import static dev.arabica.optim.Checks.nonNegative;
import static dev.arabica.optim.Checks.scalar;

import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient descent with exponentially weighted (EWMA) momentum, the form taught in many courses:
 * <pre>
 * v = beta * v + (1 - beta) * g                (v starts at 0, no bias correction)
 * p = p - lr * v
 * </pre>
 * Not a {@code torch.optim} class: {@link SGD} with {@code momentum = beta} and
 * {@code dampening = 1 - beta} differs on the first step, where it seeds its buffer with the raw
 * gradient instead of {@code (1 - beta) * g}.
 */
public final class EwmaMomentum extends Optimizer<EwmaMomentum.Options> {
    private static final String NAME = "EwmaMomentum";

    /**
     * Hyperparameters of {@link EwmaMomentum}.
     *
     * @param lr learning rate, {@code >= 0}
     * @param beta weight of the previous velocity, in [0, 1)
     */
    public record Options(double lr, double beta) implements OptimizerOptions<Options> {

        public Options {
            nonNegative(NAME, "lr", lr);
            inUnitInterval(NAME, "beta", beta);
        }

        /** Learning rate {@code lr} with {@code beta = 0.9}. */
        public static Options lr(double lr) {
            return new Options(lr, 0.9);
        }

        @Override public Options withLr(double lr) { return new Options(lr, beta); }
        public Options withBeta(double beta) { return new Options(lr, beta); }

        @Override
        public LinkedHashMap<String, double[]> toMap() {
            var m = new LinkedHashMap<String, double[]>();
            m.put("lr", new double[] {lr});
            m.put("beta", new double[] {beta});
            return m;
        }

        @Override
        public Options fromMap(Map<String, double[]> v) {
            return new Options(scalar(NAME, v, "lr"), scalar(NAME, v, "beta"));
        }
    }

    /** EWMA momentum over {@code params} with {@code options}. */
    public EwmaMomentum(List<Tensor> params, Options options) {
        super(NAME, oneGroup(params), options, "velocity");
    }

    /** EWMA momentum over {@code params} with learning rate {@code lr} and {@code beta = 0.9}. */
    public EwmaMomentum(List<Tensor> params, double lr) {
        this(params, Options.lr(lr));
    }

    private EwmaMomentum(ParamGroup[] groups, Options defaults) {
        super(NAME, List.of(groups), defaults, "velocity");
    }

    /** EWMA momentum over parameter groups; groups without options use {@code defaults}. */
    public static EwmaMomentum ofGroups(List<ParamGroup> groups, Options defaults) {
        return new EwmaMomentum(groupArray(groups), defaults);
    }

    @Override
    protected boolean usesBuffer(Options o, int index) {
        return true;
    }

    @Override
    protected void update(Options o, ParamState state, float[] param, float[] grad, int n) {
        update(param, grad, state.zeroBuffer(0, n), n, o.lr(), o.beta());
    }

    /**
     * The update of {@code n} elements, in place on {@code p} and the velocity {@code v}. Each element
     * is computed in double from the float values and rounded once when stored.
     */
    static void update(float[] p, float[] g, float[] v, int n, double lr, double beta) {
        for (int i = 0; i < n; i++) {
            double vi = beta * v[i] + (1 - beta) * g[i];
            v[i] = (float) vi;
            p[i] = (float) (p[i] - lr * vi);
        }
    }
}
