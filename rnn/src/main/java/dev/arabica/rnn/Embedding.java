package dev.arabica.rnn;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, like
 * {@code torch.nn.Embedding}: {@code forward(indices)} maps int64 indices of any shape {@code [...]}
 * to {@code [..., embeddingDim]} with {@code out[..., :] = weight[indices[...], :]}.
 *
 * <p>Parameter {@code weight} {@code [numEmbeddings, embeddingDim]}, initialised from {@code N(0, 1)}
 * (drawn from the generator in C order); the {@code paddingIdx} row, if any, is initialised to zero
 * and never receives a gradient, so it stays as it is during training (a padding token's vector).
 * Gradients of repeated indices add up.
 */
public class Embedding extends Module {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;
    private final Tensor weight;

    /** As {@link #Embedding(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Generator.defaultGenerator());
    }

    /** {@code N(0, 1)} initialisation, no padding index. */
    public Embedding(int numEmbeddings, int embeddingDim, Generator gen) {
        this(numEmbeddings, embeddingDim, null, gen);
    }

    /** As {@link #Embedding(int, int, Integer, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Generator.defaultGenerator());
    }

    /**
     * @param paddingIdx the padding row (negative counts from the end), or null
     * @throws IllegalArgumentException for negative sizes or a padding index out of range
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator gen) {
        this(checkSizes(numEmbeddings, embeddingDim), embeddingDim, paddingIdx, (Tensor) null);
        Init.normal_(weight, 0, 1, gen);
        zeroPaddingRow();
    }

    private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Tensor values) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = normalize(paddingIdx, numEmbeddings);
        this.weight = registerParameter("weight",
                values == null ? Parameter.zeros(numEmbeddings, embeddingDim) : Parameter.of(values));
    }

    /**
     * An embedding holding a copy of {@code weights} ({@code [numEmbeddings, dim]}), like
     * {@code Embedding.from_pretrained}; with {@code freeze} the weight gets no gradient
     * ({@code requiresGrad_(false)}) and is left out of {@link #trainableParameters()}.
     */
    public static Embedding fromPretrained(Tensor weights, boolean freeze) {
        return fromPretrained(weights, freeze, null);
    }

    /** {@link #fromPretrained(Tensor, boolean)} with a padding index (its row is kept as given, as in PyTorch). */
    public static Embedding fromPretrained(Tensor weights, boolean freeze, Integer paddingIdx) {
        if (weights == null || weights.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: weights must be 2-D [numEmbeddings, dim], got "
                    + (weights == null ? "null" : "shape " + Shape.format(weights.shape())));
        }
        Embedding e = new Embedding(weights.size(0), weights.size(1), paddingIdx, weights);
        if (freeze) e.requiresGrad_(false);
        return e;
    }

    private static int checkSizes(int numEmbeddings, int embeddingDim) {
        if (numEmbeddings < 0 || embeddingDim < 0) {
            throw new IllegalArgumentException("Embedding: sizes must be >= 0, got numEmbeddings=" + numEmbeddings
                    + ", embeddingDim=" + embeddingDim);
        }
        return numEmbeddings;
    }

    private static Integer normalize(Integer paddingIdx, int num) {
        if (paddingIdx == null) return null;
        int p = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
        if (p < 0 || p >= num) {
            throw new IllegalArgumentException("Embedding: paddingIdx " + paddingIdx + " is outside [-" + num + ", " + num
                    + ") for " + num + " embeddings");
        }
        return p;
    }

    private void zeroPaddingRow() {
        if (paddingIdx == null) return;
        try (var scope = GradMode.noGrad()) {
            weight.select(0, paddingIdx).fill_(0f);
        }
    }

    /** {@code [..., embeddingDim]} for int64 {@code indices [...]}; see {@link RnnFunctional#embedding(Tensor, Tensor, Integer, boolean)}. */
    @Override
    public Tensor forward(Tensor indices) {
        return RnnFunctional.embedding(indices, weight, paddingIdx, false);
    }

    /** {@code [numEmbeddings, embeddingDim]}. */
    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    /** The padding row (normalized to {@code [0, numEmbeddings)}), or null. */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx == null ? "" : ", paddingIdx=" + paddingIdx);
    }
}
