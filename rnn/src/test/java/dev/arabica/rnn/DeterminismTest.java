package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Same seed, same bits, with 1 or 2 threads: with 2 threads a unidirectional layer runs two batch
 * pieces concurrently and a bidirectional one its two directions, and the weight-gradient GEMMs are
 * large enough to be split between threads.
 */
class DeterminismTest {
    @ParameterizedTest
    @EnumSource(value = RecurrentMode.class, names = {"LSTM", "GRU"})
    void oneAndTwoThreadsGiveIdenticalResults(RecurrentMode mode) {
        for (boolean bidirectional : new boolean[] {false, true}) {
            assertEquals(1, Parallel.withThreads(1, () -> RecurrentLayerOp.pieces(6, 32, 256, 1024, 1)));
            assertEquals(bidirectional ? 1 : 2,
                    Parallel.withThreads(2, () -> RecurrentLayerOp.pieces(6, 32, 256, 1024, bidirectional ? 2 : 1)));
            List<float[]> one = Parallel.withThreads(1, () -> trainStep(mode, bidirectional));
            List<float[]> two = Parallel.withThreads(2, () -> trainStep(mode, bidirectional));
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), "bidirectional=" + bidirectional + ", result " + i);
            }
        }
    }

    /** Output, final state and every gradient of a batch-first layer with padding. */
    private static List<float[]> trainStep(RecurrentMode mode, boolean bidirectional) {
        Generator gen = new Generator(11);
        RecurrentOptions o = RecurrentOptions.of(48, 256).withBatchFirst(true).withBidirectional(bidirectional);
        List<Tensor> w = RecurrentTestSupport.weights(mode, o, gen);
        Tensor x = Tensor.randn(gen, 32, 6, 48).requiresGrad_(true);
        int[] lengths = new int[32];
        for (int b = 0; b < 32; b++) lengths[b] = 6 - b % 3;
        Tensor[] r = RecurrentTestSupport.run(mode, x, null, null, w, o, lengths);
        r[0].square().sum().add(r[1].sum()).backward();
        List<float[]> results = new ArrayList<>(List.of(r[0].toFloatArray(), r[1].toFloatArray(), x.grad().toFloatArray()));
        for (Tensor t : w) results.add(t.grad().toFloatArray());
        return results;
    }
}
