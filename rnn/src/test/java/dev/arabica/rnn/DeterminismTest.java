package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Same seed, same bits, with 1 or 2 threads: the sizes make the per-step GEMMs ({@code 32 x 4H x H})
 * and the weight-gradient GEMMs large enough to be split between threads.
 */
class DeterminismTest {
    @ParameterizedTest
    @EnumSource(value = RecurrentMode.class, names = {"LSTM", "GRU"})
    void oneAndTwoThreadsGiveIdenticalResults(RecurrentMode mode) {
        List<float[]> one = Parallel.withThreads(1, () -> trainStep(mode));
        List<float[]> two = Parallel.withThreads(2, () -> trainStep(mode));
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), "result " + i);
    }

    /** Output, final state and every gradient of a bidirectional batch-first layer with padding. */
    private static List<float[]> trainStep(RecurrentMode mode) {
        Generator gen = new Generator(11);
        RecurrentOptions o = RecurrentOptions.of(48, 256).withBatchFirst(true).withBidirectional(true);
        List<Tensor> w = RecurrentTestSupport.weights(mode, o, gen);
        Tensor x = Tensor.randn(gen, 32, 6, 48).requiresGrad(true);
        int[] lengths = new int[32];
        for (int b = 0; b < 32; b++) lengths[b] = 6 - b % 3;
        Tensor[] r = RecurrentTestSupport.run(mode, x, null, null, w, o, lengths);
        r[0].square().sum().add(r[1].sum()).backward();
        List<float[]> results = new ArrayList<>(List.of(r[0].toFloatArray(), r[1].toFloatArray(), x.grad().toFloatArray()));
        for (Tensor t : w) results.add(t.grad().toFloatArray());
        return results;
    }
}
