package dev.arabica.rnn;

import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.BinaryOp;
import java.util.Arrays;

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
 *   <li>vectorized passes over contiguous blocks: per active row, add the precomputed input
 *       projection {@code G} (which already holds the biases that can be folded into it); the gate
 *       nonlinearities over whole blocks where the layout allows (the LSTM's sigmoid over the step's
 *       {@code [B, 4H]} block), else per row; then the state update.</li>
 * </ol>
 * The batch elements never interact, so disjoint ranges of them can run concurrently over all steps
 * ({@link #forward}, {@link #backward}); the arrays are shared and each range writes its own rows.
 * With {@code save} (gradients needed) every step's state and gate activations stay in arrays
 * allocated once ({@code (T+1) B H} states, {@code T B G H} gate values and {@code T B H} of
 * {@code tanh(c')} or {@code W_hn h + b_hn}); otherwise two rotating slots suffice. Backward walks the
 * steps in reverse with one GEMM per step ({@code dh = dgates W_hh}) and leaves the gate gradients
 * in step order (row {@code s*B + b}, matching the saved states); the caller turns them into weight
 * gradients with one GEMM each over all steps, pairing them with the input rows gathered into the
 * same order ({@link #inputRow}).
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
            Arrays.fill(lengths, steps);
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

    /** Row of the input (and of its projection) for step {@code s} of element {@code b}, or -1 if the step is padding. */
    int inputRow(int s, int b) {
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
     * The recurrent weights as the steps read them.
     *
     * @param whh {@code W_hh} {@code [G*H, H]} at {@code whhOff}
     * @param whhT {@code W_hh^T} {@code [H, G*H]}, or null to read {@code whh} transposed
     * @param packed {@code W_hh^T} packed for the per-step products ({@link Gemm#pack}), or null; used
     *     before {@code whhT} (the same bits, without repacking the weights at every step)
     * @param bhn GRU only: {@code b_hn} {@code [H]} at {@code bhnOff}, or null
     */
    record Weights(float[] whh, int whhOff, float[] whhT, Gemm.PackedB packed, float[] bhn, int bhnOff) {}

    /** Where a direction writes its output: rows of {@code width} in {@code layout}, its {@code H} columns from {@code column}. */
    record Output(float[] out, SequenceLayout layout, int width, int column) {}

    /**
     * Runs the recurrence for batch elements {@code [from, to)}. Calls for disjoint ranges may run
     * concurrently (each writes only its own rows of the shared arrays), and every row is computed
     * the same way whatever the ranges. Without {@code save} it may run again (the next step of a
     * sequence, say): each call starts from {@code h0}, {@code c0}, which may be the same arrays as
     * {@code hN}, {@code cN}.
     *
     * @param g input projection {@code x W_ih^T} plus foldable biases, {@code [T*B, G*H]} in {@link #inputLayout} row order
     * @param h0 initial states {@code [B, H]} at {@code h0Off}, or null for zeros; {@code c0} likewise (LSTM)
     * @param out receives the outputs of the valid steps (padded steps are not written)
     * @param hN receives the final states {@code [B, H]} at {@code hNOff}; {@code cN} likewise (LSTM)
     */
    void forward(int from, int to, float[] g, Weights w, float[] h0, int h0Off, float[] c0, int c0Off, Output out,
                 float[] hN, int hNOff, float[] cN, int cNOff) {
        int rows = to - from;
        if (rows <= 0) return;
        int bh = batch * hidden, gw = gateWidth, hd = hidden, first = from * hd, n = rows * hd;
        if (h0 != null) System.arraycopy(h0, h0Off + first, hs, first, n);
        else Arrays.fill(hs, first, first + n, 0f);
        if (cs != null) {
            if (c0 != null) System.arraycopy(c0, c0Off + first, cs, first, n);
            else Arrays.fill(cs, first, first + n, 0f);
        }
        float[] r = new float[rows * gw], tmp = new float[hd];
        for (int s = 0; s < steps; s++) {
            int hp = stateSlot(s) * bh, hn = stateSlot(s + 1) * bh, a = stepSlot(s) * batch * gw, x = stepSlot(s) * bh;
            if (w.packed() != null) {
                Gemm.sgemm(false, rows, 1f, hs, hp + first, hd, w.packed(), 0f, r, 0, gw);
            } else if (w.whhT() != null) {
                Gemm.sgemm(false, false, rows, gw, hd, 1f, hs, hp + first, hd, w.whhT(), 0, gw, 0f, r, 0, gw);
            } else {
                Gemm.sgemm(false, true, rows, gw, hd, 1f, hs, hp + first, hd, w.whh(), w.whhOff(), hd, 0f, r, 0, gw);
            }
            if (mode == RecurrentMode.LSTM) {
                lstmStep(s, from, to, g, r, a, hp, hn, x, tmp);
            } else {
                for (int b = from; b < to; b++) {
                    int row = inputRow(s, b);
                    if (row < 0) continue;
                    int go = row * gw, ro = (b - from) * gw, hpb = hp + b * hd, hnb = hn + b * hd;
                    switch (mode) {
                        case GRU -> gruStep(g, go, r, ro, w.bhn(), w.bhnOff(), a + b * gw, hpb, hnb, x + b * hd, tmp);
                        case RNN_TANH, RNN_RELU -> VectorOps.add(g, go, r, ro, hs, hnb, hd);
                        default -> throw new AssertionError(mode);
                    }
                }
                // One pass over the rows' whole block; padded rows are overwritten below.
                if (mode == RecurrentMode.RNN_TANH) GateMath.tanh(hs, hn + first, hs, hn + first, n);
                if (mode == RecurrentMode.RNN_RELU) VectorOps.relu(hs, hn + first, hs, hn + first, n);
            }
            for (int b = from; b < to; b++) {
                int hpb = hp + b * hd, hnb = hn + b * hd;
                if (s >= lengths[b]) {
                    System.arraycopy(hs, hpb, hs, hnb, hd);
                    if (cs != null) System.arraycopy(cs, hpb, cs, hnb, hd);
                } else {
                    System.arraycopy(hs, hnb, out.out(), out.layout().row(time(s, b), b) * out.width() + out.column(), hd);
                }
            }
        }
        int last = stateSlot(steps) * bh + first;
        System.arraycopy(hs, last, hN, hNOff + first, n);
        if (cs != null) System.arraycopy(cs, last, cN, cNOff + first, n);
    }

    /**
     * One LSTM step for all rows: {@code i, f, g, o = sigma, sigma, tanh, sigma (G + R)},
     * {@code c' = f c + i g}, {@code h' = o tanh(c')}. The sigmoid runs once over the step's whole
     * {@code [B, 4H]} block, with the {@code g} pre-activations doubled first so that
     * {@code 2 sigmoid(2x) - 1} gives their tanh; {@code tanh(c')} runs once over the {@code [B, H]} block.
     * Padded rows compute garbage that is never read (their states are copied afterwards).
     */
    private void lstmStep(int s, int from, int to, float[] g, float[] r, int a, int hp, int hn, int x, float[] tmp) {
        int hd = hidden, gw = gateWidth, rows = to - from;
        float[] act = this.act, cs = this.cs;
        for (int b = from; b < to; b++) {
            int row = inputRow(s, b), ab = a + b * gw;
            if (row < 0) continue;
            VectorOps.add(g, row * gw, r, (b - from) * gw, act, ab, gw);
            VectorOps.scale(2f, act, ab + 2 * hd, act, ab + 2 * hd, hd);
        }
        VectorOps.sigmoid(act, a + from * gw, act, a + from * gw, rows * gw);
        for (int b = from; b < to; b++) {
            if (s >= lengths[b]) continue;
            int ab = a + b * gw, gg = ab + 2 * hd, cp = hp + b * hd, c = hn + b * hd;
            VectorOps.scale(2f, act, gg, act, gg, hd);
            VectorOps.addScalar(act, gg, -1f, act, gg, hd);
            VectorOps.mul(act, ab + hd, cs, cp, cs, c, hd);
            VectorOps.mul(act, ab, act, gg, tmp, 0, hd);
            VectorOps.add(cs, c, tmp, 0, cs, c, hd);
        }
        GateMath.tanh(cs, hn + from * hd, aux, x + from * hd, rows * hd);
        for (int b = from; b < to; b++) {
            if (s >= lengths[b]) continue;
            VectorOps.mul(act, a + b * gw + 3 * hd, aux, x + b * hd, hs, hn + b * hd, hd);
        }
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
        GateMath.tanh(act, a + 2 * hd, act, a + 2 * hd, hd);
        VectorOps.sub(hs, hp, act, a + 2 * hd, tmp, 0, hd);
        VectorOps.mul(act, a + hd, tmp, 0, tmp, 0, hd);
        VectorOps.add(act, a + 2 * hd, tmp, 0, hs, hn, hd);
    }

    /** True if step {@code s} of element {@code b} reads input row {@code s*B + b} for every step (no reordering). */
    boolean inputInStepOrder() {
        return !reverse && !padded && inputLayout.isTimeMajor(steps, batch);
    }

    /**
     * The gate pre-activation gradients of one direction, in step order (row {@code s*B + b}, zero at
     * padded steps), and the gradients of its initial state.
     *
     * @param recurrent {@code [T*B, G*H]}: gradient of the recurrent projection {@code W_hh h + b_hh}
     *     (pairs with {@link #savedStates()} for {@code dW_hh})
     * @param input {@code [T*B, G*H]}: gradient of the input projection {@code W_ih x + b_ih}; the same
     *     array as {@code recurrent} except for the GRU (whose {@code n} gate differs)
     * @param h0 {@code [B, H]}; {@code c0} likewise (LSTM, else null)
     */
    record Gradients(float[] recurrent, float[] input, float[] h0, float[] c0) {}

    /** Zeroed gradient arrays for {@link #backward}. */
    Gradients newGradients() {
        float[] recurrent = new float[steps * batch * gateWidth];
        return new Gradients(recurrent, mode == RecurrentMode.GRU ? new float[steps * batch * gateWidth] : recurrent,
                new float[batch * hidden], cs != null ? new float[batch * hidden] : null);
    }

    /**
     * Backpropagation through time for batch elements {@code [from, to)} into their rows of
     * {@code into} (from {@link #newGradients()}); requires a forward pass with {@code save}. Calls
     * for disjoint ranges may run concurrently.
     *
     * @param gOut gradient of the output, laid out like the forward {@link Output} (only its {@code out}
     *     array is this gradient), or null
     * @param gHn gradient of the final states {@code [B, H]} at {@code gHnOff}, or null; {@code gCn} likewise
     * @param whhPacked {@code W_hh} ({@code [G*H, H]}, at {@code whhOff} of {@code whh}) packed by
     *     {@link Gemm#pack}, or null to pack it at every step
     */
    void backward(int from, int to, Gradients into, Output gOut, float[] gHn, int gHnOff, float[] gCn, int gCnOff,
                  float[] whh, int whhOff, Gemm.PackedB whhPacked) {
        if (!save) throw new IllegalStateException("backward after a forward pass that saved nothing");
        int rows = to - from;
        if (rows <= 0) return;
        int bh = batch * hidden, gw = gateWidth, hd = hidden, n = rows * hd;
        float[] dh = new float[n], dhNext = new float[n];
        float[] dc = cs != null ? new float[n] : null;
        float[] direct = mode == RecurrentMode.GRU ? new float[n] : null;
        if (gHn != null) System.arraycopy(gHn, gHnOff + from * hd, dh, 0, n);
        if (dc != null && gCn != null) System.arraycopy(gCn, gCnOff + from * hd, dc, 0, n);
        float[] dStep = into.recurrent(), dInput = into.input();
        float[] tmp = new float[hd];
        for (int s = steps - 1; s >= 0; s--) {
            boolean allActive = true;
            int stepRow = s * batch;
            for (int b = from; b < to; b++) {
                if (s >= lengths[b]) {
                    allActive = false;
                    continue;
                }
                int dhb = (b - from) * hd;
                if (gOut != null) {
                    VectorOps.add(dh, dhb, gOut.out(), gOut.layout().row(time(s, b), b) * gOut.width() + gOut.column(),
                            dh, dhb, hd);
                }
                int ds = (stepRow + b) * gw, a = ds, hp = (stepRow + b) * hd, x = hp;
                switch (mode) {
                    case LSTM -> lstmBackward(dh, dhb, dc, a, hp, x, dStep, ds, tmp);
                    case GRU -> gruBackward(dh, dhb, direct, a, hp, x, dStep, ds, dInput, ds, tmp);
                    case RNN_TANH, RNN_RELU -> VectorOps.binary(mode == RecurrentMode.RNN_TANH ? BinaryOp.TANH_GRAD
                            : BinaryOp.RELU_GRAD, dh, dhb, hs, hp + bh, dStep, ds, hd);
                }
            }
            // dh before this step: dgates W_hh for active rows (plus z dh' for the GRU); unchanged for padded rows.
            if (whhPacked != null) {
                Gemm.sgemm(false, rows, 1f, dStep, (stepRow + from) * gw, gw, whhPacked, 0f, dhNext, 0, hd);
            } else {
                Gemm.sgemm(false, false, rows, hd, gw, 1f, dStep, (stepRow + from) * gw, gw, whh, whhOff, hd, 0f, dhNext, 0, hd);
            }
            if (allActive) {
                if (direct != null) VectorOps.add(dhNext, 0, direct, 0, dhNext, 0, n);
                float[] t = dh;
                dh = dhNext;
                dhNext = t;
            } else {
                for (int b = from; b < to; b++) {
                    if (s >= lengths[b]) continue;
                    int dhb = (b - from) * hd;
                    if (direct != null) {
                        VectorOps.add(dhNext, dhb, direct, dhb, dh, dhb, hd);
                    } else {
                        System.arraycopy(dhNext, dhb, dh, dhb, hd);
                    }
                }
            }
        }
        System.arraycopy(dh, 0, into.h0(), from * hd, n);
        if (dc != null) System.arraycopy(dc, 0, into.c0(), from * hd, n);
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
