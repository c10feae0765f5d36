package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertClose;
import static dev.arabica.nn.Asserts.assertIdentical;
import static dev.arabica.nn.Asserts.leaf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

class LayersTest {

    @Test
    void linearShapesInitAndForward() {
        Linear l = new Linear(4, 3, true, new Generator(1));
        assertArrayEquals(new int[] {3, 4}, l.weight().shape());
        assertArrayEquals(new int[] {3}, l.bias().shape());
        float bound = 0.5f; // 1 / sqrt(4)
        for (float v : l.weight().toFloatArray()) assertTrue(Math.abs(v) <= bound, "weight " + v);
        for (float v : l.bias().toFloatArray()) assertTrue(Math.abs(v) <= bound, "bias " + v);
        Tensor x = Tensor.randn(new Generator(2), 5, 4);
        assertClose(x.matmul(l.weight().t()).add(l.bias()), l.forward(x));
        assertArrayEquals(new int[] {2, 5, 3}, l.forward(Tensor.zeros(2, 5, 4)).shape());
        assertNull(new Linear(4, 3, false, new Generator(1)).bias());
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(5, 3)));
    }

    @Test
    void linearInitIsSeededAndCoversTheRange() {
        Linear a = new Linear(100, 50, true, new Generator(7)), b = new Linear(100, 50, true, new Generator(7));
        assertIdentical(a.weight(), b.weight());
        assertIdentical(a.bias(), b.bias());
        float max = 0;
        for (float v : a.weight().toFloatArray()) max = Math.max(max, Math.abs(v));
        assertTrue(max > 0.09f && max <= 0.1f, "max |w| " + max + " should approach 1/sqrt(100)");
    }

    @Test
    void flattenIdentityAndActivations() {
        Tensor x = Tensor.randn(new Generator(3), 2, 3, 4);
        assertArrayEquals(new int[] {2, 12}, new Flatten().forward(x).shape());
        assertArrayEquals(new int[] {6, 4}, new Flatten(0, 1).forward(x).shape());
        assertSame(x, new Identity().forward(x));
        assertIdentical(x.relu(), new ReLU().forward(x));
        assertIdentical(x.leakyRelu(0.01f), new LeakyReLU().forward(x));
        assertIdentical(x.leakyRelu(0.2f), new LeakyReLU(0.2).forward(x));
        assertIdentical(x.sigmoid(), new Sigmoid().forward(x));
        assertIdentical(x.tanh(), new Tanh().forward(x));
        assertIdentical(x.softmax(-1), new Softmax(-1).forward(x));
        assertIdentical(x.logSoftmax(1), new LogSoftmax(1).forward(x));
        assertIdentical(x.gelu(false), new GELU().forward(x));
        assertIdentical(x.gelu(true), new GELU(GELU.Approximate.TANH).forward(x));
        assertIdentical(x.elu(1f), new ELU().forward(x));
        assertIdentical(x.softplus(2f, 10f), new Softplus(2, 10).forward(x));
    }

    @Test
    void dropoutScalesInTrainingAndIsIdentityInEval() {
        Tensor x = Tensor.ones(200, 50);
        Dropout d = new Dropout(0.25, new Generator(4));
        float[] y = d.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.75f, v, 1e-6f);
        }
        assertEquals(0.25, zeros / 10000.0, 0.02);
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0, new Generator(1)).forward(x));
        // reproducible masks
        assertIdentical(new Dropout(0.5, new Generator(9)).forward(x), new Dropout(0.5, new Generator(9)).forward(x));
        // gradient flows through the mask
        Tensor xl = leaf(Tensor.ones(4, 4));
        Tensor out = new Dropout(0.5, new Generator(2)).forward(xl);
        out.sum().backward();
        assertIdentical(out.detach(), xl.grad());
        for (double p : new double[] {-0.1, 1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p, new Generator(1)));
            assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        }
    }

    @Test
    void batchNormTrainingMatchesTheCompositeAndUpdatesRunningStats() {
        Generator gen = new Generator(5);
        for (int[] shape : new int[][] {{6, 4}, {4, 3, 5}}) {
            BatchNorm1d bn = new BatchNorm1d(shape[1]);
            ModuleTest.perturb(bn, gen);
            bn.resetRunningStats();
            Tensor x = Tensor.randn(gen, shape).mul(2f).add(1f);
            assertClose(Oracles.batchNormTrain(x, bn.weight(), bn.bias(), 1e-5), bn.forward(x), 1e-5, 1e-5);
            int[] dims = shape.length == 2 ? new int[] {0} : new int[] {0, 2};
            int n = shape.length == 2 ? shape[0] : shape[0] * shape[2];
            assertClose(x.mean(dims, false).mul(0.1f), bn.runningMean(), 1e-5, 1e-6);
            assertClose(x.var(dims, false, false).mul(0.1f * n / (n - 1)).add(0.9f), bn.runningVar(), 1e-5, 1e-6);
            assertEquals(1, bn.namedBuffers().get("num_batches_tracked").getLong());
        }
    }

    @Test
    void batchNormEvalUsesRunningStatsAndDoesNotUpdateThem() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Generator gen = new Generator(6);
        for (int i = 0; i < 3; i++) bn.forward(Tensor.randn(gen, 4, 3, 2, 2));
        assertEquals(3, bn.namedBuffers().get("num_batches_tracked").getLong());
        bn.eval();
        Tensor mean = bn.runningMean().clone(), var = bn.runningVar().clone();
        Tensor x = Tensor.randn(gen, 2, 3, 2, 2);
        Tensor expected = x.sub(mean.reshape(1, 3, 1, 1)).div(var.add(1e-5f).sqrt().reshape(1, 3, 1, 1));
        assertClose(expected, bn.forward(x), 1e-5, 1e-5);
        assertIdentical(mean, bn.runningMean());
        assertIdentical(var, bn.runningVar());
        assertEquals(3, bn.namedBuffers().get("num_batches_tracked").getLong());
        // single example is fine in eval, not in training
        bn.forward(Tensor.randn(gen, 1, 3, 1, 1));
        bn.train();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.randn(gen, 1, 3, 1, 1)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
    }

    @Test
    void batchNormWithoutRunningStatsUsesBatchStatsInEval() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, false, false);
        assertTrue(bn.buffers().isEmpty());
        assertTrue(bn.parameters().isEmpty());
        bn.eval();
        Tensor x = Tensor.randn(new Generator(7), 5, 2);
        assertClose(Oracles.batchNormTrain(x, null, null, 1e-5), bn.forward(x), 1e-5, 1e-5);
    }

    @Test
    void batchNormErrorsNameShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 3, 4, 5)));
        assertTrue(e.getMessage().contains("[2,3,4,5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2,4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 1e-5, 1.5, true, true));
    }

    @Test
    void layerNormMatchesTheComposite() {
        Generator gen = new Generator(8);
        LayerNorm ln = new LayerNorm(3, 4);
        ModuleTest.perturb(ln, gen);
        Tensor x = Tensor.randn(gen, 2, 5, 3, 4).mul(3f).sub(2f);
        assertClose(Oracles.layerNorm(x, 2, ln.weight(), ln.bias(), 1e-5), ln.forward(x), 1e-5, 1e-5);
        ln.eval();
        assertClose(Oracles.layerNorm(x, 2, ln.weight(), ln.bias(), 1e-5), ln.forward(x), 1e-5, 1e-5);
        LayerNorm plain = new LayerNorm(new int[] {4}, 1e-3, false);
        assertClose(Oracles.layerNorm(x, 1, null, null, 1e-3), plain.forward(x), 1e-5, 1e-5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(2, 4, 3)));
        assertTrue(e.getMessage().contains("[2,4,3]") && e.getMessage().contains("[3,4]"), e.getMessage());
    }

    @Test
    void fusedNormsHandleStridedInputs() {
        Generator gen = new Generator(9);
        Tensor base = Tensor.randn(gen, 5, 4, 3);
        Tensor view = base.permute(2, 1, 0); // [3, 4, 5], non-contiguous
        assertClose(Oracles.batchNormTrain(view.contiguous(), null, null, 1e-5),
                Functional.batchNorm(view, null, null, null, null, true, 0.1, 1e-5), 1e-5, 1e-5);
        assertClose(Oracles.layerNorm(view.contiguous(), 1, null, null, 1e-5),
                Functional.layerNorm(view, new int[] {5}, null, null, 1e-5), 1e-5, 1e-5);
    }
}
