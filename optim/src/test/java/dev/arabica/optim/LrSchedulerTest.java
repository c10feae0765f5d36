package dev.arabica.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LrSchedulerTest {

    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad_(true)), lr);
    }

    /** The learning rates of the first {@code steps} optimizer steps, read before each scheduler step. */
    private static double[] trace(double baseLr, int steps, Function<Optimizer<?>, LrScheduler> make) {
        SGD opt = sgd(baseLr);
        LrScheduler s = make.apply(opt);
        double[] lrs = new double[steps];
        for (int t = 0; t < steps; t++) {
            lrs[t] = opt.lr();
            assertEquals(lrs[t], s.currentLr());
            assertEquals(lrs[t], s.lastLr());
            assertEquals(t, s.epoch());
            s.step();
        }
        return lrs;
    }

    @Test
    void stepLR() {
        assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125},
                trace(0.1, 7, o -> new StepLR(o, 2, 0.5)), 1e-15);
    }

    @Test
    void multiStepLR() {
        assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.1, 0.01, 0.01},
                trace(1, 7, o -> new MultiStepLR(o, new int[] {2, 5}, 0.1)), 1e-15);
    }

    @Test
    void exponentialLR() {
        double[] lrs = trace(0.1, 30, o -> new ExponentialLR(o, 0.9));
        for (int t = 0; t < lrs.length; t++) assertEquals(0.1 * Math.pow(0.9, t), lrs[t], 1e-17);
    }

    @Test
    void cosineAnnealingFollowsTheCosinePastTMax() {
        double[] lrs = trace(0.1, 25, o -> new CosineAnnealingLR(o, 10, 0.001));
        assertEquals(0.1, lrs[0], 1e-15);
        assertEquals(0.001 + 0.099 * 0.5, lrs[5], 1e-15);
        assertEquals(0.001, lrs[10], 1e-15);
        assertEquals(lrs[9], lrs[11], 1e-15);  // rising again, symmetric around T_max
        assertEquals(0.1, lrs[20], 1e-15);
    }

    @Test
    void inverseTimeDecay() {
        assertArrayEquals(new double[] {1, 1 / 1.5, 1 / 2.0, 1 / 2.5}, trace(1, 4, o -> new InverseTimeDecay(o, 0.5)), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1 / 1.5, 1 / 1.5, 1 / 2.0}, trace(1, 5, o -> new InverseTimeDecay(o, 0.5, 2)),
                1e-15);
    }

    @Test
    void linearWarmupThenConstant() {
        assertArrayEquals(new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.1},
                trace(0.1, 6, o -> new LinearWarmup(o, 0.25, 3)), 1e-15);
        assertArrayEquals(new double[] {0, 0.5, 1, 1}, trace(1, 4, o -> new LinearWarmup(o, 0, 2)), 1e-15);
    }

    @Test
    void linearWarmupHandsOverToAnotherSchedule() {
        double[] lrs = trace(0.1, 8, o -> new LinearWarmup(o, 0.5, 2, new StepLR(o, 2, 0.1)));
        assertArrayEquals(new double[] {0.05, 0.075, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001}, lrs, 1e-15);
        double[] cos = trace(1, 6, o -> new LinearWarmup(o, 0.1, 2, new CosineAnnealingLR(o, 4, 0)));
        assertEquals(0.1, cos[0], 1e-15);
        assertEquals(1, cos[2], 1e-15);            // the cosine's epoch 0
        assertEquals(0.5, cos[4], 1e-15);          // cosine epoch 2 of T_max 4
        SGD other = sgd(1);
        var ex = assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(sgd(1), 0.1, 2, new StepLR(other, 1, 0.5)));
        assertEquals("LinearWarmup: the scheduler to hand over to drives another optimizer", ex.getMessage());
    }

    @Test
    void eachParamGroupDecaysFromItsOwnBase() {
        var a = Tensor.zeros(1).requiresGrad_(true);
        var b = Tensor.zeros(1).requiresGrad_(true);
        var defaults = SGD.Options.lr(1);
        var opt = SGD.ofGroups(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b), defaults.withLr(0.1))), defaults);
        var s = new ExponentialLR(opt, 0.5);
        s.step();
        assertArrayEquals(new double[] {0.5, 0.05}, s.lastLrs(), 1e-15);
        assertEquals(0.05, opt.lr(1), 1e-15);
        assertArrayEquals(new double[] {1, 0.1}, s.baseLrs());
    }

    @Test
    void customClosedForm() {
        assertArrayEquals(new double[] {1, 0.5, 1 / 3.0}, trace(1, 3, o -> new LrScheduler(o, (t, base) -> base / (t + 1))),
                1e-15);
    }

    @Test
    void validation() {
        SGD o = sgd(0.1);
        assertEquals("StepLR: step_size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new StepLR(o, 0, 0.5)).getMessage());
        assertEquals("ExponentialLR: gamma must be finite and >= 0, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> new ExponentialLR(o, -0.5)).getMessage());
        assertEquals("CosineAnnealingLR: T_max must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(o, 0, 0)).getMessage());
        assertEquals("InverseTimeDecay: timeInterval must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new InverseTimeDecay(o, 0.5, 0)).getMessage());
        assertEquals("LinearWarmup: startFactor must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(o, 1.5, 3)).getMessage());
        assertEquals("MultiStepLR: milestones must be non-negative, got [3, -1]",
                assertThrows(IllegalArgumentException.class, () -> new MultiStepLR(o, new int[] {3, -1}, 0.1)).getMessage());
        assertEquals("LinearLR: endFactor must be in [0, 1], got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new LinearLR(o, 0.5, 1.5, 3)).getMessage());
        assertEquals(0.1, o.lr()); // failed constructions leave the optimizer alone
    }

    @Test
    void stateDictRestoresThePosition() {
        SGD a = sgd(0.1);
        var s = new StepLR(a, 2, 0.5);
        for (int i = 0; i < 5; i++) s.step();
        Map<String, Tensor> sd = s.stateDict();
        assertEquals(5L, sd.get("last_epoch").getLong());
        assertArrayEquals(new float[] {0.1f}, sd.get("base_lrs").toFloatArray());

        SGD b = sgd(0.1);
        var r = new StepLR(b, 2, 0.5);
        r.loadStateDict(sd);
        assertEquals(5, r.epoch());
        assertEquals(a.lr(), b.lr());
        r.step();
        s.step();
        assertEquals(a.lr(), b.lr());

        var ex = assertThrows(IllegalArgumentException.class, () -> r.loadStateDict(Map.of("last_epoch", Tensor.ofLongs(new long[] {1}))));
        assertEquals("StepLR.loadStateDict: missing key 'base_lrs'", ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> r.loadStateDict(Map.of("last_epoch", Tensor.ofLongs(new long[] {1}),
                "base_lrs", Tensor.of(0.1f, 0.2f))));
        assertEquals("StepLR.loadStateDict: 'base_lrs' is float32 of shape [2], expected float32 of shape [1] (one per param group)",
                ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> r.loadStateDict(Map.of("gamma", Tensor.scalar(0.5f))));
        assertEquals("StepLR.loadStateDict: unexpected key 'gamma' (keys: last_epoch, base_lrs)", ex.getMessage());
    }

    @Test
    void multiStepIgnoresMilestoneOrderAndLinearLrDecays() {
        Tensor p = Tensor.zeros(1).requiresGrad_(true);
        SGD a = new SGD(java.util.List.of(p), 0.1), b = new SGD(java.util.List.of(p), 0.1);
        MultiStepLR sorted = new MultiStepLR(a, new int[] {2, 6}, 0.5), unsorted = new MultiStepLR(b, new int[] {6, 2}, 0.5);
        for (int t = 0; t < 9; t++) {
            assertEquals(a.lr(), b.lr(), "step " + t);
            sorted.step();
            unsorted.step();
        }
        SGD c = new SGD(java.util.List.of(p), 0.1);
        LinearLR decay = new LinearLR(c, 1.0, 0.1, 6);
        double[] expected = {0.1, 0.085, 0.07, 0.055, 0.04, 0.025, 0.01, 0.01};
        for (double e : expected) {
            assertEquals(e, c.lr(), 1e-12);
            decay.step();
        }
    }
}
