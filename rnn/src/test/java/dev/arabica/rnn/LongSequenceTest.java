package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backpropagation through 1,000 steps: one graph node per layer, no recursion, gradients equal to
 * those of the same sequence fed in chunks, and memory bounded by the activations saved for backward.
 */
class LongSequenceTest {
    private static final int STEPS = 1000;

    @Test
    void thousandStepsInOneCallMatchTenChainedChunks() {
        Generator gen = new Generator(21);
        RecurrentOptions o = RecurrentOptions.of(3, 8).withNumLayers(2);
        List<Tensor> w = RecurrentTestSupport.weights(RecurrentMode.LSTM, o, gen);
        Tensor x = Tensor.uniform(gen, -1f, 1f, STEPS, 2, 3);

        List<Tensor> wa = copies(w);
        Tensor xa = x.detach().clone().requiresGrad_(true);
        LstmOutput whole = RnnFunctional.lstm(xa, null, null, wa, o);
        assertEquals("lstm", whole.output().gradFnName(), "one fused node for the whole sequence");
        loss(whole.output(), whole.hN()).backward();

        List<Tensor> wb = copies(w);
        Tensor xb = x.detach().clone().requiresGrad_(true);
        Tensor h = null, c = null, lossB = Tensor.scalar(0f);
        for (int start = 0; start < STEPS; start += 100) {
            LstmOutput part = RnnFunctional.lstm(xb.slice(0, start, start + 100), h, c, wb, o);
            lossB = lossB.add(part.output().square().sum());
            h = part.hN();
            c = part.cN();
        }
        lossB.add(h.select(0, 1).sum()).backward();

        VariableLengthTest.assertClose(xb.grad(), xa.grad(), "input gradient");
        for (int i = 0; i < w.size(); i++) {
            Tensor expected = wb.get(i).grad(), actual = wa.get(i).grad();
            float scale = expected.abs().max().item();
            float[] e = expected.toFloatArray(), a = actual.toFloatArray();
            for (int k = 0; k < e.length; k++) assertEquals(e[k], a[k], 1e-4f * scale, "weight " + i + " element " + k);
        }
        // The gradient does reach the first steps (no truncation).
        assertTrue(xa.grad().slice(0, 0, 1).abs().max().item() > 0f);
    }

    @Test
    void retainedMemoryIsTheSavedActivations() {
        Generator gen = new Generator(5);
        int batch = 8, hidden = 64, input = 16;
        LSTM lstm = new LSTM(RecurrentOptions.of(input, hidden), gen);
        Tensor x = Tensor.randn(gen, STEPS, batch, input);
        long before = usedHeapAfterGc();
        LstmOutput r = lstm.forward(x, (LstmState) null);
        long retained = usedHeapAfterGc() - before;
        // Saved for backward: states h and c ((T+1) B H each), gate activations (T B 4H) and tanh(c)
        // (T B H), plus the output (T B H) the caller holds: 4 bytes each.
        long expected = 4L * (2L * (STEPS + 1) * batch * hidden + (long) STEPS * batch * 4 * hidden
                + 2L * STEPS * batch * hidden);
        assertTrue(retained < expected * 1.2 + (2 << 20),
                "retained " + retained + " bytes, saved activations need " + expected);
        r.output().sum().add(r.cN().sum()).backward();
        assertTrue(lstm.flatWeights().get(1).grad().abs().max().item() > 0f);
    }

    private static long usedHeapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static Tensor loss(Tensor output, Tensor hN) {
        return output.square().sum().add(hN.select(0, 1).sum());
    }

    private static List<Tensor> copies(List<Tensor> w) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : w) out.add(t.detach().clone().requiresGrad_(true));
        return out;
    }
}
