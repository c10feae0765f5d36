package dev.arabica.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each optimizer's update rule on one- and two-element parameters, against values derived by hand. */
class OptimizersTest {

    /** A one-element parameter holding {@code value}. */
    private static Tensor param(float... values) {
        return Tensor.of(values).requiresGrad_(true);
    }

    /** Sets the gradient, steps, and returns the parameter's values. */
    private static float[] step(Optimizer<?> opt, Tensor p, float... grad) {
        p.setGrad(Tensor.of(grad));
        opt.step();
        return p.toFloatArray();
    }

    private static void near(double expected, float actual) {
        assertEquals((float) expected, actual, Math.ulp((float) expected) * 4, "expected " + expected);
    }

    // ------------------------------------------------------------------ SGD

    @Test
    void sgdPlainStep() {
        Tensor p = param(1f);
        var sgd = new SGD(List.of(p), 0.1);
        near(0.95, step(sgd, p, 0.5f)[0]);
        near(0.95 - 0.1 * -2, step(sgd, p, -2f)[0]);
    }

    @Test
    void sgdMomentumSeedsBufferWithRawGradientAndDampensFromStepTwo() {
        Tensor p = param(1f);
        var sgd = new SGD(List.of(p), SGD.Options.lr(0.1).withMomentum(0.9).withDampening(0.5));
        near(0.9, step(sgd, p, 1f)[0]);                 // buf = g = 1 (no dampening on step 1)
        near(0.9 - 0.1 * (0.9 * 1 + 0.5 * 1), step(sgd, p, 1f)[0]); // buf = 0.9*1 + 0.5*1 = 1.4
    }

    @Test
    void sgdNesterov() {
        Tensor p = param(1f);
        var sgd = new SGD(List.of(p), SGD.Options.lr(0.1).withMomentum(0.9).withNesterov(true));
        near(1 - 0.1 * 1.9, step(sgd, p, 1f)[0]);       // buf = 1; d = g + 0.9*buf = 1.9
        near(0.81 - 0.1 * 2.71, step(sgd, p, 1f)[0]);   // buf = 1.9; d = 1 + 0.9*1.9 = 2.71
    }

    @Test
    void sgdWeightDecayIsAddedToTheGradientBeforeMomentum() {
        Tensor p = param(2f);
        var sgd = new SGD(List.of(p), SGD.Options.lr(0.5).withWeightDecay(0.1).withMomentum(0.5));
        near(2 - 0.5 * 0.2, step(sgd, p, 0f)[0]);       // d = 0 + 0.1*2; buf = d
        double d2 = 0.1 * 1.9, buf2 = 0.5 * 0.2 + d2;
        near(1.9 - 0.5 * buf2, step(sgd, p, 0f)[0]);
    }

    @Test
    void sgdMaximizeAscends() {
        Tensor p = param(1f);
        var sgd = new SGD(List.of(p), SGD.Options.lr(0.1).withMaximize(true));
        near(1.05, step(sgd, p, 0.5f)[0]);
    }

    @Test
    void sgdZeroWeightDecayLeavesInfiniteParametersAlone() {
        Tensor p = param(Float.POSITIVE_INFINITY, 1f);
        var sgd = new SGD(List.of(p), SGD.Options.lr(0.1).withMomentum(0.9));
        float[] v = step(sgd, p, 0f, 1f);
        assertEquals(Float.POSITIVE_INFINITY, v[0]);
        near(0.9, v[1]);
    }

    // ------------------------------------------------------------------ EWMA momentum

    @Test
    void ewmaMomentumStartsFromZeroVelocity() {
        Tensor p = param(1f);
        var opt = new EwmaMomentum(List.of(p), EwmaMomentum.Options.lr(0.1).withBeta(0.9));
        near(0.99, step(opt, p, 1f)[0]);                // v = 0.1
        near(0.99 - 0.1 * 0.19, step(opt, p, 1f)[0]);   // v = 0.9*0.1 + 0.1 = 0.19
    }

    @Test
    void ewmaMomentumDiffersFromDampenedSgdOnlyByTheFirstStepSeed() {
        Tensor a = param(1f), b = param(1f);
        var ewma = new EwmaMomentum(List.of(a), EwmaMomentum.Options.lr(0.1).withBeta(0.9));
        var sgd = new SGD(List.of(b), SGD.Options.lr(0.1).withMomentum(0.9).withDampening(0.1));
        assertNotEquals(step(ewma, a, 1f)[0], step(sgd, b, 1f)[0]); // SGD seeds buf = g, EWMA v = 0.1 g
    }

    // ------------------------------------------------------------------ Adam, AdamW

    /** Adam's update of one element in double, written out from the formula. */
    private static double[] adam(double p, double[] grads, double lr, double b1, double b2, double eps, double wd,
            boolean decoupled) {
        double m = 0, v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            if (decoupled) p *= 1 - lr * wd;
            double g = grads[t - 1] + (decoupled ? 0 : wd * p);
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t)), vHat = v / (1 - Math.pow(b2, t));
            p -= lr * mHat / (Math.sqrt(vHat) + eps);
            out[t - 1] = p;
        }
        return out;
    }

    @Test
    void adamFirstStepMovesByLrTimesSignOfGradient() {
        Tensor p = param(1f, 1f);
        var adam = new Adam(List.of(p), Adam.Options.lr(0.1));
        float[] v = step(adam, p, 0.5f, -3f);
        near(1 - 0.1 * 0.5 / (0.5 + 1e-8), v[0]);     // m_hat = g, v_hat = g^2 on step 1
        near(1 + 0.1 * 3 / (3 + 1e-8), v[1]);
    }

    @Test
    void adamMatchesTheWrittenOutFormulaOverSeveralSteps() {
        double[] grads = {0.3, -0.1, 0.7, 1e-6};
        double[] expected = adam(0.5, grads, 0.01, 0.8, 0.99, 1e-8, 0, false);
        Tensor p = param(0.5f);
        var adam = new Adam(List.of(p), Adam.Options.lr(0.01).withBetas(0.8, 0.99));
        for (int t = 0; t < grads.length; t++) near(expected[t], step(adam, p, (float) grads[t])[0]);
    }

    @Test
    void adamAddsEpsAfterTheBiasCorrectedSquareRoot() {
        Tensor p = param(0f);
        var adam = new Adam(List.of(p), Adam.Options.lr(1).withEps(1e-6));
        // g = 1e-6: step = 1e-6 / (1e-6 + 1e-6) = 0.5; with eps inside the root it would be ~1e-3.
        near(-0.5, step(adam, p, 1e-6f)[0]);
    }

    @Test
    void adamWeightDecayIsCoupledL2() {
        double[] expected = adam(2, new double[] {0, 0}, 0.1, 0.9, 0.999, 1e-8, 0.5, false);
        Tensor p = param(2f);
        var adam = new Adam(List.of(p), Adam.Options.lr(0.1).withWeightDecay(0.5));
        near(expected[0], step(adam, p, 0f)[0]);       // g' = 0.5 * 2 = 1: moves by ~lr
        near(expected[1], step(adam, p, 0f)[0]);
    }

    @Test
    void adamWDecaysTheParameterBeforeTheAdamStep() {
        Tensor p = param(2f, 1f);
        var adamw = new AdamW(List.of(p), AdamW.options(0.1).withWeightDecay(0.5));
        float[] v = step(adamw, p, 0f, 0.25f);
        near(2 * (1 - 0.05), v[0]);                    // zero gradient: only the decay
        near(1 * 0.95 - 0.1 * 0.25 / (0.25 + 1e-8), v[1]);
        double[] expected = adam(1, new double[] {0.25, -0.5, 0.125}, 0.1, 0.9, 0.999, 1e-8, 0.5, true);
        near(expected[1], step(adamw, p, 0f, -0.5f)[1]);
        near(expected[2], step(adamw, p, 0f, 0.125f)[1]);
    }

    @Test
    void adamWDefaultWeightDecayIsOneHundredth() {
        assertEquals(0.01, AdamW.defaults().weightDecay());
        assertEquals(0.0, Adam.Options.defaults().weightDecay());
        assertEquals(1e-3, new AdamW(List.of(param(1f))).lr());
    }

    @Test
    void everyOptimizerHasTheUniformConstructors() {
        java.util.function.Function<Optimizer<?>, float[]> run = opt -> {
            Tensor p = opt.params().get(0);
            step(opt, p, 0.5f, -1f);
            return step(opt, p, -0.25f, 2f);
        };
        // X(params, lr) = X(params, Options.lr(lr)) with PyTorch's other defaults
        assertArrayEquals(run.apply(new Adam(List.of(param(1f, 2f)), 0.05)),
                run.apply(new Adam(List.of(param(1f, 2f)), Adam.Options.lr(0.05))));
        assertEquals(0.01, new AdamW(List.of(param(1f)), 0.05).options(0).weightDecay());
        assertArrayEquals(run.apply(new AdamW(List.of(param(1f, 2f)), 0.05)),
                run.apply(new AdamW(List.of(param(1f, 2f)), AdamW.options(0.05))));
        assertArrayEquals(run.apply(new RMSprop(List.of(param(1f, 2f)), 0.05)),
                run.apply(new RMSprop(List.of(param(1f, 2f)), RMSprop.Options.lr(0.05))));
        assertArrayEquals(run.apply(new SGD(List.of(param(1f, 2f)), 0.05)),
                run.apply(new SGD(List.of(param(1f, 2f)), SGD.Options.lr(0.05))));
        assertArrayEquals(run.apply(new EwmaMomentum(List.of(param(1f, 2f)), 0.05)),
                run.apply(new EwmaMomentum(List.of(param(1f, 2f)), EwmaMomentum.Options.lr(0.05))));
        // X(params): PyTorch's defaults
        assertEquals(Adam.Options.defaults(), new Adam(List.of(param(1f))).options(0));
        assertEquals(AdamW.defaults(), new AdamW(List.of(param(1f))).options(0));
        assertEquals(RMSprop.Options.defaults(), new RMSprop(List.of(param(1f))).options(0));
    }

    @Test
    void adamWIsTheAdamRuleWithDecoupledWeightDecay() {
        Tensor p = param(2f, -1f), q = param(2f, -1f);
        Adam adamw = new AdamW(List.of(p), AdamW.options(0.1).withWeightDecay(0.5));   // an Adam
        Adam adam = new Adam(List.of(q), Adam.Options.lr(0.1));
        step(adamw, p, 0.25f, -0.5f);
        step(adam, q, 0.25f, -0.5f);
        // the same moments; the parameters differ by the decay factor applied first
        assertEquals(adam.stateDict().get("state.0.exp_avg").toString(), adamw.stateDict().get("state.0.exp_avg").toString());
        near(q.get(0) - 2 + 2 * (1 - 0.05), p.get(0));
        assertEquals("AdamW", adamw.name());
    }

    @Test
    void amsgradUsesTheLargestSecondMoment() {
        Tensor p = param(0f);
        var adam = new Adam(List.of(p), Adam.Options.lr(0.1).withAmsgrad(true).withBetas(0.5, 0.5).withEps(0));
        step(adam, p, 1f);                              // m = 0.5, v = 0.5, vmax = 0.5
        float before = p.toFloatArray()[0];
        // step 2, g = 0: m = 0.25, v = 0.25 but vmax stays 0.5
        double mHat = 0.25 / 0.75, vHat = 0.5 / 0.75;
        near(before - 0.1 * mHat / Math.sqrt(vHat), step(adam, p, 0f)[0]);
    }

    // ------------------------------------------------------------------ RMSprop

    @Test
    void rmspropPutsEpsOutsideTheRoot() {
        Tensor p = param(1f);
        var opt = new RMSprop(List.of(p), RMSprop.Options.lr(0.01).withAlpha(0.9));
        double s = 0.1 * 0.25;
        near(1 - 0.01 * 0.5 / (Math.sqrt(s) + 1e-8), step(opt, p, 0.5f)[0]);
        double s2 = 0.9 * s + 0.1 * 4;
        near(p.toFloatArray()[0] - 0.01 * -2 / (Math.sqrt(s2) + 1e-8), step(opt, p, -2f)[0]);
    }

    @Test
    void rmspropCenteredWithMomentum() {
        Tensor p = param(1f);
        var opt = new RMSprop(List.of(p), RMSprop.Options.lr(0.01).withAlpha(0.9).withCentered(true).withMomentum(0.5)
                .withEps(0));
        double s = 0.1 * 0.25, a = 0.1 * 0.5, b = 0.5 / Math.sqrt(s - a * a);
        double p1 = 1 - 0.01 * b;
        near(p1, step(opt, p, 0.5f)[0]);
        double s2 = 0.9 * s + 0.1, a2 = 0.9 * a + 0.1, b2 = 0.5 * b + 1 / Math.sqrt(s2 - a2 * a2);
        near(p1 - 0.01 * b2, step(opt, p, 1f)[0]);
    }

    @Test
    void rmspropWeightDecay() {
        Tensor p = param(2f);
        var opt = new RMSprop(List.of(p), RMSprop.Options.lr(0.01).withWeightDecay(0.5).withEps(0));
        // g' = 1, s = 0.01: step = 1 / 0.1 = 10 * lr
        near(2 - 0.1, step(opt, p, 0f)[0]);
    }
}
