package dev.arabica.rnn;

import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.BinaryOp;

/**
 * One direction of one recurrent layer over a batch of sequences: the forward recurrence and
 * backpropagation through time, on raw arrays.
 *
 * <p>Step {@code s = 0 .. T-1} of batch element {@code b} reads time {@code t = s} (forward) or
 * {@code t = len_b - 1 - s} (reverse), and is active while {@code s < len_b}. An inactive (padded)
 * step copies the state unchanged and writes no output, so the final state of every element is its
 * state after its last valid step. Per step:
 * <ol>
 *   <li>one GEMM for the recurrent projection of all rows, {@code R = h W_hh^T} ({@code [B, G*H]});</li>
 *   <li>per active row, vectorized passes over the contiguous gate blocks: add the precomputed input
 *       projection {@code G} (which already holds the biases that can be folded into it), apply the
 *       gate nonlinearities and update the state.</li>
 * </ol>
 * With {@code save} (gradients needed) every step's state and gate activations stay in arrays
 * allocated once ({@code (T+1) B H} states, {@code T B G H} gate values and {@code T B H} of
 * {@code tanh(c')} or {@code W_hn h + b_hn}); otherwise two rotating slots suffice. Backward walks the
 * steps in reverse with one GEMM per step ({@code dh = dgates W_hh}) and leaves the gate gradients
 * in two arrays: in step order ({@link Gradients#stepOrder}, rows matching the saved states, for
 * {@code dW_hh}) and in the input's row order ({@link Gradients#inputOrder}, for {@code dW_ih} and
 * {@code dx}); the caller turns them into weight gradients with one GEMM each over all steps.
 */
final class RecurrentDirection {
    private final RecurrentMode mode;
    private final int steps, batch, hidden, gateWidth;
    private final boolean reverse;
    private final boolean save;
    private final int[] lengths;
    private final boolean padded;
    private final SequenceLayout inputLayout;

    /** States: slot {@code s} holds {@code [B, H]} before step {@code s}; {@code T + 1} slots, or 2 rotating ones. */
    private final float[] hs;
    private final float[] cs;
    /** Gate activations per step, {@code [B, G*H]}: LSTM {@code i, f, g, o}, GRU {@code r, z, n}. */
    private final float[] act;
    /** Per step {@code [B, H]}: LSTM {@code tanh(c')}, GRU {@code W_hn h + b_hn}. */
    private final float[] aux;

    /**
     * @param lengths valid steps per batch element (each in {@code [0, steps]}), or null for all {@code steps}
     * @param inputLayout row order of the input projection handed to {@link #forward}
     */
    RecurrentDirection(RecurrentMode mode, int steps, int batch, int hidden, boolean reverse, int[] lengths,
                       SequenceLayout inputLayout, boolean save) {
        this.mode = mode;
        this.steps = steps;
        this.batch = batch;
        this.hidden = hidden;
        this.gateWidth = mode.gates() * hidden;
        this.reverse = reverse;
        this.save = save;
        this.inputLayout = inputLayout;
        boolean anyPadding = false;
        if (lengths == null) {
            lengths = new int[batch];
            java.util.Arrays.fill(lengths, steps);
        } else {
            for (int len : lengths) anyPadding |= len != steps;
        }
        this.lengths = lengths;
        this.padded = anyPadding;
        int stateSlots = save ? steps + 1 : 2, stepSlots = save ? steps : Math.min(steps, 1);
        int bh = batch * hidden;
        this.hs = new float[stateSlots * bh];
        this.cs = mode == RecurrentMode.LSTM ? new float[stateSlots * bh] : null;
        this.act = mode == RecurrentMode.LSTM || mode == RecurrentMode.GRU ? new float[stepSlots * batch * gateWidth] : null;
        this.aux = mode == RecurrentMode.LSTM || mode == RecurrentMode.GRU ? new float[stepSlots * bh] : null;
    }

    private int stateSlot(int s) {
        return save ? s : s & 1;
    }

    private int stepSlot(int s) {
        return save ? s : 0;
    }

    /** Row of the input projection for step {@code s} of element {@code b}, or -1 if the step is padding. */
    private int inputRow(int s, int b) {
        int len = lengths[b];
        if (s >= len) return -1;
        return inputLayout.row(reverse ? len - 1 - s : s, b);
    }

    private int time(int s, int b) {
        return reverse ? lengths[b] - 1 - s : s;
    }

    /** The saved states {@code h} before each step, {@code [T * B, H]} in step order (slot 0 = h0). */
    float[] savedStates() {
        return hs;
    }

    /**
     * Runs the recurrence.
     *
     * @param g input projection {@code x W_ih^T} plus foldable biases, {@code [T*B, G*H]} in {@link #inputLayout} row order
     * @param whh {@code W_hh} {@code [G*H, H]} at {@code whhOff}
     * @param whhT {@code W_hh^T} {@code [H, G*H]}, or null to read {@code whh} transposed
     * @param bhn GRU only: {@code b_hn} {@code [H]} at {@code bhnOff}, or null
     * @param h0 initial state {@code [B, H]} at {@code h0Off}, or null for zeros; {@code c0} likewise (LSTM)
     * @param out output rows of width {@code outWidth}, this direction's {@code H} columns from {@code outCol};
     *     padded steps are not written
     * @param hN receives the final state {@code [B, H]} at {@code hNOff}; {@code cN} likewise (LSTM)
     */
    void forward(float[] g, float[] whh, int whhOff, float[] whhT, float[] bhn, int bhnOff,
                 float[] h0, int h0Off, float[] c0, int c0Off,
                 float[] out, SequenceLayout outLayout, int outWidth, int outCol,
                 float[] hN, int hNOff, float[] cN, int cNOff) {
        int bh = batch * hidden, gw = gateWidth, hd = hidden;
        if (h0 != null) System.arraycopy(h0, h0Off, hs, 0, bh);
        if (cs != null && c0 != null) System.arraycopy(c0, c0Off, cs, 0, bh);
        float[] r = new float[batch * gw];
        float[] tmp = new float[hd];
        for (int s = 0; s < steps; s++) {
            int hp = stateSlot(s) * bh, hn = stateSlot(s + 1) * bh, a = stepSlot(s) * batch * gw, x = stepSlot(s) * bh;
            if (whhT != null) {
                Gemm.sgemm(false, false, batch, gw, hd, 1f, hs, hp, hd, whhT, 0, gw, 0f, r, 0, gw);
            } else {
                Gemm.sgemm(false, true, batch, gw, hd, 1f, hs, hp, hd, whh, whhOff, hd, 0f, r, 0, gw);
            }
            for (int b = 0; b < batch; b++) {
                int row = inputRow(s, b);
                int hpb = hp + b * hd, hnb = hn + b * hd;
                if (row < 0) {
                    System.arraycopy(hs, hpb, hs, hnb, hd);
                    if (cs != null) System.arraycopy(cs, hpb, cs, hnb, hd);
                    continue;
                }
                int go = row * gw, ro = b * gw;
                switch (mode) {
                    case LSTM -> lstmStep(g, go, r, ro, a + b * gw, hpb, hnb, x + b * hd, tmp);
                    case GRU -> gruStep(g, go, r, ro, bhn, bhnOff, a + b * gw, hpb, hnb, x + b * hd, tmp);
                    case RNN_TANH -> {
                        VectorOps.add(g, go, r, ro, hs, hnb, hd);
                        VectorOps.tanh(hs, hnb, hs, hnb, hd);
                    }
                    case RNN_RELU -> {
                        VectorOps.add(g, go, r, ro, hs, hnb, hd);
                        VectorOps.relu(hs, hnb, hs, hnb, hd);
                    }
                }
                System.arraycopy(hs, hnb, out, outLayout.row(time(s, b), b) * outWidth + outCol, hd);
            }
        }
        int last = stateSlot(steps) * bh;
        System.arraycopy(hs, last, hN, hNOff, bh);
        if (cs != null) System.arraycopy(cs, last, cN, cNOff, bh);
    }

    /** {@code i, f, g, o = sigma, sigma, tanh, sigma (G + R)}; {@code c' = f c + i g}; {@code h' = o tanh(c')}. */
    private void lstmStep(float[] g, int go, float[] r, int ro, int a, int hp, int hn, int x, float[] tmp) {
        int hd = hidden;
        float[] act = this.act, cs = this.cs;
        VectorOps.add(g, go, r, ro, act, a, 4 * hd);
        VectorOps.sigmoid(act, a, act, a, 2 * hd);
        VectorOps.tanh(act, a + 2 * hd, act, a + 2 * hd, hd);
        VectorOps.sigmoid(act, a + 3 * hd, act, a + 3 * hd, hd);
        VectorOps.mul(act, a + hd, cs, hp, cs, hn, hd);
        VectorOps.mul(act, a, act, a + 2 * hd, tmp, 0, hd);
        VectorOps.add(cs, hn, tmp, 0, cs, hn, hd);
        VectorOps.tanh(cs, hn, aux, x, hd);
        VectorOps.mul(act, a + 3 * hd, aux, x, hs, hn, hd);
    }

    /**
     * {@code r, z = sigma(G + R)}; {@code m = R_n + b_hn}; {@code n = tanh(G_n + r m)};
     * {@code h' = n + z (h - n)} (that is {@code (1 - z) n + z h}).
     */
    private void gruStep(float[] g, int go, float[] r, int ro, float[] bhn, int bhnOff, int a, int hp, int hn, int x,
                         float[] tmp) {
        int hd = hidden;
        float[] act = this.act;
        VectorOps.add(g, go, r, ro, act, a, 2 * hd);
        VectorOps.sigmoid(act, a, act, a, 2 * hd);
        if (bhn != null) {
            VectorOps.add(r, ro + 2 * hd, bhn, bhnOff, aux, x, hd);
        } else {
            System.arraycopy(r, ro + 2 * hd, aux, x, hd);
        }
        VectorOps.mul(act, a, aux, x, tmp, 0, hd);
        VectorOps.add(g, go + 2 * hd, tmp, 0, act, a + 2 * hd, hd);
        VectorOps.tanh(act, a + 2 * hd, act, a + 2 * hd, hd);
        VectorOps.sub(hs, hp, act, a + 2 * hd, tmp, 0, hd);
        VectorOps.mul(act, a + hd, tmp, 0, tmp, 0, hd);
        VectorOps.add(act, a + 2 * hd, tmp, 0, hs, hn, hd);
    }

    /**
     * The gate pre-activation gradients of one direction and the gradients of its initial state.
     *
     * @param stepOrder {@code [T*B, G*H]}, row {@code s*B + b}: gradient of the recurrent projection
     *     {@code W_hh h + b_hh} (pairs with {@link #savedStates()} for {@code dW_hh})
     * @param inputOrder {@code [T*B, G*H]} in the input's row order: gradient of {@code W_ih x + b_ih}
     *     (zero rows at padded steps); the same array as {@code stepOrder} when the two coincide
     * @param h0 {@code [B, H]}; {@code c0} likewise (LSTM, else null)
     */
    record Gradients(float[] stepOrder, float[] inputOrder, float[] h0, float[] c0) {}

    /**
     * Backpropagation through time; requires a forward pass with {@code save}.
     *
     * @param gOut gradient of the output rows ({@code outLayout}, width {@code outWidth}, columns from
     *     {@code outCol}), or null
     * @param gHn gradient of the final state {@code [B, H]} at {@code gHnOff}, or null; {@code gCn} likewise
     */
    Gradients backward(float[] gOut, SequenceLayout outLayout, int outWidth, int outCol,
                       float[] gHn, int gHnOff, float[] gCn, int gCnOff, float[] whh, int whhOff) {
        if (!save) throw new IllegalStateException("backward after a forward pass that saved nothing");
        int bh = batch * hidden, gw = gateWidth, hd = hidden;
        float[] dh = new float[bh], dhNext = new float[bh];
        float[] dc = cs != null ? new float[bh] : null;
        float[] direct = mode == RecurrentMode.GRU ? new float[bh] : null;
        if (gHn != null) System.arraycopy(gHn, gHnOff, dh, 0, bh);
        if (dc != null && gCn != null) System.arraycopy(gCn, gCnOff, dc, 0, bh);
        float[] dStep = new float[steps * batch * gw];
        boolean sameOrder = mode != RecurrentMode.GRU && !reverse && !padded && inputLayout.isTimeMajor(steps, batch);
        float[] dInput = sameOrder ? dStep : new float[steps * batch * gw];
        float[] tmp = new float[hd];
        for (int s = steps - 1; s >= 0; s--) {
            boolean allActive = true;
            int stepRow = s * batch;
            for (int b = 0; b < batch; b++) {
                int row = inputRow(s, b);
                if (row < 0) {
                    allActive = false;
                    continue;
                }
                int dhb = b * hd;
                if (gOut != null) {
                    VectorOps.add(dh, dhb, gOut, outLayout.row(time(s, b), b) * outWidth + outCol, dh, dhb, hd);
                }
                int ds = (stepRow + b) * gw, di = row * gw;
                int a = (stepRow + b) * gw, hp = (stepRow + b) * hd, x = hp;
                switch (mode) {
                    case LSTM -> {
                        lstmBackward(dh, dhb, dc, a, hp, x, dStep, ds, tmp);
                        if (dInput != dStep) System.arraycopy(dStep, ds, dInput, di, gw);
                    }
                    case GRU -> gruBackward(dh, dhb, direct, a, hp, x, dStep, ds, dInput, di, tmp);
                    case RNN_TANH, RNN_RELU -> {
                        int hn = hp + bh;
                        VectorOps.binary(mode == RecurrentMode.RNN_TANH ? BinaryOp.TANH_GRAD : BinaryOp.RELU_GRAD,
                                dh, dhb, hs, hn, dStep, ds, hd);
                        if (dInput != dStep) System.arraycopy(dStep, ds, dInput, di, gw);
                    }
                }
            }
            // dh before this step: dgates W_hh for active rows (plus z dh' for the GRU); unchanged for padded rows.
            Gemm.sgemm(false, false, batch, hd, gw, 1f, dStep, stepRow * gw, gw, whh, whhOff, hd, 0f, dhNext, 0, hd);
            if (allActive) {
                if (direct != null) VectorOps.add(dhNext, 0, direct, 0, dhNext, 0, bh);
                float[] t = dh;
                dh = dhNext;
                dhNext = t;
            } else {
                for (int b = 0; b < batch; b++) {
                    if (s >= lengths[b]) continue;
                    int dhb = b * hd;
                    if (direct != null) {
                        VectorOps.add(dhNext, dhb, direct, dhb, dh, dhb, hd);
                    } else {
                        System.arraycopy(dhNext, dhb, dh, dhb, hd);
                    }
                }
            }
        }
        return new Gradients(dStep, dInput, dh, dc);
    }

    /**
     * Given {@code dh} (total gradient of {@code h'}) and {@code dc} (of {@code c'}): writes the gate
     * pre-activation gradients and replaces {@code dc} by the gradient of {@code c}.
     */
    private void lstmBackward(float[] dh, int dhb, float[] dc, int a, int cp, int x, float[] d, int ds, float[] tmp) {
        int hd = hidden;
        float[] act = this.act;
        // o: dh * tanh(c') * o (1 - o)
        VectorOps.mul(dh, dhb, aux, x, tmp, 0, hd);
        VectorOps.binary(BinaryOp.SIGMOID_GRAD, tmp, 0, act, a + 3 * hd, d, ds + 3 * hd, hd);
        // dc' += dh * o * (1 - tanh(c')^2)
        VectorOps.mul(dh, dhb, act, a + 3 * hd, tmp, 0, hd);
        VectorOps.binary(BinaryOp.TANH_GRAD, tmp, 0, aux, x, tmp, 0, hd);
        VectorOps.add(dc, dhb, tmp, 0, dc, dhb, hd);
        // i: dc' g i (1 - i); f: dc' c f (1 - f); g: dc' i (1 - g^2)
        VectorOps.mul(dc, dhb, act, a + 2 * hd, tmp, 0, hd);
        VectorOps.binary(BinaryOp.SIGMOID_GRAD, tmp, 0, act, a, d, ds, hd);
        VectorOps.mul(dc, dhb, cs, cp, tmp, 0, hd);
        VectorOps.binary(BinaryOp.SIGMOID_GRAD, tmp, 0, act, a + hd, d, ds + hd, hd);
        VectorOps.mul(dc, dhb, act, a, tmp, 0, hd);
        VectorOps.binary(BinaryOp.TANH_GRAD, tmp, 0, act, a + 2 * hd, d, ds + 2 * hd, hd);
        // dc = dc' f
        VectorOps.mul(dc, dhb, act, a + hd, dc, dhb, hd);
    }

    /**
     * GRU step backward. {@code dStep} gets the gradient of {@code W_hh h + b_hh} ({@code r, z} parts
     * equal to the input side's; the {@code n} part is {@code dn_pre * r}), {@code dInput} that of
     * {@code W_ih x + b_ih}, {@code direct} the part of {@code dh} that bypasses {@code W_hh}: {@code z dh'}.
     */
    private void gruBackward(float[] dh, int dhb, float[] direct, int a, int hp, int x, float[] dStep, int ds,
                             float[] dInput, int di, float[] tmp) {
        int hd = hidden;
        float[] act = this.act;
        VectorOps.mul(dh, dhb, act, a + hd, direct, dhb, hd);                                  // z dh'
        VectorOps.sub(dh, dhb, direct, dhb, tmp, 0, hd);                                       // dn = (1 - z) dh'
        VectorOps.binary(BinaryOp.TANH_GRAD, tmp, 0, act, a + 2 * hd, dInput, di + 2 * hd, hd); // dn_pre
        VectorOps.mul(dInput, di + 2 * hd, act, a, dStep, ds + 2 * hd, hd);                    // d(W_hn h + b_hn) = dn_pre r
        VectorOps.mul(dInput, di + 2 * hd, aux, x, tmp, 0, hd);                                // dr = dn_pre m
        VectorOps.binary(BinaryOp.SIGMOID_GRAD, tmp, 0, act, a, dStep, ds, hd);
        VectorOps.sub(hs, hp, act, a + 2 * hd, tmp, 0, hd);                                    // dz = dh' (h - n)
        VectorOps.mul(dh, dhb, tmp, 0, tmp, 0, hd);
        VectorOps.binary(BinaryOp.SIGMOID_GRAD, tmp, 0, act, a + hd, dStep, ds + hd, hd);
        System.arraycopy(dStep, ds, dInput, di, 2 * hd);
    }
}
