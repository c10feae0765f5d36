package dev.arabica.rnn;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Functional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The multi-layer driver shared by the modules and {@link RnnFunctional}: checks shapes, maps
 * {@code batchFirst} and unbatched input to {@code [T, B, I]} views, runs {@link RecurrentLayerOp}
 * layer by layer (dropout between layers in training) and assembles {@code h_n} / {@code c_n}.
 */
final class Recurrence {
    private Recurrence() {}

    /** {@code {output, h_n, c_n}} ({@code c_n} null unless LSTM). */
    static Tensor[] run(RecurrentMode mode, Tensor x, Tensor h0, Tensor c0, List<Tensor> weights, int hiddenSize,
                        int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional,
                        int[] lengths, boolean training, Generator dropoutGenerator) {
        String op = mode.opName();
        if (x == null) throw new IllegalArgumentException(op + ": input is null");
        requireFloat(op, "input", x);
        if (hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(op + ": hiddenSize and numLayers must be >= 1, got " + hiddenSize + " and " + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException(op + ": dropout must be in [0, 1), got " + dropout);
        if (training && dropout > 0 && numLayers > 1 && dropoutGenerator == null) {
            throw new IllegalArgumentException(op + ": dropout between layers needs a generator");
        }
        int directions = bidirectional ? 2 : 1;
        boolean unbatched = x.dim() == 2;
        if (x.dim() != 3 && !unbatched) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " must be 3-D ("
                    + (batchFirst ? "[B, T, I] with batchFirst" : "[T, B, I]") + ") or 2-D unbatched [T, I]");
        }
        if (!mode.hasCellState() && c0 != null) {
            throw new IllegalArgumentException(op + ": has no cell state, but c0 was given");
        }
        Tensor xt = unbatched ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x;
        int steps = xt.size(0), batch = xt.size(1), inputSize = xt.size(2);
        int[] stateShape = unbatched ? new int[] {numLayers * directions, hiddenSize}
                : new int[] {numLayers * directions, batch, hiddenSize};
        Tensor h = checkState(op, "h0", h0, stateShape, unbatched);
        Tensor c = checkState(op, "c0", c0, stateShape, unbatched);
        checkWeights(op, mode, weights, inputSize, hiddenSize, numLayers, bias, directions, false);
        if (lengths != null) checkLengths(op, lengths, steps, batch);

        int perLayer = directions * (bias ? 4 : 2);
        List<Tensor> hN = new ArrayList<>(numLayers), cN = new ArrayList<>(numLayers);
        Tensor layerInput = xt, output = null;
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] w = weights.subList(layer * perLayer, (layer + 1) * perLayer).toArray(new Tensor[0]);
            Tensor hl = h == null ? null : numLayers == 1 ? h : h.slice(0, layer * directions, (layer + 1) * directions);
            Tensor cl = c == null ? null : numLayers == 1 ? c : c.slice(0, layer * directions, (layer + 1) * directions);
            boolean batchFirstOut = batchFirst && !unbatched;
            Tensor[] res = RecurrentLayerOp.forward(mode, layerInput, hl, cl, w, bias, hiddenSize, lengths, batchFirstOut);
            output = res[0];
            hN.add(res[1]);
            if (mode.hasCellState()) cN.add(res[2]);
            if (layer < numLayers - 1 && training && dropout > 0) {
                output = Functional.dropout(output, dropout, true, dropoutGenerator);
            }
            layerInput = batchFirstOut ? output.transpose(0, 1) : output;
        }
        Tensor hOut = numLayers == 1 ? hN.get(0) : Tensor.cat(hN, 0);
        Tensor cOut = !mode.hasCellState() ? null : numLayers == 1 ? cN.get(0) : Tensor.cat(cN, 0);
        if (unbatched) {
            output = output.squeeze(1);
            hOut = hOut.squeeze(1);
            if (cOut != null) cOut = cOut.squeeze(1);
        }
        return new Tensor[] {output, hOut, cOut};
    }

    private static void requireFloat(String op, String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype() + " of shape "
                    + Shape.format(t.shape()));
        }
    }

    /** The state as a {@code [L*D, B, H]} view, or null. */
    private static Tensor checkState(String op, String name, Tensor s, int[] expected, boolean unbatched) {
        if (s == null) return null;
        requireFloat(op, name, s);
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + Shape.format(s.shape()) + " must be "
                    + Shape.format(expected) + (unbatched ? " ([layers * directions, hidden] for unbatched input)"
                    : " ([layers * directions, batch, hidden], also with batchFirst)"));
        }
        return unbatched ? s.unsqueeze(1) : s;
    }

    /** With {@code cell}, the names are the cells' ({@code weight_ih}, ...) instead of {@code weight_ih_l0}, .... */
    static void checkWeights(String op, RecurrentMode mode, List<Tensor> weights, int inputSize, int hidden, int numLayers,
                             boolean bias, int directions, boolean cell) {
        int per = bias ? 4 : 2;
        int expected = numLayers * directions * per;
        if (weights == null || weights.size() != expected) {
            throw new IllegalArgumentException(op + ": expected " + expected + " weights (" + numLayers + " layers x "
                    + directions + " directions x " + (bias ? "weight_ih, weight_hh, bias_ih, bias_hh" : "weight_ih, weight_hh")
                    + "), got " + (weights == null ? "null" : weights.size()));
        }
        int gw = mode.gates() * hidden;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : directions * hidden;
            for (int d = 0; d < directions; d++) {
                String suffix = cell ? "" : "_l" + layer + (d == 1 ? "_reverse" : "");
                int base = (layer * directions + d) * per;
                checkShape(op, "weight_ih" + suffix, weights.get(base), gw, in, layer == 0 ? " (input size " + inputSize + ")" : "");
                checkShape(op, "weight_hh" + suffix, weights.get(base + 1), gw, hidden, "");
                if (bias) {
                    checkShape(op, "bias_ih" + suffix, weights.get(base + 2), gw, -1, "");
                    checkShape(op, "bias_hh" + suffix, weights.get(base + 3), gw, -1, "");
                }
            }
        }
    }

    private static void checkShape(String op, String name, Tensor t, int rows, int cols, String note) {
        if (t == null) throw new IllegalArgumentException(op + ": " + name + " is null");
        requireFloat(op, name, t);
        int[] expected = cols < 0 ? new int[] {rows} : new int[] {rows, cols};
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(op + ": " + name + " of shape " + Shape.format(t.shape()) + " must be "
                    + Shape.format(expected) + note);
        }
    }

    static void checkLengths(String op, int[] lengths, int steps, int batch) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(op + ": " + lengths.length + " sequence lengths for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException(op + ": length " + lengths[b] + " of batch element " + b
                        + " is outside [0, " + steps + "] (the input has " + steps + " steps)");
            }
        }
    }

    /**
     * Sequence lengths from a validity mask ({@code [B, T]} if {@code batchFirst}, else {@code [T, B]};
     * nonzero = valid). Each sequence's valid steps must come first.
     */
    static int[] lengthsFromMask(String op, Tensor mask, int steps, int batch, boolean batchFirst) {
        int[] expected = batchFirst ? new int[] {batch, steps} : new int[] {steps, batch};
        if (!Arrays.equals(mask.shape(), expected)) {
            throw new IllegalArgumentException(op + ": mask of shape " + Shape.format(mask.shape()) + " must be "
                    + Shape.format(expected) + (batchFirst ? " [B, T]" : " [T, B]"));
        }
        float[] m = mask.toFloatArray();
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int len = 0;
            boolean ended = false;
            for (int t = 0; t < steps; t++) {
                boolean valid = m[batchFirst ? b * steps + t : t * batch + b] != 0f;
                if (valid && ended) {
                    throw new IllegalArgumentException(op + ": mask of batch element " + b + " has a valid step " + t
                            + " after padding; valid steps must come first (padding at the end)");
                }
                if (valid) len++;
                else ended = true;
            }
            lengths[b] = len;
        }
        return lengths;
    }
}
