package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Which query-key pairs an attention may use: up to three masks that combine (a pair is used only
 * if every mask allows it). All masks are constants: no gradient flows into them.
 *
 * <ul>
 *   <li>{@code attnMask}: per query and key, broadcastable to the scores {@code [..., L, S]}
 *       ({@link MultiheadAttention}: {@code [L, S]} or {@code [batch * heads, L, S]}). An
 *       <b>int64</b> mask follows PyTorch's {@code nn.MultiheadAttention} boolean convention:
 *       <b>nonzero = NOT allowed</b> (the score becomes {@code -inf}). A <b>float32</b> mask is
 *       <b>added</b> to the scaled scores (use {@code -inf} to forbid, e.g.
 *       {@link #squareSubsequentMask}). Note that {@code torch.nn.functional.scaled_dot_product_attention}
 *       of PyTorch 2.x reads a boolean mask the other way round (True = allowed); Arabica uses the
 *       {@code MultiheadAttention} convention everywhere, as the golden cases do.</li>
 *   <li>{@code keyPaddingMask}: {@code [batch, S]} (or {@code [S]} for unbatched inputs), int64
 *       <b>nonzero = padding</b> (that key is ignored by every query of that batch entry), or float32
 *       added to the scores.</li>
 *   <li>{@code causal}: query {@code i} may attend key {@code j} only if {@code j <= i} (aligned at
 *       the top left, as PyTorch 2's {@code is_causal}; for {@code L == S} the usual
 *       subsequent mask). Nothing is materialised.</li>
 * </ul>
 *
 * <p><b>Fully masked rows.</b> A query that may attend no key gets NaN weights and a NaN output, as
 * in PyTorch 1.13 (softmax over only {@code -inf}); the first occurrence in a JVM is logged as a
 * warning. Avoid such rows (e.g. pad on the right, never mask a query's every key).
 */
public record AttentionMask(Tensor attnMask, Tensor keyPaddingMask, boolean causal) {
    /** No masking. */
    public static final AttentionMask NONE = new AttentionMask(null, null, false);

    public AttentionMask {
        checkDtype("attnMask", attnMask);
        checkDtype("keyPaddingMask", keyPaddingMask);
    }

    private static void checkDtype(String what, Tensor t) {
        if (t != null && t.dtype() != DType.INT64 && t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("AttentionMask: " + what + " must be int64 (nonzero = masked) or float32 (added), got "
                    + t.dtype() + " of shape " + Shape.format(t.shape()));
        }
    }

    /** Only the causal constraint. */
    public static AttentionMask causalMask() {
        return new AttentionMask(null, null, true);
    }

    /** Only {@code attnMask} (int64 nonzero = not allowed, or float32 added). */
    public static AttentionMask of(Tensor attnMask) {
        return new AttentionMask(attnMask, null, false);
    }

    /** Only a key padding mask {@code [batch, S]} (int64 nonzero = padding). */
    public static AttentionMask keyPadding(Tensor keyPaddingMask) {
        return new AttentionMask(null, keyPaddingMask, false);
    }

    public AttentionMask withAttnMask(Tensor mask) {
        return new AttentionMask(mask, keyPaddingMask, causal);
    }

    public AttentionMask withKeyPadding(Tensor mask) {
        return new AttentionMask(attnMask, mask, causal);
    }

    public AttentionMask withCausal(boolean isCausal) {
        return new AttentionMask(attnMask, keyPaddingMask, isCausal);
    }

    /** True if nothing is masked. */
    public boolean isEmpty() {
        return attnMask == null && keyPaddingMask == null && !causal;
    }

    /**
     * PyTorch's {@code nn.Transformer.generate_square_subsequent_mask(n)}: a float32 {@code [n, n]}
     * mask with {@code -inf} above the diagonal and 0 elsewhere (added to the scores).
     */
    public static Tensor squareSubsequentMask(int n) {
        if (n < 0) throw new IllegalArgumentException("squareSubsequentMask: size must be >= 0, got " + n);
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) m[i * n + j] = Float.NEGATIVE_INFINITY;
        }
        return Tensor.wrap(m, n, n);
    }

    /**
     * The int64 causal mask {@code [l, s]}: 1 (not allowed) where {@code j > i}, i.e. PyTorch's
     * {@code torch.ones(l, s, dtype=bool).triu(1)}.
     */
    public static Tensor causalBoolMask(int l, int s) {
        if (l < 0 || s < 0) throw new IllegalArgumentException("causalBoolMask: sizes must be >= 0, got " + l + ", " + s);
        long[] m = new long[l * s];
        for (int i = 0; i < l; i++) {
            for (int j = i + 1; j < s; j++) m[i * s + j] = 1;
        }
        return Tensor.wrapLongs(m, l, s);
    }
}
