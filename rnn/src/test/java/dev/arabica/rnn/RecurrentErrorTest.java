package dev.arabica.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad shapes and arguments fail before any work, with the op and the shapes in the message. */
class RecurrentErrorTest {
    private final Generator gen = new Generator(1);

    private static void fails(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void inputShape() {
        LSTM lstm = new LSTM(RecurrentOptions.of(4, 3).withBatchFirst(true), gen);
        fails("lstm: input of shape [2,3,4,5] must be 3-D ([B, T, I] with batchFirst) or 2-D unbatched [T, I]",
                () -> lstm.forward(Tensor.zeros(2, 3, 4, 5)));
        fails("lstm: input of shape [2,3,5] has 5 features per step, expected inputSize 4",
                () -> lstm.forward(Tensor.zeros(2, 3, 5)));
        GRU gru = new GRU(4, 3, gen);
        fails("gru: input of shape [4] must be 3-D ([T, B, I]) or 2-D unbatched [T, I]", () -> gru.forward(Tensor.zeros(4)));
        fails("gru: input must be float32, got int64 of shape [2,1,4]",
                () -> gru.forward(Tensor.ofLongs(new long[8], 2, 1, 4)));
    }

    @Test
    void stateShapes() {
        LSTM lstm = new LSTM(RecurrentOptions.of(4, 3).withNumLayers(2).withBatchFirst(true), gen);
        Tensor x = Tensor.zeros(5, 7, 4);
        fails("lstm: h0 of shape [2,7,3] must be [2,5,3] ([layers * directions, batch, hidden], also with batchFirst)",
                () -> lstm.forward(x, Tensor.zeros(2, 7, 3), Tensor.zeros(2, 5, 3)));
        fails("lstm: c0 of shape [1,5,3] must be [2,5,3] ([layers * directions, batch, hidden], also with batchFirst)",
                () -> lstm.forward(x, Tensor.zeros(2, 5, 3), Tensor.zeros(1, 5, 3)));
        fails("lstm: 4 sequence lengths for a batch of 5", () -> lstm.forward(x, null, null, new int[] {1, 2, 3, 4}));
        fails("lstm: length 8 of batch element 1 is outside [0, 7] (the input has 7 steps)",
                () -> lstm.forward(x, null, null, new int[] {1, 8, 3, 4, 5}));
        fails("lstm: mask of shape [7,5] must be [5,7] [B, T]", () -> lstm.forward(x, null, null, Tensor.ones(7, 5)));
    }

    @Test
    void functionalWeights() {
        RecurrentOptions o = RecurrentOptions.of(4, 3);
        Tensor x = Tensor.zeros(2, 1, 4);
        fails("gru: expected 4 weights (1 layers x 1 directions x weight_ih, weight_hh, bias_ih, bias_hh), got 2",
                () -> RnnFunctional.gru(x, null, List.of(Tensor.zeros(9, 4), Tensor.zeros(9, 3)), o));
        fails("gru: weight_hh_l0 of shape [9,4] must be [9,3]",
                () -> RnnFunctional.gru(x, null, List.of(Tensor.zeros(9, 4), Tensor.zeros(9, 4)), o.withBias(false)));
        fails("lstm: weight_ih_l0 of shape [9,4] must be [12,4] (input size 4)",
                () -> RnnFunctional.lstm(x, null, null, List.of(Tensor.zeros(9, 4), Tensor.zeros(12, 3)), o.withBias(false)));
        fails("rnn: mode must be RNN_TANH or RNN_RELU, got GRU",
                () -> RnnFunctional.rnn(RecurrentMode.GRU, x, null, List.of(), o));
    }

    @Test
    void cells() {
        LSTMCell cell = new LSTMCell(4, 3, gen);
        fails("lstm_cell: input of shape [2,3,4] must be 2-D [B, I] or 1-D unbatched [I]", () -> cell.forward(Tensor.zeros(2, 3, 4)));
        fails("lstm_cell: h of shape [2,4] must be [2,3]",
                () -> cell.forward(Tensor.zeros(2, 4), new LstmState(Tensor.zeros(2, 4), Tensor.zeros(2, 3))));
        fails("lstm_cell: weight_ih of shape [12,4] must be [12,5] (input size 5)", () -> cell.forward(Tensor.zeros(2, 5)));
    }

    @Test
    void options() {
        fails("RecurrentOptions: dropout must be in [0, 1), got 1.0", () -> RecurrentOptions.of(2, 3).withDropout(1));
        fails("RecurrentOptions: hiddenSize must be >= 1, got 0", () -> RecurrentOptions.of(2, 0));
    }
}
