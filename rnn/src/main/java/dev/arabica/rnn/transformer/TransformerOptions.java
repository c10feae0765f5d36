package dev.arabica.rnn.transformer;

/**
 * The hyperparameters of a Transformer layer besides {@code dModel} and {@code nhead}, with
 * PyTorch 1.13's defaults ({@link #defaults()}): {@code dimFeedforward 2048}, {@code dropout 0.1},
 * {@code RELU}, {@code layerNormEps 1e-5}, {@code batchFirst false}, {@code normFirst false}.
 *
 * @param dimFeedforward hidden width of the feed-forward block ({@code linear1: dModel -> dimFeedforward})
 * @param dropout used after attention, inside and after the feed-forward block, and on the
 *     attention weights (as PyTorch passes it to its {@code MultiheadAttention})
 * @param batchFirst inputs {@code [B, L, dModel]} if true, else {@code [L, B, dModel]}
 * @param normFirst pre-norm ({@code x + f(norm(x))}) if true, else post-norm ({@code norm(x + f(x))})
 */
public record TransformerOptions(int dimFeedforward, double dropout, Activation activation, double layerNormEps,
                                 boolean batchFirst, boolean normFirst) {
    public TransformerOptions {
        if (dimFeedforward <= 0) throw new IllegalArgumentException("TransformerOptions: dimFeedforward must be positive, got " + dimFeedforward);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("TransformerOptions: dropout must be in [0, 1), got " + dropout);
        if (activation == null) throw new IllegalArgumentException("TransformerOptions: activation must not be null");
        if (!(layerNormEps >= 0)) throw new IllegalArgumentException("TransformerOptions: layerNormEps must be >= 0, got " + layerNormEps);
    }

    /** PyTorch's defaults. */
    public static TransformerOptions defaults() {
        return new TransformerOptions(2048, 0.1, Activation.RELU, 1e-5, false, false);
    }

    public TransformerOptions withDimFeedforward(int value) {
        return new TransformerOptions(value, dropout, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withDropout(double value) {
        return new TransformerOptions(dimFeedforward, value, activation, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withActivation(Activation value) {
        return new TransformerOptions(dimFeedforward, dropout, value, layerNormEps, batchFirst, normFirst);
    }

    public TransformerOptions withLayerNormEps(double value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, value, batchFirst, normFirst);
    }

    public TransformerOptions withBatchFirst(boolean value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, layerNormEps, value, normFirst);
    }

    public TransformerOptions withNormFirst(boolean value) {
        return new TransformerOptions(dimFeedforward, dropout, activation, layerNormEps, batchFirst, value);
    }
}
