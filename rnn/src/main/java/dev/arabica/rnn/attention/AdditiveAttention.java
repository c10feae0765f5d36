package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;

/**
 * Additive (Bahdanau) attention for sequence-to-sequence models: a decoder state {@code s} scores
 * every encoder state {@code h_j} with a one-hidden-layer network,
 * <pre>
 *   e_j     = v^T tanh(W_q s + W_k h_j + b)        (the "W [s; h_j]" form with W = [W_q  W_k])
 *   alpha_j = softmax_j(e_j)                       (padded keys get weight 0)
 *   context = sum_j alpha_j value_j
 * </pre>
 * (Bahdanau et al. 2015, eq. 6 and the "W1 h + W2 s" form of the TensorFlow NMT tutorial; the
 * course's date-translation notebook scores {@code [s; h_j]} with two Dense layers, tanh then ReLU,
 * which is a variant of the same idea.)
 *
 * <p>Parameters: {@code query_proj.weight [hidden, queryDim]} (W_q, no bias),
 * {@code key_proj.weight [hidden, keyDim]} and {@code key_proj.bias [hidden]} (W_k and b),
 * {@code v.weight [1, hidden]}. Initialised like {@link Linear} layers.
 *
 * <p>Shapes: query {@code [B, queryDim]} (one decoder step) or {@code [B, T, queryDim]} (T steps
 * at once); keys {@code [B, S, keyDim]}; values {@code [B, S, valueDim]}; key padding mask
 * {@code [B, S]} (int64, nonzero = padding) or null. Context {@code [B, valueDim]} or
 * {@code [B, T, valueDim]}; weights {@code [B, S]} or {@code [B, T, S]}. Built from differentiable
 * Tensor ops. When decoding step by step, project the keys once with {@link #projectKeys} and call
 * {@link #attend}.
 */
public class AdditiveAttention extends Module {
    private final int queryDim;
    private final int keyDim;
    private final int hidden;
    private final Linear queryProj;
    private final Linear keyProj;
    private final Linear v;

    /** As {@link #AdditiveAttention(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public AdditiveAttention(int queryDim, int keyDim, int hidden) {
        this(queryDim, keyDim, hidden, Generator.defaultGenerator());
    }

    public AdditiveAttention(int queryDim, int keyDim, int hidden, Generator gen) {
        if (queryDim <= 0 || keyDim <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("AdditiveAttention: dimensions must be positive, got queryDim=" + queryDim + ", keyDim="
                    + keyDim + ", hidden=" + hidden);
        }
        this.queryDim = queryDim;
        this.keyDim = keyDim;
        this.hidden = hidden;
        this.queryProj = registerModule("query_proj", new Linear(queryDim, hidden, false, gen));
        this.keyProj = registerModule("key_proj", new Linear(keyDim, hidden, true, gen));
        this.v = registerModule("v", new Linear(hidden, 1, false, gen));
    }

    /** Context and weights; see the class comment. */
    public Attention.Result forward(Tensor query, Tensor keys, Tensor values, Tensor keyPaddingMask) {
        checkKeys(keys, values);
        return attend(query, projectKeys(keys), values, keyPaddingMask);
    }

    /** {@code W_k h_j + b} for every key: {@code [B, S, hidden]}, reusable across decoder steps. */
    public Tensor projectKeys(Tensor keys) {
        if (keys.dtype() != DType.FLOAT32 || keys.dim() != 3 || keys.size(2) != keyDim) {
            throw new IllegalArgumentException("AdditiveAttention: keys must be float32 [B, S, " + keyDim + "], got "
                    + keys.dtype() + " " + Shape.format(keys.shape()));
        }
        return keyProj.forward(keys);
    }

    /** Attention with keys already projected by {@link #projectKeys}. */
    public Attention.Result attend(Tensor query, Tensor projectedKeys, Tensor values, Tensor keyPaddingMask) {
        boolean steps = query.dim() == 3;
        if (query.dtype() != DType.FLOAT32 || (query.dim() != 2 && !steps) || query.size(query.dim() - 1) != queryDim) {
            throw new IllegalArgumentException("AdditiveAttention: query must be float32 [B, " + queryDim + "] or [B, T, "
                    + queryDim + "], got " + query.dtype() + " " + Shape.format(query.shape()));
        }
        int batch = query.size(0), s = projectedKeys.size(1);
        if (projectedKeys.dim() != 3 || projectedKeys.size(0) != batch || projectedKeys.size(2) != hidden
                || values.dim() != 3 || values.size(0) != batch || values.size(1) != s) {
            throw new IllegalArgumentException("AdditiveAttention: query " + Shape.format(query.shape()) + ", projected keys "
                    + Shape.format(projectedKeys.shape()) + " and values " + Shape.format(values.shape())
                    + " must agree on the batch size B and the number of keys S ([B, S, " + hidden + "] and [B, S, valueDim])");
        }
        Tensor q = queryProj.forward(steps ? query : query.unsqueeze(1)).unsqueeze(2);   // [B, T, 1, hidden]
        Tensor energy = q.add(projectedKeys.unsqueeze(1)).tanh();                       // [B, T, S, hidden]
        Tensor scores = v.forward(energy).squeeze(3);                                   // [B, T, S]
        if (keyPaddingMask != null) {
            if (keyPaddingMask.dim() != 2 || keyPaddingMask.size(0) != batch || keyPaddingMask.size(1) != s) {
                throw new IllegalArgumentException("AdditiveAttention: keyPaddingMask must be [B, S] = [" + batch + ", " + s + "], got "
                        + Shape.format(keyPaddingMask.shape()));
            }
            if (keyPaddingMask.dtype() != DType.INT64) {
                throw new IllegalArgumentException("AdditiveAttention: keyPaddingMask must be int64 (nonzero = padding), got "
                        + keyPaddingMask.dtype());
            }
            scores = scores.maskedFill(keyPaddingMask.unsqueeze(1), Float.NEGATIVE_INFINITY);
        }
        Tensor weights = scores.softmax(-1);                                             // [B, T, S]
        Tensor context = weights.matmul(values);                                         // [B, T, valueDim]
        return steps ? new Attention.Result(context, weights)
                : new Attention.Result(context.squeeze(1), weights.squeeze(1));
    }

    /** Every step of {@code x [B, T, d]} attends over {@code x} itself (needs {@code queryDim == keyDim}); returns the context. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null).output();
    }

    private void checkKeys(Tensor keys, Tensor values) {
        if (values.dtype() != DType.FLOAT32 || values.dim() != 3) {
            throw new IllegalArgumentException("AdditiveAttention: values must be float32 [B, S, valueDim], got " + values.dtype()
                    + " " + Shape.format(values.shape()));
        }
    }

    public int hidden() {
        return hidden;
    }

    @Override
    protected String extraRepr() {
        return "queryDim=" + queryDim + ", keyDim=" + keyDim + ", hidden=" + hidden;
    }
}
