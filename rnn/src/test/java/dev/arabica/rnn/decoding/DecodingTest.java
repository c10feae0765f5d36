package dev.arabica.rnn.decoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.rnn.LSTMCell;
import dev.arabica.rnn.LstmState;
import dev.arabica.nn.Linear;
import dev.arabica.rnn.attention.AttentionMask;
import dev.arabica.rnn.transformer.TransformerDecoderLayer;
import dev.arabica.rnn.transformer.TransformerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Greedy, beam search and sampling on hand-made models with known probabilities, and on real layers. */
class DecodingTest {
    static final int START = 0, END = 1, A = 2, B = 3;

    /**
     * A first-order Markov model over {start, end, a, b}: the next-token distribution depends on the
     * last token only ({@code probs[last]}); the state is unused.
     */
    static StepModel<Void> markov(double[][] probs) {
        return (state, token) -> {
            float[] logits = new float[probs[token].length];
            for (int i = 0; i < logits.length; i++) logits[i] = (float) Math.log(probs[token][i]);
            return new StepModel.Step<>(Tensor.wrap(logits, logits.length), null);
        };
    }

    //                                       start  end   a     b
    static final double[][] TRAP = {
        /* after start */ {1e-9, 0.1, 0.5, 0.4},
        /* after end   */ {1e-9, 1.0, 1e-9, 1e-9},
        /* after a     */ {1e-9, 0.35, 0.35, 0.3},
        /* after b     */ {1e-9, 0.9, 0.05, 0.05}};

    @Test
    void greedyTakesTheLocallyBestTokenAndBeamSearchFindsTheBetterSequence() {
        // Greedy: a (0.5), then end (0.35 ties with a; the lower index wins): P = 0.175.
        Hypothesis g = Decoding.greedy(markov(TRAP), null, START, END, 10);
        assertArrayEquals(new int[] {A, END}, g.tokens());
        assertEquals(Math.log(0.5 * 0.35), g.logProbability(), 1e-6);
        assertTrue(g.finished());
        // Beam 2 keeps b (0.4) and finds b end: P = 0.36.
        List<Hypothesis> beams = BeamSearch.search(markov(TRAP), null, START, END, 2, 10, LengthPenalty.none());
        assertArrayEquals(new int[] {B, END}, beams.get(0).tokens());
        assertEquals(Math.log(0.4 * 0.9), beams.get(0).logProbability(), 1e-6);
        assertEquals(2, beams.size());
        // By hand, step 1 keeps a (0.5) and b (0.4); step 2 ranks b-end 0.36, a-end 0.175, a-a 0.175: width 2 takes the first two.
        assertArrayEquals(new int[] {A, END}, beams.get(1).tokens());
        // Width 1 is greedy.
        List<Hypothesis> one = BeamSearch.search(markov(TRAP), null, START, END, 1, 10, LengthPenalty.none());
        assertArrayEquals(g.tokens(), one.get(0).tokens());
    }

    @Test
    void lengthNormalisationPrefersTheLongerOutput() {
        double[][] p = {
            {1e-9, 0.3, 0.7, 1e-9},
            {1e-9, 1.0, 1e-9, 1e-9},
            {1e-9, 0.4, 0.35, 0.25},
            {1e-9, 1.0, 1e-9, 1e-9}};
        // Raw: "end" log 0.3 = -1.204 beats "a end" log 0.28 = -1.273; per token (alpha 1): -1.204 vs -0.637.
        List<Hypothesis> raw = BeamSearch.search(markov(p), null, START, END, 2, 5, LengthPenalty.none());
        assertArrayEquals(new int[] {END}, raw.get(0).tokens());
        List<Hypothesis> norm = BeamSearch.search(markov(p), null, START, END, 2, 5, LengthPenalty.power(1));
        assertArrayEquals(new int[] {A, END}, norm.get(0).tokens());
        assertEquals(Math.log(0.28) / 2, norm.get(0).score(), 1e-6);
        assertEquals(Math.log(0.28) / Math.pow(7 / 6.0, 0.6), LengthPenalty.gnmt(0.6).score(Math.log(0.28), 2), 1e-12);
        assertEquals(-3 / Math.pow(4, 0.7), LengthPenalty.power(0.7).score(-3, 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LengthPenalty.power(-1));
    }

    @Test
    void maxLengthStopsUnfinishedOutputs() {
        double[][] loop = {{1e-9, 1e-9, 1, 1e-9}, {1e-9, 1, 1e-9, 1e-9}, {1e-9, 0.1, 0.9, 1e-9}, {1e-9, 1, 1e-9, 1e-9}};
        Hypothesis g = Decoding.greedy(markov(loop), null, START, END, 3);
        assertArrayEquals(new int[] {A, A, A}, g.tokens());
        assertFalse(g.finished());
        List<Hypothesis> beams = BeamSearch.search(markov(loop), null, START, END, 2, 3, LengthPenalty.none());
        assertEquals(2, beams.size());
        assertTrue(beams.stream().anyMatch(h -> !h.finished() && h.length() == 3));
    }

    @Test
    void samplingFollowsTheTemperedTruncatedSoftmax() {
        float[] logits = {1f, 2f, 0.5f, -1f};
        int n = 40000;
        for (double temperature : new double[] {1.0, 2.0, 0.5}) {
            int[] counts = new int[4];
            Generator gen = new Generator(11);
            for (int i = 0; i < n; i++) counts[Decoding.sampleToken(logits, temperature, 0, gen)]++;
            double z = 0;
            for (float l : logits) z += Math.exp(l / temperature);
            for (int k = 0; k < 4; k++) {
                double p = Math.exp(logits[k] / temperature) / z;
                assertEquals(p, counts[k] / (double) n, 4 * Math.sqrt(p * (1 - p) / n) + 1e-4, "T=" + temperature + " token " + k);
            }
        }
        int[] counts = new int[4];
        Generator gen = new Generator(12);
        for (int i = 0; i < n; i++) counts[Decoding.sampleToken(logits, 1.0, 2, gen)]++;
        assertEquals(0, counts[2] + counts[3]);                     // only the two largest logits
        double p1 = Math.exp(2) / (Math.exp(1) + Math.exp(2));
        assertEquals(p1, counts[1] / (double) n, 4 * Math.sqrt(p1 * (1 - p1) / n));
        assertThrows(IllegalArgumentException.class, () -> Decoding.sampleToken(logits, 0, 0, new Generator(1)));
    }

    @Test
    void sampledSequencesAreSeededAndTopOneIsGreedy() {
        Hypothesis a = Decoding.sample(markov(TRAP), null, START, END, 20, 1.0, 0, new Generator(5));
        Hypothesis b = Decoding.sample(markov(TRAP), null, START, END, 20, 1.0, 0, new Generator(5));
        assertArrayEquals(a.tokens(), b.tokens());
        Hypothesis top1 = Decoding.sample(markov(TRAP), null, START, END, 20, 1.0, 1, new Generator(6));
        assertArrayEquals(Decoding.greedy(markov(TRAP), null, START, END, 20).tokens(), top1.tokens());
    }

    @Test
    void anLstmCellIsAStepModel() {
        Generator g = new Generator(7);
        int vocab = 5, hidden = 8;
        LSTMCell cell = new LSTMCell(vocab, hidden, g);
        Linear head = new Linear(hidden, vocab, g);
        StepModel<LstmState> model = (state, token) -> {
            float[] x = new float[vocab];
            x[token] = 1;
            LstmState next = cell.forward(Tensor.wrap(x, 1, vocab), state);
            return new StepModel.Step<>(head.forward(next.h()), next);
        };
        LstmState zero = new LstmState(Tensor.zeros(1, hidden), Tensor.zeros(1, hidden));
        try (var scope = GradMode.noGrad()) {
            Hypothesis greedy = Decoding.greedy(model, zero, 0, 1, 12);
            List<Hypothesis> beams = BeamSearch.search(model, zero, 0, 1, 3, 12, LengthPenalty.power(0.7));
            assertTrue(beams.size() >= 1 && beams.size() <= 3);
            assertTrue(beams.get(0).score() >= beams.get(beams.size() - 1).score());
            // The greedy sequence's log-probability is the sum of the per-step log-softmax values.
            LstmState s = zero;
            int prev = 0;
            double logP = 0;
            for (int t : greedy.tokens()) {
                StepModel.Step<LstmState> step = model.step(s, prev);
                logP += Decoding.logSoftmax(step.logits().toFloatArray())[t];
                s = step.state();
                prev = t;
            }
            assertEquals(logP, greedy.logProbability(), 1e-9);
        }
    }

    @Test
    void aTransformerDecoderDecodesFromItsPrefix() {
        Generator g = new Generator(8);
        int vocab = 6, d = 8;
        TransformerDecoderLayer layer = new TransformerDecoderLayer(d, 2, TransformerOptions.defaults().withDimFeedforward(16)
                .withDropout(0.0).withBatchFirst(true), g);
        Tensor embedding = Tensor.randn(g, vocab, d);
        Linear head = new Linear(d, vocab, g);
        Tensor memory = Tensor.randn(g, 1, 4, d);
        java.util.function.Function<int[], Tensor> lastLogits = prefix -> {
            Tensor x = embedding.indexSelect(0, Tensor.ofInts(prefix, prefix.length)).unsqueeze(0);   // [1, T, d]
            Tensor out = layer.forward(x, memory, AttentionMask.causalMask(), AttentionMask.NONE);
            return head.forward(out.select(1, prefix.length - 1));                                  // [1, vocab]
        };
        try (var scope = GradMode.noGrad()) {
            Hypothesis h = Decoding.greedy(StepModel.ofPrefix(lastLogits), new int[0], 0, 1, 6);
            // Causal masking: decoding the whole output at once gives the same argmax at every position.
            int[] full = new int[h.length() + 1];
            System.arraycopy(h.tokens(), 0, full, 1, h.length());
            Tensor x = embedding.indexSelect(0, Tensor.ofInts(full, full.length)).unsqueeze(0);
            Tensor logits = head.forward(layer.forward(x, memory, AttentionMask.causalMask(), AttentionMask.NONE));
            for (int t = 0; t < h.length(); t++) {
                assertEquals(h.tokens()[t], (int) logits.select(1, t).argmax().item(), "position " + t);
            }
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> Decoding.greedy(markov(TRAP), null, START, END, 0));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.search(markov(TRAP), null, START, END, 0, 5, LengthPenalty.none()));
    }
}
