package dev.arabica.rnn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.List;

/** One step of a cell: the layer op with {@code T = 1} (same kernel, same backward). */
final class Cells {
    private Cells() {}

    /** {@code {h'}} or, for the LSTM, {@code {h', c'}}. */
    static Tensor[] step(RecurrentMode mode, Tensor x, Tensor h, Tensor c, Tensor weightIh, Tensor weightHh, Tensor biasIh,
                         Tensor biasHh) {
        String op = mode.opName() + "_cell";
        if (x == null) throw new IllegalArgumentException(op + ": input is null");
        if ((biasIh == null) != (biasHh == null)) {
            throw new IllegalArgumentException(op + ": give both biases or neither");
        }
        if (weightIh == null || weightIh.dim() != 2) {
            throw new IllegalArgumentException(op + ": weight_ih must be 2-D [" + mode.gates() + "*H, I], got "
                    + (weightIh == null ? "null" : Shape.format(weightIh.shape())));
        }
        int hidden = weightIh.size(0) / mode.gates();
        if (hidden * mode.gates() != weightIh.size(0) || hidden == 0) {
            throw new IllegalArgumentException(op + ": weight_ih of shape " + Shape.format(weightIh.shape())
                    + " must have a positive multiple of " + mode.gates() + " rows");
        }
        boolean unbatched = x.dim() == 1;
        if (x.dim() != 2 && !unbatched) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape())
                    + " must be 2-D [B, I] or 1-D unbatched [I]");
        }
        int inputSize = x.size(-1), batch = unbatched ? 1 : x.size(0);
        int[] stateShape = unbatched ? new int[] {hidden} : new int[] {batch, hidden};
        checkState(op, "h", h, stateShape);
        checkState(op, "c", c, stateShape);
        boolean bias = biasIh != null;
        List<Tensor> w = bias ? List.of(weightIh, weightHh, biasIh, biasHh) : List.of(weightIh, weightHh);
        Recurrence.checkWeights(op, mode, w, inputSize, hidden, 1, bias, 1, true);
        Tensor xs = unbatched ? x.reshape(1, 1, inputSize) : x.unsqueeze(0);
        Tensor hs = h == null ? null : unbatched ? h.reshape(1, 1, hidden) : h.unsqueeze(0);
        Tensor cs = c == null ? null : unbatched ? c.reshape(1, 1, hidden) : c.unsqueeze(0);
        Tensor[] r = RecurrentLayerOp.forward(mode, xs, hs, cs, w.toArray(new Tensor[0]), bias, hidden, null, false);
        Tensor hOut = unbatched ? r[1].reshape(hidden) : r[1].squeeze(0);
        if (!mode.hasCellState()) return new Tensor[] {hOut};
        return new Tensor[] {hOut, unbatched ? r[2].reshape(hidden) : r[2].squeeze(0)};
    }

    private static void checkState(String op, String name, Tensor s, int[] expected) {
        if (s != null && !Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + Shape.format(s.shape()) + " must be "
                    + Shape.format(expected));
        }
    }
}
