package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecurrentModuleTest {
    @Test
    void parameterNamesShapesAndOrderFollowPyTorch() {
        LSTM lstm = new LSTM(RecurrentOptions.of(5, 3).withNumLayers(2).withBidirectional(true), new Generator(1));
        Map<String, Tensor> state = lstm.stateDict();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                List.copyOf(state.keySet()));
        assertArrayEquals(new int[] {12, 5}, state.get("weight_ih_l0").shape());
        assertArrayEquals(new int[] {12, 6}, state.get("weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {12, 3}, state.get("weight_hh_l1").shape());
        assertArrayEquals(new int[] {12}, state.get("bias_hh_l0_reverse").shape());

        GRU gru = new GRU(RecurrentOptions.of(4, 2).withBias(false), new Generator(1));
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0"), List.copyOf(gru.stateDict().keySet()));
        assertArrayEquals(new int[] {6, 4}, gru.flatWeights().get(0).shape());
        RNN rnn = new RNN(RecurrentOptions.of(4, 2), RNN.Nonlinearity.RELU, new Generator(1));
        assertArrayEquals(new int[] {2, 4}, rnn.flatWeights().get(0).shape());
        assertEquals("RNN(4, 2, nonlinearity=relu)", rnn.toString());
        assertEquals("LSTM(5, 3, numLayers=2, bidirectional=true)", lstm.toString());
        LSTMCell cell = new LSTMCell(3, 2, new Generator(1));
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(cell.stateDict().keySet()));
        assertArrayEquals(new int[] {8, 3}, cell.weightIh().shape());
    }

    @Test
    void weightsAreUniformWithinOneOverSqrtHidden() {
        GRU gru = new GRU(RecurrentOptions.of(30, 16).withNumLayers(2), new Generator(9));
        float bound = 0.25f;
        float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
        for (Tensor w : gru.parameters()) {
            for (float v : w.toFloatArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertTrue(min >= -bound && max < bound, min + " .. " + max);
        assertTrue(min < -0.24f && max > 0.24f, "the whole range is used: " + min + " .. " + max);
        assertArrayEquals(gru.flatWeights().get(5).toFloatArray(),
                new GRU(RecurrentOptions.of(30, 16).withNumLayers(2), new Generator(9)).flatWeights().get(5).toFloatArray());
    }

    @Test
    void batchFirstOnlyTransposesInputAndOutput() {
        Generator gen = new Generator(4);
        RecurrentOptions tm = RecurrentOptions.of(3, 4).withNumLayers(2).withBidirectional(true);
        LSTM a = new LSTM(tm, new Generator(5)), b = new LSTM(tm.withBatchFirst(true), new Generator(5));
        Tensor x = Tensor.randn(gen, 6, 2, 3), h0 = Tensor.randn(gen, 4, 2, 4), c0 = Tensor.randn(gen, 4, 2, 4);
        LstmOutput ra = a.forward(x, h0, c0), rb = b.forward(x.transpose(0, 1).contiguous(), h0, c0);
        assertArrayEquals(new int[] {2, 6, 8}, rb.output().shape());
        assertArrayEquals(ra.output().transpose(0, 1).contiguous().toFloatArray(), rb.output().toFloatArray());
        assertArrayEquals(ra.hN().toFloatArray(), rb.hN().toFloatArray());
        assertArrayEquals(ra.cN().toFloatArray(), rb.cN().toFloatArray());
    }

    @Test
    void cellsStepThroughASequenceLikeTheLayer() {
        Generator gen = new Generator(6);
        LSTM lstm = new LSTM(RecurrentOptions.of(3, 5).withBatchFirst(true), gen);
        Tensor x = Tensor.randn(gen, 2, 7, 3);
        LstmOutput whole = lstm.forward(x, (LstmState) null);
        LSTMCell cell = lstm.cell(0, false);
        assertSame(lstm.flatWeights().get(0), cell.weightIh(), "the cell shares the layer's parameters");
        LstmState s = null;
        try (var scope = GradMode.noGrad()) {
            for (int t = 0; t < 7; t++) {
                s = cell.forward(x.select(1, t), s);
                VariableLengthTest.assertClose(whole.output().select(1, t), s.h(), "step " + t);
            }
        }
        VariableLengthTest.assertClose(whole.cN().select(0, 0), s.c(), "final cell state");

        GRU gru = new GRU(RecurrentOptions.of(3, 4), gen);
        RNN rnn = new RNN(RecurrentOptions.of(3, 4), RNN.Nonlinearity.RELU, gen);
        Tensor xt = Tensor.randn(gen, 5, 2, 3);
        Tensor hg = null, hr = null;
        for (int t = 0; t < 5; t++) {
            hg = gru.cell(0, false).forward(xt.select(0, t), hg);
            hr = rnn.cell(0, false).forward(xt.select(0, t), hr);
        }
        VariableLengthTest.assertClose(gru.forward(xt, null).hN().select(0, 0), hg, "GRU cell");
        VariableLengthTest.assertClose(rnn.forward(xt, null).hN().select(0, 0), hr, "RNN cell");
    }

    @Test
    void unbatchedInputAndCells() {
        Generator gen = new Generator(8);
        GRU gru = new GRU(RecurrentOptions.of(3, 4).withNumLayers(2).withBatchFirst(true), gen);
        Tensor x = Tensor.randn(gen, 5, 3), h0 = Tensor.randn(gen, 2, 4);
        RnnOutput single = gru.forward(x, h0);
        assertArrayEquals(new int[] {5, 4}, single.output().shape());
        assertArrayEquals(new int[] {2, 4}, single.hN().shape());
        RnnOutput batched = gru.forward(x.unsqueeze(0), h0.unsqueeze(1));
        assertArrayEquals(batched.output().toFloatArray(), single.output().toFloatArray());
        GRUCell cell = new GRUCell(3, 4, gen);
        assertArrayEquals(new int[] {4}, cell.forward(x.select(0, 0)).shape());
        assertArrayEquals(cell.forward(x.slice(0, 0, 1)).toFloatArray(), cell.forward(x.select(0, 0)).toFloatArray());
    }

    @Test
    void dropoutBetweenLayersOnlyWhileTrainingAndSeeded() {
        RecurrentOptions o = RecurrentOptions.of(3, 8).withNumLayers(3).withDropout(0.5);
        Tensor x = Tensor.randn(new Generator(1), 4, 2, 3);
        LSTM a = new LSTM(o, new Generator(2)), b = new LSTM(o, new Generator(2));
        float[] trainA = a.forward(x).toFloatArray(), trainB = b.forward(x).toFloatArray();
        assertArrayEquals(trainA, trainB, "same seed, same masks");
        a.eval();
        float[] evalA = a.forward(x).toFloatArray();
        LSTM plain = new LSTM(o.withDropout(0), new Generator(2));
        assertArrayEquals(plain.forward(x).toFloatArray(), evalA, "eval mode has no dropout");
        assertFalse(java.util.Arrays.equals(evalA, trainA), "training mode drops");
        assertNotEquals(null, b.dropoutGenerator());
    }

    @Test
    void zeroLengthSequenceReturnsTheInitialState() {
        Generator gen = new Generator(3);
        LSTM lstm = new LSTM(RecurrentOptions.of(2, 3), gen);
        Tensor h0 = Tensor.randn(gen, 1, 4, 3), c0 = Tensor.randn(gen, 1, 4, 3);
        LstmOutput r = lstm.forward(Tensor.zeros(0, 4, 2), h0, c0);
        assertArrayEquals(new int[] {0, 4, 3}, r.output().shape());
        assertArrayEquals(h0.toFloatArray(), r.hN().toFloatArray());
        assertArrayEquals(c0.toFloatArray(), r.cN().toFloatArray());
        assertArrayEquals(new int[] {1, 0, 3}, lstm.forward(Tensor.zeros(1, 0, 2), null, null).hN().shape());
    }
}
