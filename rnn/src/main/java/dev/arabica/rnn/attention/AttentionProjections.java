package dev.arabica.rnn.attention;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * The weights of a multi-head attention in PyTorch's layouts ({@code y = x W^T + b}):
 * <ul>
 *   <li>packed ({@code kdim == vdim == embedDim}): {@code inProjWeight [3E, E]}, rows
 *       {@code 0:E} project the query, {@code E:2E} the key, {@code 2E:3E} the value;</li>
 *   <li>separate: {@code qProjWeight [E, E]}, {@code kProjWeight [E, kdim]}, {@code vProjWeight [E, vdim]};</li>
 *   <li>{@code inProjBias [3E]} (q, k, v blocks) or null; {@code outProjWeight [E, E]};
 *       {@code outProjBias [E]} or null;</li>
 *   <li>PyTorch's {@code add_bias_kv}: {@code biasK}, {@code biasV} {@code [1, 1, E]} (or null), a
 *       learned key and value appended to every sequence of projected keys and values;</li>
 *   <li>PyTorch's {@code add_zero_attn}: a zero key and value appended after them.</li>
 * </ul>
 */
public record AttentionProjections(Tensor inProjWeight, Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight,
                                   Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias, Tensor biasK, Tensor biasV,
                                   boolean addZeroAttn) {
    /** Without {@code add_bias_kv} and {@code add_zero_attn}. */
    public AttentionProjections(Tensor inProjWeight, Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight,
                                Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias) {
        this(inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias, outProjWeight, outProjBias, null, null, false);
    }

    public AttentionProjections {
        boolean packed = inProjWeight != null;
        boolean separate = qProjWeight != null || kProjWeight != null || vProjWeight != null;
        if (packed == separate || (separate && (qProjWeight == null || kProjWeight == null || vProjWeight == null))) {
            throw new IllegalArgumentException("AttentionProjections: give either inProjWeight [3E, E] or all of q/k/vProjWeight, not both");
        }
        if (outProjWeight == null) throw new IllegalArgumentException("AttentionProjections: outProjWeight is required");
        if (outProjWeight.dim() != 2 || outProjWeight.size(0) != outProjWeight.size(1)) {
            throw new IllegalArgumentException("AttentionProjections: outProjWeight must be [E, E], got " + Shape.format(outProjWeight.shape()));
        }
        int e = outProjWeight.size(0);
        if (packed) requireShape("inProjWeight", inProjWeight, 3 * e, e);
        else {
            requireShape("qProjWeight", qProjWeight, e, e);
            if (kProjWeight.dim() != 2 || kProjWeight.size(0) != e) {
                throw new IllegalArgumentException("AttentionProjections: kProjWeight must be [" + e + ", kdim], got " + Shape.format(kProjWeight.shape()));
            }
            if (vProjWeight.dim() != 2 || vProjWeight.size(0) != e) {
                throw new IllegalArgumentException("AttentionProjections: vProjWeight must be [" + e + ", vdim], got " + Shape.format(vProjWeight.shape()));
            }
        }
        if (inProjBias != null) requireShape("inProjBias", inProjBias, 3 * e);
        if (outProjBias != null) requireShape("outProjBias", outProjBias, e);
        if ((biasK == null) != (biasV == null)) {
            throw new IllegalArgumentException("AttentionProjections: biasK and biasV must be given together (add_bias_kv)");
        }
        if (biasK != null) {
            requireShape("biasK", biasK, 1, 1, e);
            requireShape("biasV", biasV, 1, 1, e);
        }
    }

    /** Number of keys appended to every sequence: 1 for {@code biasK}, 1 for {@code addZeroAttn}. */
    public int extraKeys() {
        return (biasK != null ? 1 : 0) + (addZeroAttn ? 1 : 0);
    }

    /** Packed in-projection {@code [3E, E]}; biases may be null. */
    public static AttentionProjections packed(Tensor inProjWeight, Tensor inProjBias, Tensor outProjWeight, Tensor outProjBias) {
        return new AttentionProjections(inProjWeight, null, null, null, inProjBias, outProjWeight, outProjBias);
    }

    /** Separate q/k/v projections (for {@code kdim}, {@code vdim} other than E); biases may be null. */
    public static AttentionProjections separate(Tensor qProjWeight, Tensor kProjWeight, Tensor vProjWeight, Tensor inProjBias,
                                                Tensor outProjWeight, Tensor outProjBias) {
        return new AttentionProjections(null, qProjWeight, kProjWeight, vProjWeight, inProjBias, outProjWeight, outProjBias);
    }

    /** The model dimension E. */
    public int embedDim() {
        return outProjWeight.size(0);
    }

    /** Input features of the key projection. */
    public int kdim() {
        return inProjWeight != null ? embedDim() : kProjWeight.size(1);
    }

    /** Input features of the value projection. */
    public int vdim() {
        return inProjWeight != null ? embedDim() : vProjWeight.size(1);
    }

    public boolean isPacked() {
        return inProjWeight != null;
    }

    private static void requireShape(String what, Tensor t, int... shape) {
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("AttentionProjections: " + what + " must be " + Shape.format(shape) + ", got "
                    + Shape.format(t.shape()));
        }
    }
}
