package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same bits: initialisation, dropout masks and mini-batch shuffling all draw from
 * seeded generators, so two runs give bitwise identical weights.
 */
class ReproducibilityTest {

    /**
     * Trains a model with dropout and batch norm on shuffled mini-batches for a few epochs and
     * returns its state dict. The hidden layer is wide enough (batch 128 x 64 x 64) that its GEMMs
     * are above the kernels' parallel threshold.
     */
    static Map<String, Tensor> train(long seed) {
        Generator gen = new Generator(seed);
        TrainingTest.Data d = TrainingTest.xorData(256, seed);
        Sequential model = new Sequential(new Linear(2, 64, true, gen), new BatchNorm1d(64), new ReLU(),
                new Dropout(0.1, gen), new Linear(64, 64, true, gen), new Tanh(), new Linear(64, 2, true, gen));
        int batch = 128;
        for (int epoch = 0; epoch < 5; epoch++) {
            int[] order = gen.permutation(256);
            for (int start = 0; start < 256; start += batch) {
                long[] idx = new long[batch];
                for (int i = 0; i < batch; i++) idx[i] = order[start + i];
                Tensor index = Tensor.ofLongs(idx, batch);
                Tensor x = d.x().indexSelect(0, index), y = d.y().indexSelect(0, index);
                model.zeroGrad();
                Losses.crossEntropy(model.forward(x), y).backward();
                try (var scope = GradMode.noGrad()) {
                    for (Tensor p : model.trainableParameters()) p.add_(p.grad(), -0.1f);
                }
            }
        }
        return model.stateDict();
    }

    static void assertSameState(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertIdentical(a.get(k), b.get(k));
    }

    @Test
    void sameSeedGivesBitwiseIdenticalWeights() {
        Map<String, Tensor> first = train(7), second = train(7);
        assertSameState(first, second);
        assertNotEquals(first.get("0.weight").get(0, 0), train(8).get("0.weight").get(0, 0));
    }

    /**
     * The GEMM kernels split work over independent output blocks, so results must not depend on
     * the thread count: the same training run with 1 and 2 GEMM threads ({@link Parallel#withThreads})
     * gives bitwise identical weights.
     */
    @Test
    void identicalWeightsForOneAndTwoThreads() {
        Map<String, Tensor> one = Parallel.withThreads(1, () -> train(11));
        Map<String, Tensor> two = Parallel.withThreads(2, () -> train(11));
        assertSameState(one, two);
    }
}
