package dev.arabica.rnn;

import dev.arabica.core.Autograd;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.VectorOps;

/**
 * One recurrent layer, all its directions, as a single differentiable op: one
 * {@link Autograd#record} for the whole sequence, backward through time written by hand
 * ({@link RecurrentDirection}), and weight gradients as one GEMM each over all steps.
 *
 * <p>Forward, per direction: {@code G = x W_ih^T + b} for all {@code T*B} rows in one GEMM
 * (for LSTM and plain RNNs {@code b = b_ih + b_hh}; for the GRU {@code b_hh} of the {@code r} and
 * {@code z} gates only, since {@code b_hn} sits inside {@code r * (W_hn h + b_hn)}), then the
 * recurrence. Backward, per direction, from the gate gradients {@code dA} (input row order) and
 * {@code dR} (step order): {@code dW_ih = dA^T x}, {@code dx += dA W_ih}, {@code db_ih = sum dA},
 * {@code dW_hh = dR^T h_prev}, {@code db_hh = sum dR}.
 */
final class RecurrentLayerOp {
    private RecurrentLayerOp() {}

    /** Use a transposed copy of {@code W_hh} (made once) for the per-step GEMMs from this many steps on. */
    static final int TRANSPOSE_MIN_STEPS = 4;

    /**
     * Runs one layer.
     *
     * @param x {@code [T, B, I]} (any strides; time-major or batch-major storage is read in place)
     * @param h0 {@code [D, B, H]} or null (zeros); {@code c0} likewise, LSTM only
     * @param weights per direction {@code W_ih [G*H, I], W_hh [G*H, H]} then, if {@code bias},
     *     {@code b_ih [G*H], b_hh [G*H]}; shapes already checked
     * @param lengths valid steps per batch element, or null
     * @param batchFirstOut whether the output is {@code [B, T, D*H]} (else {@code [T, B, D*H]})
     * @return {@code {output, h_n [D, B, H]}} and, for the LSTM, {@code c_n [D, B, H]}
     */
    static Tensor[] forward(RecurrentMode mode, Tensor x, Tensor h0, Tensor c0, Tensor[] weights, boolean bias,
                            int hidden, int[] lengths, boolean batchFirstOut) {
        int steps = x.size(0), batch = x.size(1), inputSize = x.size(2);
        int perDirection = bias ? 4 : 2, directions = weights.length / perDirection;
        int gw = mode.gates() * hidden, rows = steps * batch, outWidth = directions * hidden, bh = batch * hidden;
        boolean lstm = mode == RecurrentMode.LSTM;

        Tensor xin = x;
        boolean batchMajor = false;
        if (!x.isContiguous()) {
            if (x.transpose(0, 1).isContiguous()) {
                batchMajor = true;
            } else {
                xin = x.contiguous();
            }
        }
        final Tensor input = xin;
        SequenceLayout inLayout = SequenceLayout.of(batchMajor, steps, batch);
        SequenceLayout outLayout = SequenceLayout.of(batchFirstOut, steps, batch);
        float[] xs = input.storage();
        int xo = input.offset();

        Tensor[] inputs = new Tensor[3 + weights.length];
        inputs[0] = input;
        inputs[1] = h0;
        inputs[2] = c0;
        System.arraycopy(weights, 0, inputs, 3, weights.length);
        boolean save = Autograd.needsGrad(inputs);

        float[] out = new float[rows * outWidth];
        float[] hN = new float[directions * bh];
        float[] cN = lstm ? new float[directions * bh] : null;
        Tensor h0c = h0 == null ? null : h0.detach().contiguous();
        Tensor c0c = c0 == null ? null : c0.detach().contiguous();
        RecurrentDirection[] runs = new RecurrentDirection[directions];
        Tensor[] whhs = new Tensor[directions];
        for (int d = 0; d < directions; d++) {
            Tensor wih = weights[d * perDirection].detach().contiguous();
            Tensor whh = weights[d * perDirection + 1].detach().contiguous();
            whhs[d] = whh;
            float[] g = new float[rows * gw];
            Gemm.sgemm(false, true, rows, gw, inputSize, 1f, xs, xo, inputSize, wih.storage(), wih.offset(), inputSize,
                    0f, g, 0, gw);
            float[] bhn = null;
            int bhnOff = 0;
            if (bias) {
                Tensor bih = weights[d * perDirection + 2].detach().contiguous();
                Tensor bhh = weights[d * perDirection + 3].detach().contiguous();
                float[] folded = new float[gw];
                int foldedWidth = mode == RecurrentMode.GRU ? 2 * hidden : gw;
                System.arraycopy(bih.storage(), bih.offset(), folded, 0, gw);
                VectorOps.add(folded, 0, bhh.storage(), bhh.offset(), folded, 0, foldedWidth);
                for (int r = 0; r < rows; r++) VectorOps.add(g, r * gw, folded, 0, g, r * gw, gw);
                if (mode == RecurrentMode.GRU) {
                    bhn = bhh.storage();
                    bhnOff = bhh.offset() + 2 * hidden;
                }
            }
            float[] whhT = null;
            if (steps >= TRANSPOSE_MIN_STEPS && batch > 1) whhT = transpose(whh.storage(), whh.offset(), gw, hidden);
            RecurrentDirection run = new RecurrentDirection(mode, steps, batch, hidden, d == 1, lengths, inLayout, save);
            run.forward(g, whh.storage(), whh.offset(), whhT, bhn, bhnOff,
                    h0c == null ? null : h0c.storage(), h0c == null ? 0 : h0c.offset() + d * bh,
                    c0c == null ? null : c0c.storage(), c0c == null ? 0 : c0c.offset() + d * bh,
                    out, outLayout, outWidth, d * hidden, hN, d * bh, cN, d * bh);
            runs[d] = run;
        }
        Tensor outT = batchFirstOut ? Tensor.wrap(out, batch, steps, outWidth) : Tensor.wrap(out, steps, batch, outWidth);
        Tensor hNT = Tensor.wrap(hN, directions, batch, hidden);
        Tensor[] outputs = lstm ? new Tensor[] {outT, hNT, Tensor.wrap(cN, directions, batch, hidden)}
                : new Tensor[] {outT, hNT};
        if (!save) return outputs;

        final boolean inBatchMajor = batchMajor;
        return Autograd.record(outputs, mode.opName(), inputs, grads -> {
            Tensor gOut = grads[0] == null ? null : grads[0].contiguous();
            Tensor gHn = grads[1] == null ? null : grads[1].contiguous();
            Tensor gCn = lstm && grads[2] != null ? grads[2].contiguous() : null;
            Tensor[] result = new Tensor[inputs.length];
            float[] dx = input.requiresGrad() ? new float[rows * inputSize] : null;
            float[] dh0 = h0 != null && h0.requiresGrad() ? new float[directions * bh] : null;
            float[] dc0 = c0 != null && c0.requiresGrad() ? new float[directions * bh] : null;
            for (int d = 0; d < directions; d++) {
                Tensor whh = whhs[d];
                RecurrentDirection.Gradients gr = runs[d].backward(
                        gOut == null ? null : gOut.storage(), outLayout, outWidth, d * hidden,
                        gHn == null ? null : gHn.storage(), gHn == null ? 0 : gHn.offset() + d * bh,
                        gCn == null ? null : gCn.storage(), gCn == null ? 0 : gCn.offset() + d * bh,
                        whh.storage(), whh.offset());
                if (dh0 != null) System.arraycopy(gr.h0(), 0, dh0, d * bh, bh);
                if (dc0 != null) System.arraycopy(gr.c0(), 0, dc0, d * bh, bh);
                int w = d * perDirection;
                Tensor wih = weights[w].detach().contiguous();
                if (dx != null) {
                    Gemm.sgemm(false, false, rows, inputSize, gw, 1f, gr.inputOrder(), 0, gw, wih.storage(), wih.offset(),
                            inputSize, d == 0 ? 0f : 1f, dx, 0, inputSize);
                }
                if (weights[w].requiresGrad()) {
                    float[] dwih = new float[gw * inputSize];
                    Gemm.sgemm(true, false, gw, inputSize, rows, 1f, gr.inputOrder(), 0, gw, xs, xo, inputSize, 0f, dwih, 0,
                            inputSize);
                    result[3 + w] = Tensor.wrap(dwih, gw, inputSize);
                }
                if (weights[w + 1].requiresGrad()) {
                    float[] dwhh = new float[gw * hidden];
                    Gemm.sgemm(true, false, gw, hidden, rows, 1f, gr.stepOrder(), 0, gw, runs[d].savedStates(), 0, hidden,
                            0f, dwhh, 0, hidden);
                    result[3 + w + 1] = Tensor.wrap(dwhh, gw, hidden);
                }
                if (bias) {
                    float[] dbih = null;
                    if (weights[w + 2].requiresGrad()) {
                        dbih = columnSums(gr.inputOrder(), rows, gw);
                        result[3 + w + 2] = Tensor.wrap(dbih, gw);
                    }
                    if (weights[w + 3].requiresGrad()) {
                        float[] dbhh = dbih != null && gr.stepOrder() == gr.inputOrder() ? dbih.clone()
                                : columnSums(gr.stepOrder(), rows, gw);
                        result[3 + w + 3] = Tensor.wrap(dbhh, gw);
                    }
                }
            }
            if (dx != null) {
                result[0] = inBatchMajor ? Tensor.wrap(dx, batch, steps, inputSize).transpose(0, 1)
                        : Tensor.wrap(dx, steps, batch, inputSize);
            }
            if (dh0 != null) result[1] = Tensor.wrap(dh0, directions, batch, hidden);
            if (dc0 != null) result[2] = Tensor.wrap(dc0, directions, batch, hidden);
            return result;
        });
    }

    /** {@code [rows, cols]} row-major to {@code [cols, rows]}. */
    static float[] transpose(float[] a, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            int src = off + i * cols;
            for (int j = 0; j < cols; j++) t[j * rows + i] = a[src + j];
        }
        return t;
    }

    /** Sum over the rows of a {@code [rows, cols]} array. */
    static float[] columnSums(float[] a, int rows, int cols) {
        float[] sum = new float[cols];
        for (int r = 0; r < rows; r++) VectorOps.add(sum, 0, a, r * cols, sum, 0, cols);
        return sum;
    }
}
