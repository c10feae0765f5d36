package dev.arabica.nn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.init.Init;

/**
 * Fully connected layer {@code y = x W^T + b}: input {@code [..., inFeatures]}, output
 * {@code [..., outFeatures]}, weight {@code [outFeatures, inFeatures]}, bias {@code [outFeatures]}.
 *
 * <p>Initialised like PyTorch: weight by {@code kaiming_uniform(a = sqrt(5))}, i.e.
 * {@code U(-1/sqrt(in), 1/sqrt(in))}, then bias from the same {@code U(-1/sqrt(in), 1/sqrt(in))};
 * both drawn from {@code gen} in that order.
 */
public class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** As {@link #Linear(int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        this(inFeatures, outFeatures, bias, Generator.defaultGenerator());
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Parameter.zeros(outFeatures, inFeatures));
        Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, gen);
        if (bias) {
            this.bias = registerParameter("bias", Parameter.zeros(outFeatures));
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform_(this.bias, -bound, bound, gen);
        } else {
            this.bias = null;
        }
    }

    /** As {@link #Linear(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, Generator.defaultGenerator());
    }

    /** With bias. */
    public Linear(int inFeatures, int outFeatures, Generator gen) {
        this(inFeatures, outFeatures, true, gen);
    }

    /** The weight parameter, {@code [outFeatures, inFeatures]}. */
    public Tensor weight() {
        return weight;
    }

    /** The bias, or null if the layer has none. */
    public Tensor bias() {
        return bias;
    }

    /** Size of the last input dim. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Size of the last output dim. */
    public int outFeatures() {
        return outFeatures;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.linear(weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "inFeatures=" + inFeatures + ", outFeatures=" + outFeatures + ", bias=" + (bias != null);
    }
}
