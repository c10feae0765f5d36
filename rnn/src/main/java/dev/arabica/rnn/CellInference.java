package dev.arabica.rnn;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.VectorOps;
import java.util.Arrays;

/**
 * Step-by-step inference with a recurrent cell (sampling, greedy decoding): the cell's step
 * ({@link RecurrentCell}) without graph recording, with the state kept inside and the weights
 * prepared once.
 *
 * <p>It holds a <b>snapshot</b> of the cell's weights taken by {@link RecurrentCell#inference()}:
 * {@code W_ih^T [I, G*H]}, {@code W_hh^T [H, G*H]} and the summed biases. With the transposed
 * layout a batch-1 step is a combination of weight rows (axpy passes over contiguous memory) instead
 * of {@code G*H} short dot products, and nothing is allocated per step beyond the returned state.
 * With batch 1 and finite input weights, rows of {@code W_ih^T} whose input element is zero are
 * skipped (a one-hot input reads one row instead of {@code I}); the result is the same, bit for bit,
 * as the full product, since {@code 0 * w} adds nothing for a finite {@code w}.
 * Training the cell afterwards does not change the snapshot: take a new one.
 *
 * <pre>{@code
 * CellInference run = lstm.cell(0, false).inference();
 * try (var scope = GradMode.noGrad()) {
 *     for (int i = 0; i < 1000; i++) {
 *         Tensor h = run.step(oneHot(previous));          // [1, H]
 *         previous = sample(head.forward(h).softmax(1));
 *     }
 * }
 * }</pre>
 * Not thread-safe (it carries a state).
 */
public final class CellInference {
    private final RecurrentMode mode;
    private final int inputSize;
    private final int hidden;
    private final int gateWidth;
    private final float[] weightIhT;
    private final float[] weightHh;
    private final float[] weightHhT;
    private final float[] bias;
    private final float[] biasHn;
    /** Whether every element of {@code W_ih} is finite (then zero inputs may skip their row). */
    private final boolean inputWeightsFinite;
    private RecurrentDirection direction;
    private float[] projection;
    private final RecurrentDirection.Weights stepWeights;
    private RecurrentDirection.Output output;
    private float[] h;
    private float[] c;
    private int batch = -1;

    CellInference(RecurrentCell cell) {
        this.mode = cell.mode();
        this.inputSize = cell.inputSize();
        this.hidden = cell.hiddenSize();
        this.gateWidth = mode.gates() * hidden;
        try (var scope = GradMode.noGrad()) {
            this.weightIhT = RecurrentLayerOp.transpose(cell.weightIh().toFloatArray(), 0, gateWidth, inputSize);
            boolean finite = true;
            for (float w : weightIhT) finite &= Float.isFinite(w);
            this.inputWeightsFinite = finite;
            this.weightHh = cell.weightHh().toFloatArray();
            this.weightHhT = RecurrentLayerOp.transpose(weightHh, 0, gateWidth, hidden);
            if (cell.biasIh() != null) {
                float[] bih = cell.biasIh().toFloatArray(), bhh = cell.biasHh().toFloatArray();
                int folded = mode == RecurrentMode.GRU ? 2 * hidden : gateWidth;
                VectorOps.add(bih, 0, bhh, 0, bih, 0, folded);
                this.bias = bih;
                this.biasHn = mode == RecurrentMode.GRU ? Arrays.copyOfRange(bhh, 2 * hidden, 3 * hidden) : null;
            } else {
                this.bias = null;
                this.biasHn = null;
            }
        }
        this.stepWeights = new RecurrentDirection.Weights(weightHh, 0, weightHhT, null, biasHn, 0);
    }

    /**
     * One step from the current state (zeros at first or after {@link #reset()}): returns the new
     * hidden state {@code [B, H]} (or {@code [H]} for an unbatched {@code [I]} input), which also
     * becomes the current state. The batch size is fixed by the first step after a reset.
     *
     * @param x {@code [B, I]} or {@code [I]}, float32
     */
    public Tensor step(Tensor x) {
        String op = mode.opName() + "_cell";
        if (x == null || x.dtype() != DType.FLOAT32 || (x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize) {
            throw new IllegalArgumentException(op + ": input " + (x == null ? "null" : "of shape " + Shape.format(x.shape()))
                    + " must be float32 [B, " + inputSize + "] or [" + inputSize + "]");
        }
        int b = x.dim() == 1 ? 1 : x.size(0);
        if (batch < 0) start(b);
        if (b != batch) {
            throw new IllegalArgumentException(op + ": input batch " + b + " does not match the state's batch " + batch
                    + "; call reset() to start over");
        }
        Tensor xc = x.detach().contiguous();
        float[] g = projection;
        if (b == 1 && inputWeightsFinite) {
            // The row-combination form of the matrix-vector product (as Gemm computes it for one row),
            // without the rows whose coefficient is zero.
            float[] xs = xc.storage();
            int xo = xc.offset();
            Arrays.fill(g, 0f);
            for (int p = 0; p < inputSize; p++) {
                float v = xs[xo + p];
                if (v != 0f) VectorOps.axpy(v, weightIhT, p * gateWidth, g, 0, gateWidth);
            }
        } else {
            Gemm.sgemm(false, false, b, gateWidth, inputSize, 1f, xc.storage(), xc.offset(), inputSize, weightIhT, 0,
                    gateWidth, 0f, g, 0, gateWidth);
        }
        if (bias != null) for (int r = 0; r < b; r++) VectorOps.add(g, r * gateWidth, bias, 0, g, r * gateWidth, gateWidth);
        direction.forward(0, b, g, stepWeights, h, 0, c, 0, output, h, 0, c, 0);
        return x.dim() == 1 ? Tensor.wrap(h.clone(), hidden) : Tensor.wrap(h.clone(), b, hidden);
    }

    private void start(int b) {
        batch = b;
        direction = new RecurrentDirection(mode, 1, b, hidden, false, null, SequenceLayout.timeMajor(b), false);
        projection = new float[b * gateWidth];
        output = new RecurrentDirection.Output(new float[b * hidden], SequenceLayout.timeMajor(b), hidden, 0);
        h = new float[b * hidden];
        c = mode.hasCellState() ? new float[b * hidden] : null;
    }

    /** Forgets the state (the next step starts from zeros, with any batch size). */
    public void reset() {
        batch = -1;
    }

    /**
     * Sets the state: {@code h} (and, for an LSTM, {@code c}) of shape {@code [B, H]}; this fixes the
     * batch size until the next {@link #reset()}.
     */
    public void setState(Tensor h, Tensor c) {
        String op = mode.opName() + "_cell";
        if (h == null || h.dim() != 2 || h.size(1) != hidden) {
            throw new IllegalArgumentException(op + ": state h " + (h == null ? "null" : "of shape " + Shape.format(h.shape()))
                    + " must be [B, " + hidden + "]");
        }
        if (mode.hasCellState() && (c == null || !Arrays.equals(c.shape(), h.shape()))) {
            throw new IllegalArgumentException(op + ": state c " + (c == null ? "null" : "of shape " + Shape.format(c.shape()))
                    + " must be " + Shape.format(h.shape()));
        }
        start(h.size(0));
        System.arraycopy(h.toFloatArray(), 0, this.h, 0, this.h.length);
        if (this.c != null) System.arraycopy(c.toFloatArray(), 0, this.c, 0, this.c.length);
    }

    /** The current hidden state {@code [B, H]} (a copy), or null before the first step. */
    public Tensor hidden() {
        return batch < 0 ? null : Tensor.wrap(h.clone(), batch, hidden);
    }

    /** The current cell state {@code [B, H]} of an LSTM (a copy), or null. */
    public Tensor cell() {
        return batch < 0 || c == null ? null : Tensor.wrap(c.clone(), batch, hidden);
    }
}
