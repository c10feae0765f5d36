package dev.arabica.rnn;

import static dev.arabica.rnn.RecurrentTestSupport.input;
import static dev.arabica.rnn.RecurrentTestSupport.run;
import static dev.arabica.rnn.RecurrentTestSupport.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Variable-length batches follow PyTorch's packed sequences: each sequence behaves exactly as if it
 * were run alone with its own length (the oracle here), padded steps output zeros, and nothing at a
 * padded step reaches the final states or the gradients.
 */
class VariableLengthTest {
    private static final int[] LENGTHS = {5, 2, 0, 4};

    @ParameterizedTest
    @EnumSource(RecurrentMode.class)
    void eachSequenceMatchesRunningItAlone(RecurrentMode mode) {
        for (boolean batchFirst : new boolean[] {false, true}) {
            Generator gen = new Generator(41);
            RecurrentOptions o = new RecurrentOptions(3, 4, 2, true, batchFirst, 0, true);
            int steps = 5, batch = LENGTHS.length, states = 4;
            Tensor x = input(gen, o, steps, batch);
            Tensor h0 = Tensor.uniform(gen, -1f, 1f, states, batch, 4);
            Tensor c0 = mode.hasCellState() ? Tensor.uniform(gen, -1f, 1f, states, batch, 4) : null;
            List<Tensor> w = weights(mode, o, gen);
            Tensor[] all = run(mode, x, h0, c0, w, o, LENGTHS);
            Tensor out = batchFirst ? all[0] : all[0].transpose(0, 1); // [B, T, 2H]
            for (int b = 0; b < batch; b++) {
                int len = LENGTHS[b];
                Tensor hb = h0.slice(1, b, b + 1), cb = c0 == null ? null : c0.slice(1, b, b + 1);
                Tensor outB = out.select(0, b);
                if (len > 0) {
                    Tensor xb = batchFirst ? x.slice(0, b, b + 1).slice(1, 0, len) : x.slice(1, b, b + 1).slice(0, 0, len);
                    Tensor[] alone = run(mode, xb, hb, cb, w, o, null);
                    Tensor aloneOut = batchFirst ? alone[0].select(0, 0) : alone[0].select(1, 0);
                    assertClose(aloneOut, outB.slice(0, 0, len), "output of sequence " + b);
                    assertClose(alone[1], all[1].slice(1, b, b + 1), "h_n of sequence " + b);
                    if (c0 != null) assertClose(alone[2], all[2].slice(1, b, b + 1), "c_n of sequence " + b);
                } else {
                    assertClose(hb, all[1].slice(1, b, b + 1), "h_n of the empty sequence is h0");
                }
                if (len < steps) {
                    assertTrue(outB.slice(0, len, steps).abs().max().item() == 0f, "padded outputs of sequence " + b + " are 0");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RecurrentMode.class)
    void paddedStepsDoNotReachStatesLossOrGradients(RecurrentMode mode) {
        Generator gen = new Generator(7);
        RecurrentOptions o = new RecurrentOptions(3, 4, 1, true, true, 0, true);
        int steps = 5, batch = LENGTHS.length;
        Tensor x = input(gen, o, steps, batch);
        List<Tensor> w = weights(mode, o, gen);
        // The same batch with different garbage in every padded step.
        Tensor garbage = x.detach().clone();
        for (int b = 0; b < batch; b++) {
            for (int t = LENGTHS[b]; t < steps; t++) {
                for (int i = 0; i < 3; i++) garbage.set(100f * (t + 1) - i, b, t, i);
            }
        }
        Result clean = lossAndGrads(mode, x, w, o), dirty = lossAndGrads(mode, garbage, w, o);
        assertEquals(clean.loss, dirty.loss, "the loss ignores padded steps");
        assertArrayEquals(clean.hN, dirty.hN, "h_n ignores padded steps");
        for (int i = 0; i < clean.weightGrads.size(); i++) {
            assertArrayEquals(clean.weightGrads.get(i), dirty.weightGrads.get(i), "gradient of weight " + i);
        }
        for (int b = 0; b < batch; b++) {
            for (int t = LENGTHS[b]; t < steps; t++) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(0f, dirty.xGrad[(b * steps + t) * 3 + i], "no gradient reaches padded input " + b + "," + t);
                }
            }
        }
    }

    private record Result(float loss, float[] hN, List<float[]> weightGrads, float[] xGrad) {}

    /** loss = sum(output^2) + sum(h_n): padded outputs are 0, so they add nothing. */
    private static Result lossAndGrads(RecurrentMode mode, Tensor xValues, List<Tensor> w0, RecurrentOptions o) {
        Tensor x = xValues.detach().clone().requiresGrad_(true);
        List<Tensor> w = new ArrayList<>();
        for (Tensor t : w0) w.add(t.detach().clone().requiresGrad_(true));
        Tensor[] r = run(mode, x, null, null, w, o, LENGTHS);
        Tensor loss = r[0].square().sum().add(r[1].sum());
        loss.backward();
        List<float[]> grads = new ArrayList<>();
        for (Tensor t : w) grads.add(t.grad().toFloatArray());
        return new Result(loss.item(), r[1].toFloatArray(), grads, x.grad().toFloatArray());
    }

    @Test
    void maskGivesTheSameResultAsLengths() {
        Generator gen = new Generator(3);
        LSTM lstm = new LSTM(RecurrentOptions.of(2, 3).withBatchFirst(true), gen);
        Tensor x = Tensor.uniform(gen, -1f, 1f, 3, 4, 2);
        Tensor mask = Tensor.ofLongs(new long[] {1, 1, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 3, 4);
        assertArrayEquals(new int[] {3, 1, 4}, RnnFunctional.lengthsFromMask(mask, true));
        LstmOutput byMask = lstm.forward(x, null, null, mask);
        LstmOutput byLengths = lstm.forward(x, null, null, new int[] {3, 1, 4});
        assertArrayEquals(byLengths.output().toFloatArray(), byMask.output().toFloatArray());
        assertArrayEquals(byLengths.hN().toFloatArray(), byMask.hN().toFloatArray());
        Tensor holes = Tensor.ofLongs(new long[] {1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(x, null, null, holes));
        assertTrue(e.getMessage().contains("batch element 0 has a valid step 2 after padding"), e.getMessage());
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5f + 1e-5f * Math.abs(e[i]), what + " at " + i);
        }
    }
}
