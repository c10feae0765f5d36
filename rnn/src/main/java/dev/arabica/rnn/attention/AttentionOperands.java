package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.rnn.attention.AttentionKernel.MaskOperand;
import dev.arabica.rnn.attention.AttentionKernel.Operand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How {@link Attention} describes its inputs to {@code AttentionKernel}: where each group's rows of
 * Q, K, V and of the masks start in their tensors' storage (read in place, no copies), where the
 * gradients go, and the extra keys of {@code add_bias_kv} / {@code add_zero_attn}.
 */
final class AttentionOperands {
    private AttentionOperands() {}

    // ------------------------------------------------------------------ extra keys (add_bias_kv, add_zero_attn)

    /** {@code [B, S, E]} (or {@code [S, B, E]}) followed by the bias row and/or a zero row along S, contiguous. */
    static Tensor appendKeys(Tensor seq, Tensor bias, boolean zero, boolean batchFirst) {
        int b = seq.size(batchFirst ? 0 : 1), e = seq.size(2), sd = batchFirst ? 1 : 0;
        int[] rowShape = batchFirst ? new int[] {b, 1, e} : new int[] {1, b, e};
        List<Tensor> parts = new ArrayList<>(List.of(seq));
        if (bias != null) parts.add(bias.expand(rowShape));
        if (zero) parts.add(Tensor.zeros(rowShape));
        return Tensor.cat(parts, sd);
    }

    /** A mask with {@code extra} allowed (zero) columns appended. */
    static Tensor padLast(Tensor mask, int extra) {
        int[] shape = mask.shape().clone();
        shape[shape.length - 1] = extra;
        Tensor zeros = mask.dtype() == DType.INT64 ? Tensor.wrapLongs(new long[AttentionKernel.numel(shape)], shape) : Tensor.zeros(shape);
        return Tensor.cat(List.of(mask, zeros), mask.dim() - 1);
    }

    /** An int64 (nonzero = masked) or float mask as an additive float mask. */
    static Tensor toAdditive(Tensor mask) {
        return mask.dtype() == DType.INT64 ? Tensor.zeros(mask.shape()).maskedFill(mask, Float.NEGATIVE_INFINITY) : mask;
    }

    // ------------------------------------------------------------------ operands

    /** Group (b, h) of a projection [B, T, C] (batch first) or [T, B, C]: columns col + h*dh. */
    static Operand headOperand(Tensor t, int col, boolean batchFirst, int batch, int rows, int heads, int dh) {
        int c = t.size(2);
        int ld = batchFirst ? c : batch * c;
        int[] rel = new int[batch * heads], abs = new int[batch * heads];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                rel[b * heads + h] = (batchFirst ? b * rows * c : b * c) + col + h * dh;
                abs[b * heads + h] = t.offset() + rel[b * heads + h];
            }
        }
        // linear() returns contiguous tensors, so the gradient has the same layout as the storage.
        if (!t.isContiguous()) throw new IllegalStateException("projection is not contiguous");
        return new Operand(t, abs, ld, rel, ld, t.shape());
    }

    static Operand sdpaOperand(Tensor t, int[] lead, int rows, int cols, Map<Tensor, Tensor> readable) {
        Tensor u = readable.computeIfAbsent(t, x -> {
            int r = x.dim();
            int[] st = x.strides();
            boolean colsOk = cols <= 1 || st[r - 1] == 1;
            boolean rowsOk = rows <= 1 || st[r - 2] >= Math.max(cols, 1);
            return colsOk && rowsOk ? x : x.contiguous();
        });
        int r = u.dim();
        int[] leadStrides = broadcastStrides(Attention.leading(u), Arrays.copyOf(u.strides(), r - 2), lead);
        int[] readOff = groupOffsets(lead, leadStrides, u.offset());
        int ld = rows <= 1 ? Math.max(cols, 1) : u.strides()[r - 2];
        int[] gradOff = new int[readOff.length];
        for (int g = 0; g < gradOff.length; g++) gradOff[g] = g * rows * cols;
        return new Operand(u, readOff, ld, gradOff, Math.max(cols, 1), Attention.append(lead, rows, cols));
    }

    // ------------------------------------------------------------------ masks

    static MaskOperand broadcastMask(String op, Tensor mask, int[] lead, int l, int s) {
        int[] full = Attention.append(lead, l, s);
        if (mask.dim() > full.length) {
            throw new IllegalArgumentException(op + ": attnMask of shape " + Shape.format(mask.shape())
                    + " has more dims than the scores " + Shape.format(full));
        }
        for (int i = 0; i < mask.dim(); i++) {
            int md = mask.size(i), fd = full[full.length - mask.dim() + i];
            if (md != fd && md != 1) {
                throw new IllegalArgumentException(op + ": attnMask of shape " + Shape.format(mask.shape())
                        + " cannot be broadcast to the scores " + Shape.format(full));
            }
        }
        int[] st = broadcastStrides(mask.shape(), mask.strides(), full);
        int[] offsets = groupOffsets(lead, Arrays.copyOf(st, lead.length), mask.offset());
        return new MaskOperand(mask, offsets, st[full.length - 2], st[full.length - 1]);
    }

    static MaskOperand sdpaKeyPadding(String op, Tensor kpm, int[] lead, int s) {
        int batch = lead.length == 0 ? 1 : lead[0];
        boolean ok = lead.length == 0 ? kpm.dim() == 1 && kpm.size(0) == s
                : kpm.dim() == 2 && kpm.size(0) == batch && kpm.size(1) == s;
        if (!ok) {
            throw new IllegalArgumentException(op + ": keyPaddingMask must be " + (lead.length == 0 ? "[" + s + "]" : "[" + batch + ", " + s + "]")
                    + " ([batch, S]), got " + Shape.format(kpm.shape()));
        }
        int[] leadStrides = new int[lead.length];
        if (lead.length > 0) leadStrides[0] = batch == 1 ? 0 : kpm.strides()[0];
        int[] offsets = groupOffsets(lead, leadStrides, kpm.offset());
        return new MaskOperand(kpm, offsets, 0, s == 1 ? 0 : kpm.strides()[kpm.dim() - 1]);
    }

    static MaskOperand mhaAttnMask(String op, Tensor mask, int batch, int heads, int l, int s) {
        int groups = batch * heads;
        int[] offsets = new int[groups];
        if (mask.dim() == 2 && mask.size(0) == l && mask.size(1) == s) {
            Arrays.fill(offsets, mask.offset());
            return new MaskOperand(mask, offsets, mask.strides()[0], mask.strides()[1]);
        }
        if (mask.dim() == 3 && mask.size(0) == groups && mask.size(1) == l && mask.size(2) == s) {
            for (int g = 0; g < groups; g++) offsets[g] = mask.offset() + g * mask.strides()[0];
            return new MaskOperand(mask, offsets, mask.strides()[1], mask.strides()[2]);
        }
        throw new IllegalArgumentException(op + ": attnMask must be [L, S] = [" + l + ", " + s + "] or [batch * heads, L, S] = ["
                + groups + ", " + l + ", " + s + "], got " + Shape.format(mask.shape()));
    }

    static MaskOperand mhaKeyPadding(String op, Tensor kpm, int batch, int heads, int s) {
        if (kpm.dim() != 2 || kpm.size(0) != batch || kpm.size(1) != s) {
            throw new IllegalArgumentException(op + ": keyPaddingMask must be [batch, S] = [" + batch + ", " + s + "], got "
                    + Shape.format(kpm.shape()));
        }
        int[] offsets = new int[batch * heads];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) offsets[b * heads + h] = kpm.offset() + b * kpm.strides()[0];
        }
        return new MaskOperand(kpm, offsets, 0, kpm.strides()[1]);
    }

    // ------------------------------------------------------------------ strides

    /** Storage offsets of each group (C order over {@code lead}) for per-dim strides. */
    static int[] groupOffsets(int[] lead, int[] strides, int base) {
        int n = AttentionKernel.numel(lead);
        int[] out = new int[n];
        int[] idx = new int[lead.length];
        int off = base;
        for (int g = 0; g < n; g++) {
            out[g] = off;
            for (int d = lead.length - 1; d >= 0; d--) {
                off += strides[d];
                if (++idx[d] < lead[d]) break;
                off -= strides[d] * lead[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Strides reading {@code shape}/{@code strides} as the broadcast {@code target} (0 on broadcast dims). */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) out[i + shift] = shape[i] == 1 ? 0 : strides[i];
        return out;
    }
}
