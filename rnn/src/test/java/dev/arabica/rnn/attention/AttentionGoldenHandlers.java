package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenCase;
import dev.arabica.core.golden.GoldenOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Handlers for the golden cases of {@code scaled_dot_product_attention} and
 * {@code multihead_attention}, run with the module's other ops by {@code RnnGoldenTest}. Arguments are taken in call order: float32
 * arguments are q/k/v (or query/key/value, or the single {@code x} of self-attention) and then the
 * weights, recognised by their shapes; int64 arguments are masks (nonzero = masked), the key
 * padding mask when the case says {@code key_padding_mask: true}.
 */
public final class AttentionGoldenHandlers {
    private AttentionGoldenHandlers() {}

    public static final Set<String> OPS = Set.of("scaled_dot_product_attention", "multihead_attention");

    /** The handlers of {@link #OPS}, for a module-wide suite that wants to run them too. */
    public static Map<String, GoldenOp> handlers() {
        Map<String, GoldenOp> handlers = new HashMap<>();
        handlers.put("scaled_dot_product_attention", AttentionGoldenHandlers::sdpa);
        handlers.put("multihead_attention", AttentionGoldenHandlers::mha);
        return handlers;
    }

    private static Map<String, Tensor> sdpa(GoldenCase c) {
        List<Tensor> floats = new ArrayList<>(), masks = new ArrayList<>();
        split(c, floats, masks);
        Tensor q = floats.get(0), k = floats.get(1), v = floats.get(2);
        AttentionMask mask = AttentionMask.NONE.withCausal(flag(c, "is_causal") || flag(c, "causal"));
        boolean kpmCase = flag(c, "key_padding_mask");
        List<Tensor> extra = new ArrayList<>(masks);
        extra.addAll(floats.subList(3, floats.size())); // float masks (additive) after q, k, v
        for (Tensor m : extra) {
            int s = k.size(k.dim() - 2);
            boolean paddingShaped = m.dim() <= 2 && m.size(m.dim() - 1) == s
                    && (m.dim() == 1 || m.size(0) == (q.dim() > 2 ? q.size(0) : 1));
            if (kpmCase && mask.keyPaddingMask() == null && paddingShaped) {
                mask = mask.withKeyPadding(m);
            } else {
                mask = mask.attnMask() == null ? mask.withAttnMask(m) : mask.withKeyPadding(m);
            }
        }
        double scale = c.has("scale") ? c.doubleAttr("scale") : Attention.DEFAULT_SCALE;
        Attention.Result r = Attention.scaledDotProductAttention(q, k, v, mask, scale, 0.0, null, c.outputStems().size() > 1);
        return outputs(c, r);
    }

    private static Map<String, Tensor> mha(GoldenCase c) {
        List<Tensor> floats = new ArrayList<>(), masks = new ArrayList<>();
        split(c, floats, masks);
        int e = c.intAttr("embed_dim"), heads = c.intAttr("num_heads");
        boolean batchFirst = flag(c, "batch_first"); // PyTorch's default: sequence first
        // The activations come first: one (self-attention on x) or three (query, key, value), up to the
        // packed in-projection [3E, E]; with separate projections the case's self_attention flag decides.
        int inputs = flag(c, "self_attention") ? 1 : 3;
        for (int j = 0; j < floats.size(); j++) {
            if (Arrays.equals(floats.get(j).shape(), new int[] {3 * e, e})) {
                inputs = j;
                break;
            }
        }
        int i = 0;
        Tensor query = floats.get(i++);
        Tensor key = inputs == 1 ? query : floats.get(i++);
        Tensor value = inputs == 1 ? query : floats.get(i++);
        Tensor inW = null, qW = null, kW = null, vW = null, inB = null, outW, outB = null;
        if (Arrays.equals(floats.get(i).shape(), new int[] {3 * e, e})) {
            inW = floats.get(i++);
        } else {
            qW = floats.get(i++);
            kW = floats.get(i++);
            vW = floats.get(i++);
        }
        if (i < floats.size() && Arrays.equals(floats.get(i).shape(), new int[] {3 * e})) inB = floats.get(i++);
        Tensor biasK = null, biasV = null; // add_bias_kv: [1, 1, E] each, before or after the out-projection
        if (i + 1 < floats.size() && Arrays.equals(floats.get(i).shape(), new int[] {1, 1, e})) {
            biasK = floats.get(i++);
            biasV = floats.get(i++);
        }
        outW = floats.get(i++);
        if (i < floats.size() && Arrays.equals(floats.get(i).shape(), new int[] {e})) outB = floats.get(i++);
        if (biasK == null && i + 1 < floats.size() && Arrays.equals(floats.get(i).shape(), new int[] {1, 1, e})) {
            biasK = floats.get(i++);
            biasV = floats.get(i++);
        }
        List<Tensor> extra = new ArrayList<>(masks);
        extra.addAll(floats.subList(i, floats.size()));
        AttentionProjections w = new AttentionProjections(inW, qW, kW, vW, inB, outW, outB, biasK, biasV, flag(c, "add_zero_attn"));

        int bd = batchFirst ? 0 : 1;
        boolean batched = query.dim() == 3;
        int batch = batched ? query.size(bd) : 1, s = key.size(batched ? (batchFirst ? 1 : 0) : 0);
        AttentionMask mask = AttentionMask.NONE.withCausal(flag(c, "causal") || flag(c, "is_causal"));
        boolean kpmCase = flag(c, "key_padding_mask");
        for (Tensor m : extra) {
            boolean paddingShaped = batched ? m.dim() == 2 && m.size(0) == batch && m.size(1) == s : m.dim() == 1;
            if (kpmCase && mask.keyPaddingMask() == null && paddingShaped) mask = mask.withKeyPadding(m);
            else mask = mask.withAttnMask(m);
        }
        boolean needWeights = !c.has("need_weights") || c.boolAttr("need_weights");
        boolean average = !c.has("average_attn_weights") || c.boolAttr("average_attn_weights");
        Attention.Result r = Attention.multiHeadAttention(query, key, value, heads, w, mask, batchFirst, needWeights, average,
                0.0, null);
        return outputs(c, r);
    }

    private static void split(GoldenCase c, List<Tensor> floats, List<Tensor> masks) {
        for (int i = 0; i < c.argCount(); i++) {
            Tensor t = c.arg(i);
            (t.dtype() == DType.INT64 ? masks : floats).add(t);
        }
    }

    private static Map<String, Tensor> outputs(GoldenCase c, Attention.Result r) {
        Map<String, Tensor> out = new HashMap<>();
        List<String> stems = c.outputStems();
        out.put(stems.get(0), r.output());
        if (stems.size() > 1) out.put(stems.get(1), r.weights());
        return out;
    }

    private static boolean flag(GoldenCase c, String name) {
        return c.has(name) && c.attr(name) instanceof Boolean b && b;
    }

}
