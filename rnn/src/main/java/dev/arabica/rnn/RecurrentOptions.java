package dev.arabica.rnn;

/**
 * The hyperparameters of a multi-layer recurrent network ({@link RNN}, {@link LSTM}, {@link GRU}),
 * with PyTorch's names and defaults: {@code numLayers = 1}, {@code bias = true},
 * {@code batchFirst = false}, {@code dropout = 0}, {@code bidirectional = false}.
 *
 * <pre>{@code
 * var options = RecurrentOptions.of(65, 256).withNumLayers(2).withBatchFirst(true).withDropout(0.2);
 * }</pre>
 *
 * @param inputSize features per time step of the input ({@code >= 1})
 * @param hiddenSize features of the hidden state {@code H} ({@code >= 1})
 * @param numLayers stacked layers ({@code >= 1}); layer {@code k > 0} reads the output of layer {@code k - 1}
 * @param bias whether the layers have {@code bias_ih} and {@code bias_hh}
 * @param batchFirst input and output are {@code [B, T, features]} instead of {@code [T, B, features]}
 *     (initial and final states stay {@code [layers * directions, B, H]})
 * @param dropout probability of dropping an element of each layer's output except the last, in
 *     training mode only; in {@code [0, 1)}
 * @param bidirectional whether each layer also runs from the last step to the first
 */
public record RecurrentOptions(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst,
                               double dropout, boolean bidirectional) {
    public RecurrentOptions {
        if (inputSize < 1) throw new IllegalArgumentException("RecurrentOptions: inputSize must be >= 1, got " + inputSize);
        if (hiddenSize < 1) throw new IllegalArgumentException("RecurrentOptions: hiddenSize must be >= 1, got " + hiddenSize);
        if (numLayers < 1) throw new IllegalArgumentException("RecurrentOptions: numLayers must be >= 1, got " + numLayers);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("RecurrentOptions: dropout must be in [0, 1), got " + dropout);
        }
    }

    /** One unidirectional layer with bias, time-major, no dropout. */
    public static RecurrentOptions of(int inputSize, int hiddenSize) {
        return new RecurrentOptions(inputSize, hiddenSize, 1, true, false, 0, false);
    }

    public RecurrentOptions withNumLayers(int numLayers) {
        return new RecurrentOptions(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public RecurrentOptions withBias(boolean bias) {
        return new RecurrentOptions(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public RecurrentOptions withBatchFirst(boolean batchFirst) {
        return new RecurrentOptions(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public RecurrentOptions withDropout(double dropout) {
        return new RecurrentOptions(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public RecurrentOptions withBidirectional(boolean bidirectional) {
        return new RecurrentOptions(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    /** 2 if bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Input features of layer {@code layer}: {@code inputSize} for layer 0, {@code directions * hiddenSize} above. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : directions() * hiddenSize;
    }
}
