package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class CellInferenceTest {
    private static RecurrentCell cell(RecurrentMode mode, boolean bias, Generator gen) {
        return switch (mode) {
            case LSTM -> new LSTMCell(5, 7, bias, gen);
            case GRU -> new GRUCell(5, 7, bias, gen);
            case RNN_TANH -> new RNNCell(5, 7, bias, RNN.Nonlinearity.TANH, gen);
            case RNN_RELU -> new RNNCell(5, 7, bias, RNN.Nonlinearity.RELU, gen);
        };
    }

    @ParameterizedTest
    @EnumSource(RecurrentMode.class)
    void stepsLikeTheCell(RecurrentMode mode) {
        for (boolean bias : new boolean[] {true, false}) {
            Generator gen = new Generator(13);
            RecurrentCell cell = cell(mode, bias, gen);
            CellInference run = cell.inference();
            assertNull(run.hidden());
            Tensor h = null, c = null;
            for (int t = 0; t < 6; t++) {
                Tensor x = Tensor.randn(gen, 3, 5);
                Tensor[] expected = cell.step(x, h, c);
                h = expected[0];
                c = expected.length > 1 ? expected[1] : null;
                Tensor actual = run.step(x);
                assertFalse(actual.requiresGrad());
                VariableLengthTest.assertClose(h, actual, mode + " step " + t);
                if (c != null) VariableLengthTest.assertClose(c, run.cell(), mode + " cell state " + t);
            }
            run.reset();
            Tensor single = Tensor.randn(gen, 5);
            Tensor fromZero = run.step(single);
            VariableLengthTest.assertClose(cell.step(single, null, null)[0], fromZero, "unbatched after reset");
        }
    }

    /** Batch 1 with one-hot inputs skips the zero rows of {@code W_ih^T}: still the cell's step. */
    @ParameterizedTest
    @EnumSource(RecurrentMode.class)
    void oneHotStepsLikeTheCell(RecurrentMode mode) {
        Generator gen = new Generator(21);
        RecurrentCell cell = cell(mode, true, gen);
        CellInference run = cell.inference();
        Tensor h = null, c = null;
        for (int t = 0; t < 6; t++) {
            Tensor x = Tensor.zeros(1, 5);
            x.set(t % 2 == 0 ? 1f : -0.5f, 0, (3 * t) % 5);
            Tensor[] expected = cell.step(x, h, c);
            h = expected[0];
            c = expected.length > 1 ? expected[1] : null;
            VariableLengthTest.assertClose(h, run.step(x), mode + " one-hot step " + t);
        }
    }

    /** With a non-finite input weight, 0 * inf must still give NaN as in the full product. */
    @Test
    void nonFiniteInputWeightsAreNotSkipped() {
        Generator gen = new Generator(4);
        LSTMCell cell = new LSTMCell(3, 4, gen);
        try (var scope = GradMode.noGrad()) {
            cell.weightIh().set(Float.POSITIVE_INFINITY, 2, 1);
        }
        Tensor x = Tensor.zeros(1, 3);
        x.set(1f, 0, 0);
        float[] expected = cell.step(x, null, null)[0].toFloatArray();
        float[] actual = cell.inference().step(x).toFloatArray();
        assertTrue(Float.isNaN(expected[2]), "the reference step gives NaN");
        assertArrayEquals(expected, actual, 1e-6f);
    }

    @Test
    void stateCanBeSetAndBatchIsChecked() {
        Generator gen = new Generator(2);
        LSTMCell cell = new LSTMCell(3, 4, gen);
        CellInference run = cell.inference();
        Tensor h = Tensor.randn(gen, 2, 4), c = Tensor.randn(gen, 2, 4), x = Tensor.randn(gen, 2, 3);
        run.setState(h, c);
        LstmState expected;
        try (var scope = GradMode.noGrad()) {
            expected = cell.forward(x, new LstmState(h, c));
        }
        assertArrayEquals(expected.h().toFloatArray(), run.step(x).toFloatArray(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> run.step(Tensor.randn(gen, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> run.step(Tensor.randn(gen, 2, 4)));
        assertThrows(IllegalArgumentException.class, () -> run.setState(h, null));
    }
}
