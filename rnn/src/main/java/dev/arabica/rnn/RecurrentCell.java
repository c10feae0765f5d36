package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init;

/**
 * What {@link RNNCell}, {@link LSTMCell} and {@link GRUCell} share (PyTorch's {@code RNNCellBase}):
 * parameters {@code weight_ih [G*H, I]}, {@code weight_hh [G*H, H]} and, with bias,
 * {@code bias_ih [G*H]}, {@code bias_hh [G*H]}, drawn from {@code U(-1/sqrt(H), 1/sqrt(H))} in that
 * order. A step runs the same fused kernel as the sequence layers with one time step, so it records
 * one node per step (none under {@code GradMode.noGrad()}).
 */
public abstract sealed class RecurrentCell extends Module permits RNNCell, LSTMCell, GRUCell {
    private final RecurrentMode mode;
    private final int inputSize;
    private final int hiddenSize;
    private final Tensor weightIh;
    private final Tensor weightHh;
    private final Tensor biasIh;
    private final Tensor biasHh;

    RecurrentCell(RecurrentMode mode, int inputSize, int hiddenSize, boolean bias, Generator gen) {
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException(mode.opName() + "_cell: inputSize and hiddenSize must be >= 1, got "
                    + inputSize + " and " + hiddenSize);
        }
        if (gen == null) throw new IllegalArgumentException(mode.opName() + "_cell: generator must not be null");
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        int gw = mode.gates() * hiddenSize;
        weightIh = registerParameter("weight_ih", Parameter.zeros(gw, inputSize));
        weightHh = registerParameter("weight_hh", Parameter.zeros(gw, hiddenSize));
        biasIh = bias ? registerParameter("bias_ih", Parameter.zeros(gw)) : null;
        biasHh = bias ? registerParameter("bias_hh", Parameter.zeros(gw)) : null;
        double bound = 1 / Math.sqrt(hiddenSize);
        for (Tensor w : parameters()) Init.uniform_(w, -bound, bound, gen);
    }

    /** A cell around existing parameters (shared, not copied), e.g. one layer of a sequence network. */
    RecurrentCell(RecurrentMode mode, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {
        this.mode = mode;
        this.hiddenSize = weightHh.size(1);
        this.inputSize = weightIh.size(1);
        this.weightIh = registerParameter("weight_ih", weightIh);
        this.weightHh = registerParameter("weight_hh", weightHh);
        this.biasIh = biasIh == null ? null : registerParameter("bias_ih", biasIh);
        this.biasHh = biasHh == null ? null : registerParameter("bias_hh", biasHh);
    }

    RecurrentMode mode() {
        return mode;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public Tensor weightIh() {
        return weightIh;
    }

    public Tensor weightHh() {
        return weightHh;
    }

    /** The input-side bias, or null without bias. */
    public Tensor biasIh() {
        return biasIh;
    }

    /** The hidden-side bias, or null without bias. */
    public Tensor biasHh() {
        return biasHh;
    }

    /**
     * A snapshot of this cell's weights prepared for fast step-by-step inference (no graph, state
     * kept inside, transposed weights): see {@link CellInference}.
     */
    public CellInference inference() {
        return new CellInference(this);
    }

    /** {@code {h'}} or {@code {h', c'}}. */
    final Tensor[] step(Tensor x, Tensor h, Tensor c) {
        return Cells.step(mode, x, h, c, weightIh, weightHh, biasIh, biasHh);
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (biasIh == null ? ", bias=false" : "");
    }
}
