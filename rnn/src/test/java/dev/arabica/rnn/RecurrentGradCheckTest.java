package dev.arabica.rnn;

import static dev.arabica.rnn.RecurrentTestSupport.flat;
import static dev.arabica.rnn.RecurrentTestSupport.input;
import static dev.arabica.rnn.RecurrentTestSupport.run;
import static dev.arabica.rnn.RecurrentTestSupport.weights;

import dev.arabica.core.GradCheck;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference checks of the hand-written backpropagation through time: every input, state
 * and weight of every mode, over layers, directions, bias, layouts and variable lengths.
 */
class RecurrentGradCheckTest {
    static Stream<Arguments> configurations() {
        List<Arguments> cases = new ArrayList<>();
        for (RecurrentMode mode : RecurrentMode.values()) {
            // layers, bidirectional, bias, batchFirst, lengths
            cases.add(Arguments.of(mode, 1, false, true, false, null));
            cases.add(Arguments.of(mode, 2, true, true, true, null));
            cases.add(Arguments.of(mode, 2, false, false, false, null));
            cases.add(Arguments.of(mode, 1, true, false, true, new int[] {3, 1, 0}));
            cases.add(Arguments.of(mode, 2, true, true, false, new int[] {2, 3, 1}));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} bias={3} batchFirst={4}")
    @MethodSource("configurations")
    void gradientsMatchCentralDifferences(RecurrentMode mode, int layers, boolean bidirectional, boolean bias,
                                          boolean batchFirst, int[] lengths) {
        Generator gen = new Generator(17 + layers * 3L + mode.ordinal());
        RecurrentOptions o = new RecurrentOptions(2, 3, layers, bias, batchFirst, 0, bidirectional);
        int steps = 3, batch = 3, states = layers * o.directions();
        Tensor x = input(gen, o, steps, batch).requiresGrad_(true);
        Tensor h0 = Tensor.uniform(gen, -1f, 1f, states, batch, 3).requiresGrad_(true);
        Tensor c0 = mode.hasCellState() ? Tensor.uniform(gen, -1f, 1f, states, batch, 3).requiresGrad_(true) : null;
        List<Tensor> w = weights(mode, o, gen);
        List<Tensor> inputs = new ArrayList<>(List.of(x, h0));
        if (c0 != null) inputs.add(c0);
        inputs.addAll(w);
        int first = c0 != null ? 3 : 2;
        GradCheck.assertGradients(in -> {
            List<Tensor> ws = List.of(in).subList(first, in.length);
            Tensor[] r = run(mode, in[0], in[1], c0 != null ? in[2] : null, ws, o, lengths);
            return flat(r);
        }, gradOptions(mode), inputs.toArray(new Tensor[0]));
    }

    /** ReLU RNNs have kinks: a smaller step keeps the difference quotient on one side of them. */
    private static GradCheck.Options gradOptions(RecurrentMode mode) {
        return mode == RecurrentMode.RNN_RELU ? new GradCheck.Options(2e-4, 1e-2, 1e-3, 99) : GradCheck.Options.defaults();
    }

    @Test
    void longerSequenceWithTimeMajorViewInput() {
        // Non-contiguous input (a permuted view that is neither time- nor batch-major) goes through a copy.
        Generator gen = new Generator(5);
        RecurrentOptions o = RecurrentOptions.of(3, 4);
        Tensor base = Tensor.uniform(gen, -1f, 1f, 3, 2, 7).requiresGrad_(true); // [I, B, T]
        List<Tensor> w = weights(RecurrentMode.LSTM, o, gen);
        List<Tensor> inputs = new ArrayList<>(List.of(base));
        inputs.addAll(w);
        GradCheck.assertGradients(in -> {
            Tensor x = in[0].permute(2, 1, 0); // [T, B, I]
            LstmOutput r = RnnFunctional.lstm(x, null, null, List.of(in).subList(1, in.length), o);
            return flat(r.output(), r.hN(), r.cN());
        }, inputs.toArray(new Tensor[0]));
    }

    @ParameterizedTest
    @MethodSource("cellModes")
    void cells(RecurrentMode mode, boolean bias, boolean unbatched) {
        Generator gen = new Generator(23 + mode.ordinal());
        int hidden = 3, in = 2, gw = mode.gates() * hidden;
        Tensor x = (unbatched ? Tensor.uniform(gen, -1f, 1f, in) : Tensor.uniform(gen, -1f, 1f, 2, in)).requiresGrad_(true);
        Tensor h = (unbatched ? Tensor.uniform(gen, -1f, 1f, hidden) : Tensor.uniform(gen, -1f, 1f, 2, hidden)).requiresGrad_(true);
        Tensor c = (unbatched ? Tensor.uniform(gen, -1f, 1f, hidden) : Tensor.uniform(gen, -1f, 1f, 2, hidden)).requiresGrad_(true);
        Tensor wih = Tensor.uniform(gen, -0.6f, 0.6f, gw, in).requiresGrad_(true);
        Tensor whh = Tensor.uniform(gen, -0.6f, 0.6f, gw, hidden).requiresGrad_(true);
        Tensor bih = Tensor.uniform(gen, -0.6f, 0.6f, gw).requiresGrad_(true);
        Tensor bhh = Tensor.uniform(gen, -0.6f, 0.6f, gw).requiresGrad_(true);
        Tensor[] all = bias ? new Tensor[] {x, h, c, wih, whh, bih, bhh} : new Tensor[] {x, h, c, wih, whh};
        GradCheck.assertGradients(a -> {
            Tensor bi = bias ? a[5] : null, bh = bias ? a[6] : null;
            return switch (mode) {
                case LSTM -> {
                    LstmState s = RnnFunctional.lstmCell(a[0], new LstmState(a[1], a[2]), a[3], a[4], bi, bh);
                    yield flat(s.h(), s.c());
                }
                case GRU -> RnnFunctional.gruCell(a[0], a[1], a[3], a[4], bi, bh).add(a[2].mul(0f));
                default -> RnnFunctional.rnnCell(mode, a[0], a[1], a[3], a[4], bi, bh).add(a[2].mul(0f));
            };
        }, gradOptions(mode), all);
    }

    static Stream<Arguments> cellModes() {
        List<Arguments> cases = new ArrayList<>();
        for (RecurrentMode mode : RecurrentMode.values()) {
            cases.add(Arguments.of(mode, true, false));
            cases.add(Arguments.of(mode, false, true));
        }
        return cases.stream();
    }

    @Test
    void embeddingWithRepeats() {
        Generator gen = new Generator(3);
        Tensor w = Tensor.randn(gen, 6, 4).requiresGrad_(true);
        Tensor idx = Tensor.ofLongs(new long[] {1, 2, 2, 0, 5, 1, 1, 3}, 2, 4);
        // (padding rows and scale_grad_by_freq change the gradient on purpose: see EmbeddingTest)
        GradCheck.assertGradients(in -> RnnFunctional.embedding(idx, in[0]), w);
    }
}
