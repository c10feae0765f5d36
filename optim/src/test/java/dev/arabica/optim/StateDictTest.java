package dev.arabica.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Saving and restoring optimizer (and scheduler) state resumes training bit for bit. */
class StateDictTest {

    /** Builds an optimizer over the given parameters. */
    private static Function<List<Tensor>, Optimizer<?>> factory(String kind) {
        return switch (kind) {
            case "sgd" -> ps -> new SGD(ps, SGD.Options.lr(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3));
            case "sgd_dampening" -> ps -> new SGD(ps, SGD.Options.lr(0.05).withMomentum(0.9).withDampening(0.3));
            case "adam" -> ps -> new Adam(ps, Adam.Options.lr(0.01).withAmsgrad(true).withWeightDecay(1e-2));
            case "adamw" -> ps -> new AdamW(ps, AdamW.options(0.01));
            case "rmsprop" -> ps -> new RMSprop(ps, RMSprop.Options.lr(0.01).withCentered(true).withMomentum(0.5));
            case "ewma" -> ps -> new EwmaMomentum(ps, EwmaMomentum.Options.lr(0.1));
            case "groups" -> ps -> Adam.ofGroups(List.of(new ParamGroup(ps.subList(0, 1)),
                    new ParamGroup(ps.subList(1, ps.size()), Adam.Options.lr(0.003).withBetas(0.8, 0.95))), Adam.Options.lr(0.01));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static List<Tensor> params(long seed) {
        var gen = new Generator(seed);
        return List.of(Tensor.randn(gen, 3, 4).requiresGrad_(true), Tensor.randn(gen, 5).requiresGrad_(true),
                Tensor.randn(gen, 2, 2).requiresGrad_(true));
    }

    private static List<Tensor> copies(List<Tensor> ps) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : ps) out.add(Tensor.of(p.toFloatArray(), p.shape()).requiresGrad_(true));
        return out;
    }

    /** Step {@code step}'s gradients; parameter 2 gets none on step 1 (its state lags behind). */
    private static void setGrads(List<Tensor> ps, int step) {
        var gen = new Generator(1000 + step);
        for (int i = 0; i < ps.size(); i++) {
            Tensor p = ps.get(i);
            p.setGrad(i == 2 && step == 1 ? null : Tensor.randn(gen, p.shape()));
        }
    }

    private static void assertBitwiseEqual(List<Tensor> expected, List<Tensor> actual) {
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i).toFloatArray(), a = actual.get(i).toFloatArray();
            for (int k = 0; k < e.length; k++) {
                assertEquals(Float.floatToRawIntBits(e[k]), Float.floatToRawIntBits(a[k]),
                        "parameter " + i + " element " + k + ": " + a[k] + " != " + e[k]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_dampening", "adam", "adamw", "rmsprop", "ewma", "groups"})
    void resumingFromAStateDictMatchesAnUninterruptedRunBitForBit(String kind) {
        List<Tensor> straight = params(7);
        Optimizer<?> a = factory(kind).apply(straight);
        for (int step = 0; step < 5; step++) {
            setGrads(straight, step);
            a.step();
        }

        List<Tensor> interrupted = params(7);
        Optimizer<?> b = factory(kind).apply(interrupted);
        for (int step = 0; step < 3; step++) {
            setGrads(interrupted, step);
            b.step();
        }
        Map<String, Tensor> saved = b.stateDict();
        List<Tensor> resumed = copies(interrupted);
        for (int step = 3; step < 6; step++) { // later steps of the old optimizer must not leak into the saved copy
            setGrads(interrupted, step);
            b.step();
        }

        Optimizer<?> c = factory(kind).apply(resumed);
        c.loadStateDict(saved);
        for (int step = 3; step < 5; step++) {
            setGrads(resumed, step);
            c.step();
        }
        assertBitwiseEqual(straight, resumed);
        assertEquals(a.stepCount(0), c.stepCount(0));
        assertEquals(a.stepCount(2), c.stepCount(2));
        assertEquals(4, c.stepCount(2));
    }

    @Test
    void keysFollowPyTorchNames() {
        List<Tensor> ps = params(1);
        var adam = new Adam(ps, Adam.Options.lr(0.01).withAmsgrad(true));
        setGrads(ps, 1);
        adam.step();
        Map<String, Tensor> sd = adam.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq",
                "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq", "state.1.max_exp_avg_sq",
                "param_groups.0.lr", "param_groups.0.betas", "param_groups.0.eps", "param_groups.0.weight_decay",
                "param_groups.0.amsgrad", "param_groups.0.maximize", "param_groups.0.params"), List.copyOf(sd.keySet()));
        assertEquals(1L, sd.get("state.1.step").getLong());
        assertEquals(0, sd.get("state.1.step").dim());
        assertArrayEquals(new int[] {5}, sd.get("state.1.exp_avg").shape());
        assertEquals(0.01f, sd.get("param_groups.0.lr").item());
        assertEquals(0, sd.get("param_groups.0.lr").dim());
        assertArrayEquals(new float[] {0.9f, 0.999f}, sd.get("param_groups.0.betas").toFloatArray());
        assertEquals(1f, sd.get("param_groups.0.amsgrad").item());
        assertArrayEquals(new long[] {0, 1, 2}, sd.get("param_groups.0.params").toLongArray());
    }

    @Test
    void survivesASafetensorsRoundTrip(@TempDir Path dir) throws Exception {
        List<Tensor> straight = params(3), interrupted = params(3);
        var a = new Adam(straight, Adam.Options.lr(0.01));
        var b = new Adam(interrupted, Adam.Options.lr(0.01));
        for (int step = 0; step < 5; step++) {
            setGrads(straight, step);
            a.step();
        }
        for (int step = 0; step < 2; step++) {
            setGrads(interrupted, step);
            b.step();
        }
        Path file = dir.resolve("optimizer.safetensors");
        TensorFiles.writeSafetensors(file, b.stateDict(), Map.of());
        assertTrue(Files.size(file) > 0);
        List<Tensor> resumed = copies(interrupted);
        var c = new Adam(resumed, Adam.Options.lr(0.01));
        c.loadStateDict(TensorFiles.readSafetensors(file));
        for (int step = 2; step < 5; step++) {
            setGrads(resumed, step);
            c.step();
        }
        assertBitwiseEqual(straight, resumed);
    }

    @Test
    void optimizerAndSchedulerResumeTogether() {
        List<Tensor> straight = params(5), interrupted = params(5);
        var a = new SGD(straight, SGD.Options.lr(0.1).withMomentum(0.9));
        var sa = new CosineAnnealingLR(a, 7, 1e-3);
        var b = new SGD(interrupted, SGD.Options.lr(0.1).withMomentum(0.9));
        var sb = new CosineAnnealingLR(b, 7, 1e-3);
        for (int step = 0; step < 6; step++) {
            setGrads(straight, step);
            a.step();
            sa.step();
        }
        for (int step = 0; step < 3; step++) {
            setGrads(interrupted, step);
            b.step();
            sb.step();
        }
        Map<String, Tensor> optimizerState = b.stateDict(), schedulerState = sb.stateDict();
        List<Tensor> resumed = copies(interrupted);
        var c = new SGD(resumed, SGD.Options.lr(0.1).withMomentum(0.9));
        var sc = new CosineAnnealingLR(c, 7, 1e-3);
        c.loadStateDict(optimizerState);
        sc.loadStateDict(schedulerState);
        assertEquals(sb.lastLr(), c.lr());
        for (int step = 3; step < 6; step++) {
            setGrads(resumed, step);
            c.step();
            sc.step();
        }
        assertBitwiseEqual(straight, resumed);
        assertEquals(sa.lastLr(), sc.lastLr());
        assertEquals(6, sc.epoch());
    }

    @Test
    void storedHyperparametersReplaceDifferentOnes() {
        List<Tensor> ps = params(1);
        var sgd = new SGD(ps, SGD.Options.lr(0.01).withMomentum(0.5));
        var other = new SGD(copies(ps), SGD.Options.lr(0.5).withMomentum(0.9));
        other.loadStateDict(sgd.stateDict());
        assertEquals((double) 0.01f, other.lr());
        assertEquals(0.5, other.options(0).momentum());
        var same = new SGD(copies(ps), SGD.Options.lr(0.01).withMomentum(0.5));
        same.loadStateDict(sgd.stateDict());
        assertEquals(0.01, same.lr()); // equal at float precision: the exact double is kept
    }

    // ------------------------------------------------------------------ validation

    private static Map<String, Tensor> adamState() {
        List<Tensor> ps = params(1);
        var adam = new Adam(ps, Adam.Options.lr(0.01));
        setGrads(ps, 0);
        adam.step();
        return new LinkedHashMap<>(adam.stateDict());
    }

    private static void rejects(String message, Map<String, Tensor> dict) {
        List<Tensor> ps = params(2);
        var adam = new Adam(ps, Adam.Options.lr(0.02));
        var ex = assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(dict));
        assertEquals(message, ex.getMessage());
        assertEquals(0.02, adam.lr()); // unchanged
        assertEquals(0, adam.stepCount(0));
    }

    @Test
    void rejectsUnknownKeys() {
        var sd = adamState();
        sd.put("state.0.momentum_buffer", Tensor.zeros(3, 4));
        rejects("Adam.loadStateDict: unexpected key 'state.0.momentum_buffer' (Adam per-parameter state: step, exp_avg, "
                + "exp_avg_sq, max_exp_avg_sq)", sd);
        sd = adamState();
        sd.put("param_groups.0.momentum", Tensor.scalar(0.9f));
        rejects("Adam.loadStateDict: unexpected key 'param_groups.0.momentum' (Adam hyperparameters: lr, betas, eps, "
                + "weight_decay, amsgrad, maximize, params)", sd);
        sd = adamState();
        sd.put("param_groups.1.lr", Tensor.scalar(0.9f));
        rejects("Adam.loadStateDict: unexpected key 'param_groups.1.lr' (this Adam has 1 param group(s) and 3 parameter(s); "
                + "keys are state.<i>.<name> and param_groups.<g>.<name>)", sd);
        sd = adamState();
        sd.put("state.3.step", Tensor.ofLongs(new long[] {1}));
        rejects("Adam.loadStateDict: unexpected key 'state.3.step' (this Adam has 1 param group(s) and 3 parameter(s); "
                + "keys are state.<i>.<name> and param_groups.<g>.<name>)", sd);
        sd = adamState();
        sd.put("state.0.max_exp_avg_sq", Tensor.zeros(3, 4));
        rejects("Adam.loadStateDict: unexpected key 'state.0.max_exp_avg_sq' (not used with the options of param group 0)", sd);
    }

    @Test
    void rejectsShapeAndDtypeMismatches() {
        var sd = adamState();
        sd.put("state.1.exp_avg", Tensor.zeros(4));
        rejects("Adam.loadStateDict: 'state.1.exp_avg' is float32 of shape [4] but parameter 1 is float32 of shape [5]", sd);
        sd = adamState();
        sd.put("param_groups.0.betas", Tensor.scalar(0.9f));
        rejects("Adam.loadStateDict: 'param_groups.0.betas' is float32 of shape [], expected float32 of shape [2]", sd);
        sd = adamState();
        sd.put("state.0.step", Tensor.scalar(1f));
        rejects("Adam.loadStateDict: 'state.0.step' must be a non-negative int64 0-d tensor, got tensor(1.0, shape=[])", sd);
    }

    @Test
    void rejectsMissingKeysAndInvalidValues() {
        var sd = adamState();
        sd.remove("state.2.exp_avg_sq");
        rejects("Adam.loadStateDict: missing key 'state.2.exp_avg_sq'", sd);
        sd = adamState();
        sd.remove("state.1.step");
        rejects("Adam.loadStateDict: missing key 'state.1.step'", sd);
        sd = adamState();
        sd.remove("param_groups.0.eps");
        rejects("Adam.loadStateDict: missing key 'param_groups.0.eps'", sd);
        sd = adamState();
        sd.put("param_groups.0.lr", Tensor.scalar(-1f));
        rejects("Adam.loadStateDict: param group 0: Adam: lr must be >= 0, got -1.0", sd);
        var wrongGroup = adamState();
        wrongGroup.put("param_groups.0.params", Tensor.ofLongs(new long[] {0, 1}, 2));
        var ex = assertThrows(IllegalArgumentException.class, () -> new Adam(params(2)).loadStateDict(wrongGroup));
        assertTrue(ex.getMessage().contains("does not match this optimizer's group 0 (parameter indices [0, 1, 2])"),
                ex.getMessage());
    }

    @Test
    void anEmptyStateDictOfAFreshOptimizerLoads() {
        var fresh = new SGD(params(1), 0.1);
        var other = new SGD(params(1), 0.1);
        other.loadStateDict(fresh.stateDict());
        assertEquals(0, other.stepCount(0));
    }
}
