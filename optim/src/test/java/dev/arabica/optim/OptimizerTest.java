package dev.arabica.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What every optimizer shares: validation, groups, skipping, zeroGrad, strided parameters. */
class OptimizerTest {

    private static void fails(String message, Executable e) {
        var ex = assertThrows(IllegalArgumentException.class, e);
        assertEquals(message, ex.getMessage());
    }

    private static Tensor param(float... values) {
        return Tensor.of(values).requiresGrad_(true);
    }

    @Test
    void hyperparametersAreValidatedWithClearMessages() {
        List<Tensor> ps = List.of(param(1f));
        fails("SGD: lr must be >= 0, got -0.1", () -> new SGD(ps, -0.1));
        fails("SGD: momentum must be >= 0, got -0.5", () -> SGD.Options.lr(0.1).withMomentum(-0.5));
        fails("SGD: weight_decay must be >= 0, got -1.0", () -> SGD.Options.lr(0.1).withWeightDecay(-1));
        fails("SGD: nesterov momentum requires a momentum > 0 and zero dampening, got momentum 0.0, dampening 0.0",
                () -> SGD.Options.lr(0.1).withNesterov(true));
        fails("SGD: nesterov momentum requires a momentum > 0 and zero dampening, got momentum 0.9, dampening 0.1",
                () -> new SGD.Options(0.1, 0.9, 0.1, 0, true, false));
        fails("SGD: lr must be >= 0, got NaN", () -> SGD.Options.lr(Double.NaN));
        fails("Adam: betas[0] must be in [0, 1), got 1.0", () -> Adam.Options.defaults().withBetas(1, 0.999));
        fails("Adam: betas[1] must be in [0, 1), got -0.1", () -> Adam.Options.defaults().withBetas(0.9, -0.1));
        fails("Adam: eps must be >= 0, got -1.0E-8", () -> Adam.Options.defaults().withEps(-1e-8));
        fails("Adam: lr must be >= 0, got -1.0", () -> Adam.Options.lr(-1));
        fails("Adam: weight_decay must be >= 0, got -0.01", () -> AdamW.defaults().withWeightDecay(-0.01));
        fails("RMSprop: alpha must be >= 0, got -0.9", () -> RMSprop.Options.defaults().withAlpha(-0.9));
        fails("RMSprop: momentum must be >= 0, got -1.0", () -> RMSprop.Options.defaults().withMomentum(-1));
        fails("EwmaMomentum: beta must be in [0, 1), got 1.0", () -> EwmaMomentum.Options.lr(0.1).withBeta(1));
    }

    @Test
    void parameterListsAreValidated() {
        fails("SGD: optimizer got an empty parameter list", () -> new SGD(List.of(), 0.1));
        Tensor p = param(1f);
        fails("Adam: parameter 1 is the same tensor as parameter 0; each parameter may appear once",
                () -> new Adam(List.of(p, p)));
        Tensor nonLeaf = p.mul(Tensor.scalar(2f));
        var ex = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(nonLeaf)));
        assertTrue(ex.getMessage().startsWith("Adam: parameter 0 is not a leaf tensor"), ex.getMessage());
        fails("SGD: parameter 0 is int64; only float32 tensors can be optimized",
                () -> new SGD(List.of(Tensor.ofLongs(new long[] {1}, 1)), 0.1));
        fails("SGD: param group 1 has options of type Adam.Options, expected SGD.Options",
                () -> SGD.ofGroups(List.of(new ParamGroup(List.of(param(1f))), new ParamGroup(List.of(param(1f)),
                        Adam.Options.defaults())), SGD.Options.lr(0.1)));
    }

    @Test
    void parametersWithoutGradientOrFrozenAreSkipped() {
        Tensor a = param(1f), b = param(1f), frozen = Tensor.of(1f);
        frozen.setGrad(Tensor.of(1f));
        var adam = new Adam(List.of(a, b, frozen), Adam.Options.lr(0.1));
        a.setGrad(Tensor.of(1f));
        adam.step();
        assertEquals(1, adam.stepCount(0));
        assertEquals(0, adam.stepCount(1));
        assertEquals(0, adam.stepCount(2));
        assertEquals(1f, b.item());
        assertEquals(1f, frozen.item());
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"),
                adam.stateDict().keySet().stream().filter(k -> k.startsWith("state.")).toList());
    }

    @Test
    void zeroGradSetsGradientsToNull() {
        Tensor a = param(1f), b = param(2f);
        a.setGrad(Tensor.of(1f));
        b.setGrad(Tensor.of(1f));
        var sgd = new SGD(List.of(a, b), 0.1);
        sgd.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void zeroGradWithoutSetToNoneKeepsTheBufferAndBackwardAccumulatesIntoIt() {
        Tensor w = param(1f, -2f);
        var sgd = new SGD(List.of(w), 0.25);
        w.mul(w).sum().backward();          // grad = 2w
        Tensor buffer = w.grad();
        sgd.zeroGrad(false);
        assertSame(buffer, w.grad());
        assertArrayEquals(new float[] {0f, 0f}, buffer.toFloatArray());
        w.mul(3f).sum().backward();         // grad = 3, written into the kept buffer
        assertSame(buffer, w.grad());
        assertArrayEquals(new float[] {3f, 3f}, w.grad().toFloatArray());
        sgd.zeroGrad(true);
        assertNull(w.grad());
        sgd.zeroGrad(false);                // no buffer yet: stays null
        assertNull(w.grad());
    }

    @Test
    void stepsAParameterFromAutogradGradients() {
        Tensor w = param(1f, -2f);
        var sgd = new SGD(List.of(w), 0.25);
        w.mul(w).sum().backward();          // grad = 2w
        sgd.step();
        assertArrayEquals(new float[] {0.5f, -1f}, w.toFloatArray());
    }

    @Test
    void stridedParametersAndGradientsAreUpdatedThroughTheirViews() {
        // The parameter is a transposed view of [[1, 2, 3], [4, 5, 6]]; the gradient a view too.
        Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor p = base.transpose(0, 1).requiresGrad_(true);
        Tensor gradBase = Tensor.of(new float[] {10, 20, 30, 40, 50, 60}, 2, 3);
        p.setGrad(gradBase.transpose(0, 1));
        var sgd = new SGD(List.of(p), 0.1);
        sgd.step();
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, base.toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, p.toFloatArray());
    }

    @Test
    void contiguousPrefixViewOnlyTouchesItsOwnElements() {
        Tensor base = Tensor.of(new float[] {1, 1, 1, 1}, 4);
        Tensor p = base.slice(0, 0, 2, 1).requiresGrad_(true);
        p.setGrad(Tensor.of(1f, 1f));
        var adam = new Adam(List.of(p), Adam.Options.lr(0.5));
        adam.step();
        float[] v = base.toFloatArray();
        assertEquals(0.5f, v[0], 1e-6f);
        assertEquals(1f, v[2]);
        assertEquals(1f, v[3]);
    }

    @Test
    void paramGroupsHaveTheirOwnOptions() {
        Tensor a = param(1f), b = param(1f);
        var defaults = SGD.Options.lr(0.1);
        var sgd = SGD.ofGroups(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b), defaults.withLr(0.01))),
                defaults);
        assertEquals(2, sgd.groupCount());
        assertEquals(0.1, sgd.lr(0));
        assertEquals(0.01, sgd.lr(1));
        a.setGrad(Tensor.of(1f));
        b.setGrad(Tensor.of(1f));
        sgd.step();
        assertEquals(0.9f, a.item());
        assertEquals(0.99f, b.item());
        assertEquals(List.of(b), sgd.params(1));
        assertEquals(List.of(a, b), sgd.params());
    }

    @Test
    void setLrChangesEveryGroupAndIsValidated() {
        Tensor a = param(1f), b = param(1f);
        var adam = Adam.ofGroups(List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b))), Adam.Options.lr(0.1));
        adam.setLr(0.5);
        assertEquals(0.5, adam.lr(0));
        assertEquals(0.5, adam.lr(1));
        adam.setLr(1, 0.25);
        assertEquals(0.25, adam.options(1).lr());
        fails("Adam: lr must be >= 0, got -1.0", () -> adam.setLr(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> adam.lr(2));
    }
}
