package dev.arabica.rnn;

import dev.arabica.core.Autograd;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.VectorOps;

/**
 * One recurrent layer, all its directions, as a single differentiable op: one
 * {@link Autograd#record} for the whole sequence, backward through time written by hand
 * ({@link RecurrentDirection}), and weight gradients as one GEMM each over all steps.
 *
 * <p>Forward, per direction: {@code G = x W_ih^T + b} for all {@code T*B} rows in one GEMM
 * (for LSTM and plain RNNs {@code b = b_ih + b_hh}; for the GRU {@code b_hh} of the {@code r} and
 * {@code z} gates only, since {@code b_hn} sits inside {@code r * (W_hn h + b_hn)}), then the
 * recurrence. Backward, per direction, from the gate gradients in step order, {@code dA} for the
 * input projection and {@code dR} for the recurrent one (the same but for the GRU's {@code n} gate):
 * {@code dW_ih = dA^T x}, {@code dx += dA W_ih}, {@code db_ih = sum dA}, {@code dW_hh = dR^T h_prev},
 * {@code db_hh = sum dR}, where {@code x} is read in place when its rows are already in step order
 * and gathered into step order otherwise (batch-major storage, reverse direction, padding).
 */
final class RecurrentLayerOp {
    private RecurrentLayerOp() {}

    /**
     * Pack {@code W_hh} once ({@link Gemm#pack}) for the per-step GEMMs of a batch from this many steps
     * on. Packing reads and rewrites the whole matrix, about as much work as a step's product with 32
     * rows; done once instead of at every step it took about half the time of those products.
     */
    static final int PACK_MIN_STEPS = 2;

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
        if ((long) (steps + 1) * batch * Math.max(gw, inputSize) > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(mode.opName() + ": " + steps + " steps x " + batch + " sequences x "
                    + Math.max(gw, inputSize) + " features exceed the 2^31 elements of a Java array; split the sequence"
                    + " into chunks (truncated backpropagation through time) or the batch");
        }

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
        RecurrentDirection.Weights[] stepWeights = new RecurrentDirection.Weights[directions];
        float[][] projections = new float[directions][];
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
            // W_hh^T [H, G*H] packed (read transposed from W_hh): h W_hh^T at every step.
            Gemm.PackedB packed = steps >= PACK_MIN_STEPS && batch > 1
                    ? Gemm.pack(true, hidden, gw, whh.storage(), whh.offset(), hidden) : null;
            projections[d] = g;
            stepWeights[d] = new RecurrentDirection.Weights(whh.storage(), whh.offset(), null, packed, bhn, bhnOff);
            runs[d] = new RecurrentDirection(mode, steps, batch, hidden, d == 1, lengths, inLayout, save);
        }
        int pieces = pieces(steps, batch, hidden, gw, directions);
        inParallel(directions, pieces, batch, (d, from, to) -> runs[d].forward(from, to, projections[d], stepWeights[d],
                h0c == null ? null : h0c.storage(), h0c == null ? 0 : h0c.offset() + d * bh,
                c0c == null ? null : c0c.storage(), c0c == null ? 0 : c0c.offset() + d * bh,
                new RecurrentDirection.Output(out, outLayout, outWidth, d * hidden), hN, d * bh, cN, d * bh));
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
            RecurrentDirection.Gradients[] grs = new RecurrentDirection.Gradients[directions];
            Gemm.PackedB[] whhPacked = new Gemm.PackedB[directions];
            for (int d = 0; d < directions; d++) {
                grs[d] = runs[d].newGradients();
                // W_hh [G*H, H] packed: dgates W_hh at every step.
                if (steps >= PACK_MIN_STEPS && batch > 1) {
                    whhPacked[d] = Gemm.pack(false, gw, hidden, whhs[d].storage(), whhs[d].offset(), hidden);
                }
            }
            inParallel(directions, pieces(steps, batch, hidden, gw, directions), batch, (d, from, to) -> runs[d].backward(from, to, grs[d],
                    gOut == null ? null : new RecurrentDirection.Output(gOut.storage(), outLayout, outWidth,
                            gOut.offset() + d * hidden),
                    gHn == null ? null : gHn.storage(), gHn == null ? 0 : gHn.offset() + d * bh,
                    gCn == null ? null : gCn.storage(), gCn == null ? 0 : gCn.offset() + d * bh,
                    whhs[d].storage(), whhs[d].offset(), whhPacked[d]));
            for (int d = 0; d < directions; d++) {
                RecurrentDirection.Gradients gr = grs[d];
                if (dh0 != null) System.arraycopy(gr.h0(), 0, dh0, d * bh, bh);
                if (dc0 != null) System.arraycopy(gr.c0(), 0, dc0, d * bh, bh);
                int w = d * perDirection;
                Tensor wih = weights[w].detach().contiguous();
                RecurrentDirection run = runs[d];
                boolean inOrder = run.inputInStepOrder();
                if (dx != null) {
                    if (inOrder) {
                        Gemm.sgemm(false, false, rows, inputSize, gw, 1f, gr.input(), 0, gw, wih.storage(), wih.offset(),
                                inputSize, d == 0 ? 0f : 1f, dx, 0, inputSize);
                    } else {
                        float[] dxSteps = new float[rows * inputSize];
                        Gemm.sgemm(false, false, rows, inputSize, gw, 1f, gr.input(), 0, gw, wih.storage(), wih.offset(),
                                inputSize, 0f, dxSteps, 0, inputSize);
                        scatterAdd(run, steps, batch, inputSize, dxSteps, dx);
                    }
                }
                if (weights[w].requiresGrad()) {
                    float[] xSteps = inOrder ? xs : gather(run, steps, batch, inputSize, xs, xo);
                    // dW_ih^T = x^T dA, then transposed: the same bits as dA^T x (each element is the same
                    // fused multiply-add chain over the steps), but the wide operand dA is packed row by row
                    // and a narrow input (a vocabulary of 65, say) fills whole micro-tiles.
                    float[] dwihT = new float[inputSize * gw];
                    Gemm.sgemm(true, false, inputSize, gw, rows, 1f, xSteps, inOrder ? xo : 0, inputSize, gr.input(), 0, gw,
                            0f, dwihT, 0, gw);
                    result[3 + w] = Tensor.wrap(transpose(dwihT, 0, inputSize, gw), gw, inputSize);
                }
                if (weights[w + 1].requiresGrad()) {
                    float[] dwhh = new float[gw * hidden];
                    Gemm.sgemm(true, false, gw, hidden, rows, 1f, gr.recurrent(), 0, gw, run.savedStates(), 0, hidden,
                            0f, dwhh, 0, hidden);
                    result[3 + w + 1] = Tensor.wrap(dwhh, gw, hidden);
                }
                if (bias) {
                    float[] dbih = null;
                    if (weights[w + 2].requiresGrad()) {
                        dbih = columnSums(gr.input(), rows, gw);
                        result[3 + w + 2] = Tensor.wrap(dbih, gw);
                    }
                    if (weights[w + 3].requiresGrad()) {
                        float[] dbhh = dbih != null && gr.recurrent() == gr.input() ? dbih.clone()
                                : columnSums(gr.recurrent(), rows, gw);
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

    /** The input rows in step order (row {@code s*B + b}; zero at padded steps). */
    private static float[] gather(RecurrentDirection run, int steps, int batch, int width, float[] xs, int xo) {
        float[] out = new float[steps * batch * width];
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) {
                int row = run.inputRow(s, b);
                if (row >= 0) System.arraycopy(xs, xo + row * width, out, (s * batch + b) * width, width);
            }
        }
        return out;
    }

    /** Adds step-ordered rows back at their input rows (padded steps have none). */
    private static void scatterAdd(RecurrentDirection run, int steps, int batch, int width, float[] stepRows, float[] dx) {
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) {
                int row = run.inputRow(s, b);
                if (row >= 0) VectorOps.add(dx, row * width, stepRows, (s * batch + b) * width, dx, row * width, width);
            }
        }
    }

    /** Work below this many multiply-adds per direction ({@code T B 4H H} for an LSTM) stays on one task. */
    static final long PIECE_MIN_WORK = 1L << 22;
    /** Fewest batch elements per piece: smaller GEMMs repack {@code W_hh} for too few rows. */
    static final int PIECE_MIN_ROWS = 8;

    /**
     * How many batch pieces each direction is cut into. Batch elements are independent throughout
     * the recurrence, so a piece runs all its steps without waiting for the others: one hand-off per
     * layer instead of one per step, and the gate passes run in parallel too. Results do not depend
     * on the pieces (each row is computed the same way and the weight gradients are formed
     * afterwards over all rows), so the count may follow the thread count.
     */
    static int pieces(int steps, int batch, int hidden, int gateWidth, int directions) {
        int threads = Parallel.threads();
        if (threads == 1 || (long) steps * batch * gateWidth * hidden < PIECE_MIN_WORK) return 1;
        int wanted = Math.max(1, threads / directions);
        return Math.max(1, Math.min(wanted, batch / PIECE_MIN_ROWS));
    }

    @FunctionalInterface
    interface PieceBody {
        void run(int direction, int from, int to);
    }

    /**
     * Runs {@code body} for every direction and batch piece; with several tasks, each on the pool
     * with single-threaded kernels inside (the tasks are the parallelism).
     */
    static void inParallel(int directions, int pieces, int batch, PieceBody body) {
        int tasks = directions * pieces;
        if (tasks == 1 || Parallel.threads() == 1) {
            for (int t = 0; t < tasks; t++) {
                int p = t % pieces;
                body.run(t / pieces, batch * p / pieces, batch * (p + 1) / pieces);
            }
            return;
        }
        Parallel.parallelFor(tasks, t -> {
            int p = t % pieces;
            Parallel.withThreads(1, () -> body.run(t / pieces, batch * p / pieces, batch * (p + 1) / pieces));
        });
    }

    /** {@code [rows, cols]} row-major to {@code [cols, rows]}, in 32 x 32 tiles (both sides stay in cache). */
    static float[] transpose(float[] a, int off, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i0 = 0; i0 < rows; i0 += 32) {
            int i1 = Math.min(rows, i0 + 32);
            for (int j0 = 0; j0 < cols; j0 += 32) {
                int j1 = Math.min(cols, j0 + 32);
                for (int i = i0; i < i1; i++) {
                    int src = off + i * cols;
                    for (int j = j0; j < j1; j++) t[j * rows + i] = a[src + j];
                }
            }
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
