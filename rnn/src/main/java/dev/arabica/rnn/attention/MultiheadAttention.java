package dev.arabica.rnn.attention;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init;

/**
 * Multi-head attention as PyTorch 1.13's {@code nn.MultiheadAttention}; the math and shapes are in
 * {@link Attention#multiHeadAttention}. With {@code E = embedDim} and {@code H = numHeads}
 * ({@code E % H == 0}, head dim {@code E / H}, scores scaled by {@code 1 / sqrt(E / H)}):
 *
 * <p>Parameters and {@code stateDict} names exactly as PyTorch, so state dicts move between the two:
 * <ul>
 *   <li>{@code in_proj_weight [3E, E]} (rows q, k, v) when {@code kdim == vdim == E}; otherwise
 *       {@code q_proj_weight [E, E]}, {@code k_proj_weight [E, kdim]}, {@code v_proj_weight [E, vdim]};</li>
 *   <li>{@code in_proj_bias [3E]} and {@code out_proj.bias [E]} when {@code bias};</li>
 *   <li>{@code bias_k}, {@code bias_v} {@code [1, 1, E]} with {@code addBiasKv};</li>
 *   <li>{@code out_proj.weight [E, E]}.</li>
 * </ul>
 * Initialisation as PyTorch: {@code out_proj} like a {@link Linear}, then the in-projection
 * weights Xavier-uniform, both biases zero, {@code bias_k} and {@code bias_v} Xavier-normal (all
 * drawn from the given generator).
 *
 * <p>Dropout on the attention weights applies in training mode only, with masks from this module's
 * own generator ({@link #generator()}), seeded from the constructor's generator.
 */
public class MultiheadAttention extends Module {
    private final int embedDim;
    private final int numHeads;
    private final int kdim;
    private final int vdim;
    private final double dropout;
    private final boolean batchFirst;
    private final Tensor inProjWeight;
    private final Tensor qProjWeight;
    private final Tensor kProjWeight;
    private final Tensor vProjWeight;
    private final Tensor inProjBias;
    private final Tensor biasK;
    private final Tensor biasV;
    private final boolean addZeroAttn;
    private final Linear outProj;
    private final Generator dropoutGenerator;

    /** As {@link #MultiheadAttention(int, int, double, boolean, boolean, boolean, int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn, int kdim, int vdim, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, addBiasKv, addZeroAttn, kdim, vdim, batchFirst, Generator.defaultGenerator());
    }

    /**
     * @param embedDim E, the model dimension (query features and output features)
     * @param numHeads H; must divide E
     * @param dropout probability of dropping an attention weight in training, in [0, 1)
     * @param bias whether the in- and out-projections have biases
     * @param addBiasKv append a learned key and value ({@code bias_k}, {@code bias_v}) to every key/value sequence
     * @param addZeroAttn append a zero key and value to every key/value sequence
     * @param kdim key features (E in the usual case)
     * @param vdim value features (E in the usual case)
     * @param batchFirst inputs {@code [B, L, E]} if true, else {@code [L, B, E]}
     * @param gen draws the initial weights and the seed of the dropout generator
     */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, boolean addBiasKv, boolean addZeroAttn,
                              int kdim, int vdim, boolean batchFirst, Generator gen) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embedDim (" + embedDim + ") must be positive and divisible by numHeads ("
                    + numHeads + ")");
        }
        if (kdim <= 0 || vdim <= 0) {
            throw new IllegalArgumentException("MultiheadAttention: kdim and vdim must be positive, got " + kdim + ", " + vdim);
        }
        Attention.checkDropout("MultiheadAttention", dropout, gen);
        if (gen == null) throw new IllegalArgumentException("MultiheadAttention: generator must not be null");
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.kdim = kdim;
        this.vdim = vdim;
        this.dropout = dropout;
        this.batchFirst = batchFirst;
        Linear out = new Linear(embedDim, embedDim, bias, gen);
        if (kdim == embedDim && vdim == embedDim) {
            inProjWeight = registerParameter("in_proj_weight", Parameter.zeros(3 * embedDim, embedDim));
            qProjWeight = kProjWeight = vProjWeight = null;
            Init.xavierUniform_(inProjWeight, 1.0, gen);
        } else {
            inProjWeight = null;
            qProjWeight = registerParameter("q_proj_weight", Parameter.zeros(embedDim, embedDim));
            kProjWeight = registerParameter("k_proj_weight", Parameter.zeros(embedDim, kdim));
            vProjWeight = registerParameter("v_proj_weight", Parameter.zeros(embedDim, vdim));
            Init.xavierUniform_(qProjWeight, 1.0, gen);
            Init.xavierUniform_(kProjWeight, 1.0, gen);
            Init.xavierUniform_(vProjWeight, 1.0, gen);
        }
        inProjBias = bias ? registerParameter("in_proj_bias", Parameter.zeros(3 * embedDim)) : null;
        if (bias) Init.zeros_(out.bias());
        if (addBiasKv) {
            biasK = registerParameter("bias_k", Parameter.zeros(1, 1, embedDim));
            biasV = registerParameter("bias_v", Parameter.zeros(1, 1, embedDim));
            Init.xavierNormal_(biasK, 1.0, gen);
            Init.xavierNormal_(biasV, 1.0, gen);
        } else {
            biasK = biasV = null;
        }
        this.addZeroAttn = addZeroAttn;
        outProj = registerModule("out_proj", out);
        dropoutGenerator = new Generator(gen.nextLong());
    }

    /** As {@link #MultiheadAttention(int, int, double, boolean, int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim, boolean batchFirst) {
        this(embedDim, numHeads, dropout, bias, kdim, vdim, batchFirst, Generator.defaultGenerator());
    }

    /** Without {@code add_bias_kv} and {@code add_zero_attn}. */
    public MultiheadAttention(int embedDim, int numHeads, double dropout, boolean bias, int kdim, int vdim,
                              boolean batchFirst, Generator gen) {
        this(embedDim, numHeads, dropout, bias, false, false, kdim, vdim, batchFirst, gen);
    }

    /** As {@link #MultiheadAttention(int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public MultiheadAttention(int embedDim, int numHeads, boolean batchFirst) {
        this(embedDim, numHeads, batchFirst, Generator.defaultGenerator());
    }

    /** Bias, no dropout, {@code kdim = vdim = embedDim}. */
    public MultiheadAttention(int embedDim, int numHeads, boolean batchFirst, Generator gen) {
        this(embedDim, numHeads, 0.0, true, embedDim, embedDim, batchFirst, gen);
    }

    /** Self-attention {@code forward(x, x, x)} without masks; returns the output only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, AttentionMask.NONE, false, true).output();
    }

    /** The output only, without masks. */
    public Tensor forward(Tensor query, Tensor key, Tensor value) {
        return forward(query, key, value, AttentionMask.NONE, false, true).output();
    }

    /**
     * The attention output and, if {@code needWeights}, its weights (averaged over heads
     * {@code [B, L, S]} if {@code averageAttnWeights}, else {@code [B, H, L, S]}); see
     * {@link Attention#multiHeadAttention}. Pass the same tensor as query, key and value for
     * self-attention (one projection GEMM).
     */
    public Attention.Result forward(Tensor query, Tensor key, Tensor value, AttentionMask mask, boolean needWeights,
                                    boolean averageAttnWeights) {
        return Attention.multiHeadAttention(query, key, value, numHeads, projections(), mask, batchFirst, needWeights,
                averageAttnWeights, isTraining() ? dropout : 0.0, dropoutGenerator);
    }

    /** The current weights as {@link AttentionProjections} (live parameters, not copies). */
    public AttentionProjections projections() {
        return new AttentionProjections(inProjWeight, qProjWeight, kProjWeight, vProjWeight, inProjBias, outProj.weight(),
                outProj.bias(), biasK, biasV, addZeroAttn);
    }

    /** The generator of the dropout masks (its state belongs in a checkpoint for an exact resume). */
    public Generator generator() {
        return dropoutGenerator;
    }

    public int embedDim() {
        return embedDim;
    }

    public int numHeads() {
        return numHeads;
    }

    public int headDim() {
        return embedDim / numHeads;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public double dropout() {
        return dropout;
    }

    public Linear outProj() {
        return outProj;
    }

    /** {@code in_proj_weight}, or null when the projections are separate. */
    public Tensor inProjWeight() {
        return inProjWeight;
    }

    /** {@code in_proj_bias}, or null without bias. */
    public Tensor inProjBias() {
        return inProjBias;
    }

    @Override
    protected String extraRepr() {
        return "embedDim=" + embedDim + ", numHeads=" + numHeads + ", dropout=" + dropout + ", batchFirst=" + batchFirst
                + (kdim != embedDim || vdim != embedDim ? ", kdim=" + kdim + ", vdim=" + vdim : "")
                + (biasK != null ? ", addBiasKv=true" : "") + (addZeroAttn ? ", addZeroAttn=true" : "");
    }
}
