package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * A multi-layer gated recurrent unit network, like {@code torch.nn.GRU}. Per layer, direction and
 * step, with {@code x} the layer's input and {@code h} the previous state:
 * <pre>
 * r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)      z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))   h' = (1 - z) * n + z * h
 * </pre>
 * Gate blocks {@code r, z, n} ({@code weight_ih_l0} is {@code [3H, I]}). Shapes, parameters,
 * variable-length batches and dropout as in {@link LSTM}, without the cell state.
 */
public final class GRU extends RecurrentModule {
    /** As {@link #GRU(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Generator.defaultGenerator());
    }

    /** One layer, with bias, time-major input. */
    public GRU(int inputSize, int hiddenSize, Generator gen) {
        this(RecurrentOptions.of(inputSize, hiddenSize), gen);
    }

    /** As {@link #GRU(RecurrentOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public GRU(RecurrentOptions options) {
        this(options, Generator.defaultGenerator());
    }

    public GRU(RecurrentOptions options, Generator gen) {
        super(RecurrentMode.GRU, options, gen);
    }

    /** Full-length sequences from {@code h0} ({@code [layers * D, B, H]}, or null for zeros). */
    public RnnOutput forward(Tensor x, Tensor h0) {
        return forward(x, h0, (int[]) null);
    }

    /** @param lengths valid steps per batch element, each in {@code [0, T]}, or null for all */
    public RnnOutput forward(Tensor x, Tensor h0, int[] lengths) {
        Tensor[] r = run(x, h0, null, lengths);
        return new RnnOutput(r[0], r[1]);
    }

    /** With a validity mask ({@code [B, T]} with {@code batchFirst}, else {@code [T, B]}; nonzero = valid, valid steps first). */
    public RnnOutput forward(Tensor x, Tensor h0, Tensor mask) {
        return forward(x, h0, lengths(x, mask));
    }

    /** A cell sharing the parameters of one layer and direction; see {@link LSTM#cell(int, boolean)}. */
    public GRUCell cell(int layer, boolean reverse) {
        List<Tensor> w = layerWeights(layer, reverse);
        return new GRUCell(w.get(0), w.get(1), w.size() > 2 ? w.get(2) : null, w.size() > 2 ? w.get(3) : null);
    }
}
