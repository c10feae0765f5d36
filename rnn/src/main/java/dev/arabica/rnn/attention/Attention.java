package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.rnn.attention.AttentionKernel.MaskOperand;
import dev.arabica.rnn.attention.AttentionKernel.Operand;
import dev.arabica.rnn.attention.AttentionKernel.WeightsMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attention as functions, like {@code torch.nn.functional}: scaled dot-product attention and the
 * multi-head attention behind {@link MultiheadAttention}. Both run the fused core described in
 * {@code AttentionKernel}: one GEMM per group for {@code Q K^T} and one for {@code P V}, the softmax
 * in place, and one recorded autograd node with a closed-form backward.
 */
public final class Attention {
    private Attention() {}

    /** Pass as {@code scale} to use the default {@code 1 / sqrt(E)}. */
    public static final double DEFAULT_SCALE = Double.NaN;

    /**
     * An attention's output and, when asked for, its weights (else null). The weights are the
     * softmax probabilities after dropout (what multiplies V), as PyTorch 1.13's
     * {@code nn.MultiheadAttention} returns them; they are differentiable.
     */
    public record Result(Tensor output, Tensor weights) {}

    /** {@code softmax(q k^T / sqrt(E)) v} without masks or dropout; see the full overload. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) {
        return scaledDotProductAttention(q, k, v, AttentionMask.NONE, DEFAULT_SCALE, 0, null, false).output();
    }

    /** With a mask, the default scale and no dropout; see the full overload. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        return scaledDotProductAttention(q, k, v, mask, DEFAULT_SCALE, 0, null, false).output();
    }

    /**
     * Scaled dot-product attention over the last two dims:
     * <pre>
     *   out = dropout(softmax(scale * q k^T + mask)) v
     * </pre>
     * with {@code q [..., L, E]}, {@code k [..., S, E]}, {@code v [..., S, Ev]} and output
     * {@code [..., L, Ev]}; the leading dims (batch, heads, ...) broadcast against each other.
     * Inputs may be any strided views (rows with contiguous columns are read in place, other
     * layouts are copied once).
     *
     * @param mask see {@link AttentionMask}: an int64 {@code attnMask} broadcastable to
     *     {@code [..., L, S]} forbids its nonzero positions (PyTorch {@code nn.MultiheadAttention}'s
     *     convention, the opposite of PyTorch 2's {@code F.scaled_dot_product_attention}), a float32
     *     one is added; {@code keyPaddingMask [B, S]} (B = the first leading dim; {@code [S]} if
     *     there is none) is 1 at padded keys; {@code causal} lets query {@code i} see keys {@code j <= i}
     * @param scale the factor on {@code q k^T}; {@link #DEFAULT_SCALE} for {@code 1 / sqrt(E)}
     * @param dropoutP probability of zeroing each weight (scaling the rest by {@code 1/(1-p)});
     *     pass 0 outside training
     * @param generator draws the dropout masks (required when {@code dropoutP > 0})
     * @param needWeights also return the weights {@code [..., L, S]}
     * @throws IllegalArgumentException naming the shapes when they do not fit
     */
    public static Result scaledDotProductAttention(Tensor q, Tensor k, Tensor v, AttentionMask mask, double scale,
                                                   double dropoutP, Generator generator, boolean needWeights) {
        String op = "scaledDotProductAttention";
        for (Tensor t : new Tensor[] {q, k, v}) requireFloat(op, t);
        if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2) {
            throw new IllegalArgumentException(op + ": q, k and v need at least 2 dims [..., L, E], got "
                    + shapes(q, k, v));
        }
        int l = q.size(q.dim() - 2), e = q.size(q.dim() - 1);
        int s = k.size(k.dim() - 2), ev = v.size(v.dim() - 1);
        if (k.size(k.dim() - 1) != e) {
            throw new IllegalArgumentException(op + ": q and k must have the same last dim E, got " + shapes(q, k, v));
        }
        if (v.size(v.dim() - 2) != s) {
            throw new IllegalArgumentException(op + ": k and v must have the same number of keys S (dim -2), got " + shapes(q, k, v));
        }
        int[] lead;
        try {
            lead = Shape.broadcast(op, Shape.broadcast(op, leading(q), leading(k)), leading(v));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(op + ": the leading (batch) dims of q, k and v cannot be broadcast: "
                    + shapes(q, k, v), ex);
        }
        checkDropout(op, dropoutP, generator);
        AttentionMask m = mask == null ? AttentionMask.NONE : mask;
        float sc = (float) (Double.isNaN(scale) ? 1 / Math.sqrt(e) : scale);

        int groups = AttentionKernel.numel(lead);
        Map<Tensor, Tensor> readable = new IdentityHashMap<>();
        Operand qo = AttentionOperands.sdpaOperand(q, lead, l, e, readable);
        Operand ko = AttentionOperands.sdpaOperand(k, lead, s, e, readable);
        Operand vo = AttentionOperands.sdpaOperand(v, lead, s, ev, readable);

        List<MaskOperand> masks = new ArrayList<>();
        if (m.attnMask() != null) masks.add(AttentionOperands.broadcastMask(op, m.attnMask(), lead, l, s));
        if (m.keyPaddingMask() != null) masks.add(AttentionOperands.sdpaKeyPadding(op, m.keyPaddingMask(), lead, s));

        int[] outShape = append(lead, l, ev);
        int[] outOff = new int[groups];
        for (int g = 0; g < groups; g++) outOff[g] = g * l * ev;
        var spec = new AttentionKernel.Spec(op, groups, l, s, e, ev, sc, qo, ko, vo, masks, m.causal(), dropoutP, generator,
                outOff, ev, outShape, needWeights ? WeightsMode.PER_GROUP : WeightsMode.NONE, 1, append(lead, l, s));
        Tensor[] r = AttentionKernel.run(spec);
        return new Result(r[0], r[1]);
    }

    /** As {@link #multiHeadAttention(Tensor, Tensor, Tensor, int, AttentionProjections, AttentionMask, boolean, boolean, boolean, double, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static Result multiHeadAttention(Tensor query, Tensor key, Tensor value, int numHeads, AttentionProjections w, AttentionMask mask, boolean batchFirst, boolean needWeights, boolean averageWeights, double dropoutP) {
        return multiHeadAttention(query, key, value, numHeads, w, mask, batchFirst, needWeights, averageWeights, dropoutP, Generator.defaultGenerator());
    }

    /**
     * Multi-head attention as PyTorch 1.13's {@code F.multi_head_attention_forward}:
     * <pre>
     *   Q = query Wq^T + bq,  K = key Wk^T + bk,  V = value Wv^T + bv        (in-projections)
     *   head h: O_h = dropout(softmax(Q_h K_h^T / sqrt(E / H) + masks)) V_h  (columns h*E/H .. (h+1)*E/H)
     *   out = concat_h(O_h) Wout^T + bout
     * </pre>
     * Shapes ({@code batchFirst}): query {@code [B, L, E]}, key {@code [B, S, kdim]}, value
     * {@code [B, S, vdim]}, output {@code [B, L, E]}; otherwise sequence first ({@code [L, B, E]}),
     * or unbatched ({@code [L, E]}, {@code [S, kdim]}). When {@code key == value} (the same tensor
     * object) the key and value projections run as one GEMM, and when also {@code query == key}
     * all three do (self-attention), as in PyTorch.
     *
     * @param mask {@code attnMask} {@code [L, S]} or {@code [B * H, L, S]}, {@code keyPaddingMask}
     *     {@code [B, S]}, causal; see {@link AttentionMask}
     * @param needWeights return the attention weights: averaged over heads {@code [B, L, S]} if
     *     {@code averageWeights}, else per head {@code [B, H, L, S]} (without the batch dim when unbatched)
     * @param dropoutP dropout on the attention weights (pass 0 in evaluation)
     * @throws IllegalArgumentException naming the shapes when they do not fit
     */
    public static Result multiHeadAttention(Tensor query, Tensor key, Tensor value, int numHeads,
                                            AttentionProjections w, AttentionMask mask, boolean batchFirst,
                                            boolean needWeights, boolean averageWeights, double dropoutP, Generator generator) {
        String op = "multiHeadAttention";
        for (Tensor t : new Tensor[] {query, key, value}) requireFloat(op, t);
        int e = w.embedDim();
        if (numHeads <= 0 || e % numHeads != 0) {
            throw new IllegalArgumentException(op + ": embedDim " + e + " must be divisible by numHeads " + numHeads);
        }
        boolean batched = query.dim() == 3;
        if (!batched && query.dim() != 2) {
            throw new IllegalArgumentException(op + ": query must be [L, E] (unbatched) or 3-D (" + (batchFirst ? "[B, L, E]" : "[L, B, E]")
                    + "), got " + Shape.format(query.shape()));
        }
        if (key.dim() != query.dim() || value.dim() != query.dim()) {
            throw new IllegalArgumentException(op + ": query, key and value must all be " + query.dim() + "-D, got "
                    + shapes(query, key, value));
        }
        AttentionMask m = mask == null ? AttentionMask.NONE : mask;
        Tensor kpm = m.keyPaddingMask();
        boolean selfAttention = query == key && key == value;
        boolean sharedKv = key == value;
        if (!batched) {
            // Treat as a batch of one, batch first.
            Tensor q1 = query.unsqueeze(0);
            Tensor k1 = key == query ? q1 : key.unsqueeze(0);
            Tensor v1 = value == key ? k1 : value == query ? q1 : value.unsqueeze(0);
            if (kpm != null) {
                if (kpm.dim() != 1) {
                    throw new IllegalArgumentException(op + ": for unbatched inputs keyPaddingMask must be [S], got " + Shape.format(kpm.shape()));
                }
                m = m.withKeyPadding(kpm.unsqueeze(0));
            }
            Result r = multiHeadAttention(q1, k1, v1, numHeads, w, m, true, needWeights, averageWeights, dropoutP, generator);
            return new Result(r.output().squeeze(0), r.weights() == null ? null : r.weights().squeeze(0));
        }
        int bd = batchFirst ? 0 : 1, sd = batchFirst ? 1 : 0;
        int batch = query.size(bd), l = query.size(sd), s = key.size(sd);
        if (query.size(2) != e) {
            throw new IllegalArgumentException(op + ": query of shape " + Shape.format(query.shape()) + " must have embedDim "
                    + e + " features");
        }
        if (key.size(bd) != batch || value.size(bd) != batch || value.size(sd) != s) {
            throw new IllegalArgumentException(op + ": query, key and value must agree on the batch size, key and value on the"
                    + " sequence length (" + (batchFirst ? "batch first" : "sequence first") + "), got " + shapes(query, key, value));
        }
        if (key.size(2) != w.kdim() || value.size(2) != w.vdim()) {
            throw new IllegalArgumentException(op + ": key must have kdim " + w.kdim() + " and value vdim " + w.vdim()
                    + " features, got " + shapes(query, key, value));
        }
        checkDropout(op, dropoutP, generator);
        int dh = e / numHeads;

        // In-projections: one GEMM for q, k, v when they are the same tensor, one for k and v when those are.
        Tensor qp, kp, vp;
        int qc, kc, vc;
        Tensor bias = w.inProjBias();
        if (w.isPacked() && selfAttention) {
            qp = kp = vp = query.linear(w.inProjWeight(), bias);
            qc = 0; kc = e; vc = 2 * e;
        } else if (w.isPacked() && sharedKv) {
            qp = query.linear(w.inProjWeight().slice(0, 0, e), bias == null ? null : bias.slice(0, 0, e));
            kp = vp = key.linear(w.inProjWeight().slice(0, e, 3 * e), bias == null ? null : bias.slice(0, e, 3 * e));
            qc = 0; kc = 0; vc = e;
        } else {
            Tensor wq = w.isPacked() ? w.inProjWeight().slice(0, 0, e) : w.qProjWeight();
            Tensor wk = w.isPacked() ? w.inProjWeight().slice(0, e, 2 * e) : w.kProjWeight();
            Tensor wv = w.isPacked() ? w.inProjWeight().slice(0, 2 * e, 3 * e) : w.vProjWeight();
            qp = query.linear(wq, bias == null ? null : bias.slice(0, 0, e));
            kp = key.linear(wk, bias == null ? null : bias.slice(0, e, 2 * e));
            vp = value.linear(wv, bias == null ? null : bias.slice(0, 2 * e, 3 * e));
            qc = kc = vc = 0;
        }
        int groups = batch * numHeads;
        // Validate the masks against the caller's S before any extra keys are appended.
        List<MaskOperand> masks = new ArrayList<>();
        if (m.attnMask() != null) AttentionOperands.mhaAttnMask(op, m.attnMask(), batch, numHeads, l, s);
        if (kpm != null) AttentionOperands.mhaKeyPadding(op, kpm, batch, numHeads, s);
        int extra = w.extraKeys();
        Tensor attnMask = m.attnMask();
        boolean causal = m.causal();
        if (extra > 0) {
            // add_bias_kv / add_zero_attn: extra keys and values after the sequence, always allowed (masks padded with 0).
            Tensor kSeq = kp.slice(2, kc, kc + e), vSeq = vp.slice(2, vc, vc + e);
            kp = AttentionOperands.appendKeys(kSeq, w.biasK(), w.addZeroAttn(), batchFirst);
            vp = AttentionOperands.appendKeys(vSeq, w.biasV(), w.addZeroAttn(), batchFirst);
            kc = vc = 0;
            if (causal) {
                attnMask = attnMask == null ? AttentionMask.causalBoolMask(l, s)
                        : Tensor.where(AttentionMask.causalBoolMask(l, s), Tensor.scalar(Float.NEGATIVE_INFINITY),
                                AttentionOperands.toAdditive(attnMask));
                causal = false;
            }
            if (attnMask != null) attnMask = AttentionOperands.padLast(attnMask, extra);
            if (kpm != null) kpm = AttentionOperands.padLast(kpm, extra);
            s += extra;
        }
        Operand qo = AttentionOperands.headOperand(qp, qc, batchFirst, batch, l, numHeads, dh);
        Operand ko = AttentionOperands.headOperand(kp, kc, batchFirst, batch, s, numHeads, dh);
        Operand vo = AttentionOperands.headOperand(vp, vc, batchFirst, batch, s, numHeads, dh);
        if (attnMask != null) masks.add(AttentionOperands.mhaAttnMask(op, attnMask, batch, numHeads, l, s));
        if (kpm != null) masks.add(AttentionOperands.mhaKeyPadding(op, kpm, batch, numHeads, s));

        int[] outShape = batchFirst ? new int[] {batch, l, e} : new int[] {l, batch, e};
        int outLd = batchFirst ? e : batch * e;
        int[] outOff = new int[groups];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < numHeads; h++) outOff[b * numHeads + h] = (batchFirst ? b * l * e : b * e) + h * dh;
        }
        WeightsMode mode = !needWeights ? WeightsMode.NONE : averageWeights ? WeightsMode.AVERAGED : WeightsMode.PER_GROUP;
        int[] weightsShape = averageWeights ? new int[] {batch, l, s} : new int[] {batch, numHeads, l, s};
        var spec = new AttentionKernel.Spec(op, groups, l, s, dh, dh, (float) (1 / Math.sqrt(dh)), qo, ko, vo, masks,
                causal, dropoutP, generator, outOff, outLd, outShape, mode, numHeads, weightsShape);
        Tensor[] r = AttentionKernel.run(spec);
        Tensor out = r[0].linear(w.outProjWeight(), w.outProjBias());
        return new Result(out, r[1]);
    }

    // ------------------------------------------------------------------ helpers

    static int[] leading(Tensor t) {
        return Arrays.copyOf(t.shape(), t.dim() - 2);
    }

    static int[] append(int[] lead, int a, int b) {
        int[] out = Arrays.copyOf(lead, lead.length + 2);
        out[lead.length] = a;
        out[lead.length + 1] = b;
        return out;
    }

    private static void requireFloat(String op, Tensor t) {
        if (t == null) throw new IllegalArgumentException(op + ": q/k/v (query/key/value) must not be null");
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": inputs must be float32, got " + t.dtype() + " of shape " + Shape.format(t.shape()));
        }
    }

    static void checkDropout(String op, double p, Generator generator) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(op + ": dropout probability must be in [0, 1), got " + p);
        if (p > 0 && generator == null) throw new IllegalArgumentException(op + ": dropout " + p + " needs a generator");
    }

    private static String shapes(Tensor q, Tensor k, Tensor v) {
        return Shape.format(q.shape()) + ", " + Shape.format(k.shape()) + " and " + Shape.format(v.shape());
    }
}
