package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GradCheckTest {
    static final int[][][] BROADCAST_PAIRS = {
        {{3, 4}, {3, 4}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {4}}, {{4, 1, 3}, {5, 3}}, {{}, {2, 3}}, {{2, 1, 1}, {1, 3, 2}},
    };

    static List<int[][]> pairs() {
        return List.of(BROADCAST_PAIRS);
    }

    private static Tensor rnd(Generator g, int[] shape, float lo, float hi) {
        return Tensor.uniform(g, lo, hi, shape).requiresGrad_(true);
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void binaryOpsOverBroadcastingShapes(int[][] shapes) {
        Generator gen = new Generator(7);
        Tensor a = rnd(gen, shapes[0], -2f, 2f), b = rnd(gen, shapes[1], 0.5f, 2f);
        GradCheck.assertGradients(in -> in[0].add(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].sub(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].mul(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].div(in[1]), a, b);
        GradCheck.assertGradients(in -> in[0].maximum(in[1].sub(1f)), a, b);
        GradCheck.assertGradients(in -> Tensor.where(in[0].gt(0f), in[0], in[1]), a, b);
    }

    @Test
    void unaryAndActivationOps() {
        Generator gen = new Generator(11);
        Tensor x = rnd(gen, new int[] {3, 5}, -2f, 2f), p = rnd(gen, new int[] {3, 5}, 0.5f, 3f);
        List<Function<Tensor[], Tensor>> fs = List.of(
                in -> in[0].exp(), in -> in[0].neg(), in -> in[0].tanh(), in -> in[0].sigmoid(),
                in -> in[0].gelu(), in -> in[0].gelu(true), in -> in[0].elu(0.7f), in -> in[0].softplus(2f, 20f),
                in -> in[0].softmax(1), in -> in[0].logSoftmax(0), in -> in[0].clamp(-1f, 1f),
                in -> in[0].leakyRelu(0.1f), in -> in[0].square());
        for (Function<Tensor[], Tensor> f : fs) GradCheck.assertGradients(f, x);
        GradCheck.assertGradients(in -> in[0].log(), p);
        GradCheck.assertGradients(in -> in[0].sqrt(), p);
        GradCheck.assertGradients(in -> in[0].pow(-1.5f), p);
        GradCheck.assertGradients(in -> in[0].rdiv(2f), p);
    }

    @Test
    void reductions() {
        Generator gen = new Generator(3);
        Tensor x = rnd(gen, new int[] {3, 4, 5}, -2f, 2f);
        GradCheck.assertGradients(in -> in[0].sum(new int[] {0, 2}, false), x);
        GradCheck.assertGradients(in -> in[0].mean(1, true), x);
        GradCheck.assertGradients(in -> in[0].var(new int[] {1}, true, false), x);
        GradCheck.assertGradients(in -> in[0].logsumexp(-1, false), x);
        // max needs well-separated values: within eps of a tie the function has a kink.
        int[] perm = new Generator(4).permutation(60);
        float[] v = new float[60];
        for (int i = 0; i < 60; i++) v[i] = 0.1f * perm[i] - 3f;
        Tensor separated = Tensor.of(v, 3, 4, 5).requiresGrad_(true);
        GradCheck.assertGradients(in -> in[0].max(1, false).values(), separated);
        GradCheck.assertGradients(in -> in[0].min(2, true).values(), separated);
        GradCheck.assertGradients(in -> in[0].max(), separated);
    }

    @Test
    void matmulShapesAndLinear() {
        Generator gen = new Generator(5);
        int[][][] cases = {{{3, 4}, {4, 5}}, {{2, 3, 4}, {4, 5}}, {{2, 1, 3, 4}, {3, 4, 2}}, {{4}, {4}}, {{4}, {2, 4, 3}}, {{2, 3, 4}, {4}}};
        for (int[][] c : cases) {
            Tensor a = rnd(gen, c[0], -1f, 1f), b = rnd(gen, c[1], -1f, 1f);
            GradCheck.assertGradients(in -> in[0].matmul(in[1]), a, b);
        }
        Tensor x = rnd(gen, new int[] {2, 3, 6}, -1f, 1f), w = rnd(gen, new int[] {4, 6}, -1f, 1f), bias = rnd(gen, new int[] {4}, -1f, 1f);
        GradCheck.assertGradients(in -> in[0].linear(in[1], in[2]), x, w, bias);
        // transposed (non-contiguous) operands
        Tensor at = rnd(gen, new int[] {5, 3}, -1f, 1f), bt = rnd(gen, new int[] {4, 5}, -1f, 1f);
        GradCheck.assertGradients(in -> in[0].t().matmul(in[1].t()), at, bt);
    }

    @Test
    void shapeOps() {
        Generator gen = new Generator(9);
        Tensor x = rnd(gen, new int[] {2, 3, 4}, -1f, 1f), y = rnd(gen, new int[] {2, 1, 4}, -1f, 1f);
        GradCheck.assertGradients(in -> Tensor.cat(List.of(in[0], in[1]), 1), x, y);
        GradCheck.assertGradients(in -> Tensor.stack(List.of(in[0], in[0].mul(2f)), -1), x);
        GradCheck.assertGradients(in -> in[0].pad(new int[] {1, 2, -1, 0}, 0.5f), x);
        GradCheck.assertGradients(in -> in[0].permute(2, 0, 1).reshape(4, 6), x);
        GradCheck.assertGradients(in -> in[0].slice(2, 0, 4, 3).expand(5, 2, 3, 2), x);
        GradCheck.assertGradients(in -> in[0].gather(1, Tensor.ofLongs(new long[] {2, 0, 1, 1, 0, 2, 2, 2}, 2, 1, 4)), x);
        GradCheck.assertGradients(in -> in[0].indexSelect(1, Tensor.ofLongs(new long[] {2, 2, 0}, 3)), x);
        GradCheck.assertGradients(in -> in[0].maskedFill(Tensor.ofLongs(new long[] {1, 0, 0, 1}, 4), 3f), x);
    }

    @Test
    void detectsAWrongGradient() {
        Tensor x = Tensor.of(new float[] {0.5f, 1.5f}, 2).requiresGrad_(true);
        Function<Tensor[], Tensor> wrong = in -> {
            Tensor v = Tensor.of(new float[] {in[0].get(0) * in[0].get(0), in[0].get(1) * in[0].get(1)}, 2);
            return Autograd.record(v, "badSquare", new Tensor[] {in[0]}, g -> new Tensor[] {g.mul(in[0])}); // should be 2x
        };
        GradCheck.Report r = GradCheck.check(wrong, x);
        assertFalse(r.passed());
        assertEquals(0, r.worstInput());
        assertArrayEquals(new int[] {1}, r.worstIndex());
        AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradients(wrong, x));
        assertTrue(e.getMessage().contains("input 0 at index [1]"), e.getMessage());
    }
}
