package dev.arabica.cnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init;

/**
 * 2-D convolution layer, {@code torch.nn.Conv2d}: input {@code [N, C_in, H, W]} (or {@code [C_in, H, W]}),
 * output {@code [N, C_out, H_out, W_out]}, computed by {@link CnnFunctional#conv2d}. Parameters
 * {@code weight} {@code [C_out, C_in / groups, kH, kW]} and, unless {@code bias(false)}, {@code bias}
 * {@code [C_out]} (the state-dict names and layouts of PyTorch).
 *
 * <p>Initialised as PyTorch: the weight by {@code kaiming_uniform(a = sqrt(5))}, i.e.
 * {@code U(-b, b)} with {@code b = 1 / sqrt(fanIn)}, {@code fanIn = C_in / groups * kH * kW}, then the
 * bias from the same {@code U(-b, b)}; both drawn from {@code gen} in that order.
 *
 * <pre>{@code
 * var conv = new Conv2d(3, 64, 7, ConvOptions.DEFAULT.stride(2).padding(3).bias(false), gen);
 * }</pre>
 */
public class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final ConvOptions options;
    private final Tensor weight;
    private final Tensor bias;

    /** As {@link #Conv2d(int, int, int, int, ConvOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Conv2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, ConvOptions options) {
        this(inChannels, outChannels, kernelHeight, kernelWidth, options, Generator.defaultGenerator());
    }

    /**
     * @throws IllegalArgumentException if a channel count or kernel size is not positive, or the
     *     channel counts are not divisible by {@code options.groups()}
     */
    public Conv2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, ConvOptions options, Generator gen) {
        checkChannels("Conv2d", inChannels, outChannels, options.groups());
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("Conv2d: kernel size must be >= 1, got (" + kernelHeight + ", " + kernelWidth + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.options = options;
        this.weight = registerParameter("weight", Parameter.zeros(outChannels, inChannels / options.groups(), kernelHeight, kernelWidth));
        this.bias = options.bias() ? registerParameter("bias", Parameter.zeros(outChannels)) : null;
        initConv(weight, bias, gen);
    }

    /** As {@link #Conv2d(int, int, int, ConvOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options) {
        this(inChannels, outChannels, kernel, options, Generator.defaultGenerator());
    }

    /** A square {@code kernel x kernel} convolution with the given options. */
    public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options, Generator gen) {
        this(inChannels, outChannels, kernel, kernel, options, gen);
    }

    /** As {@link #Conv2d(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, Generator.defaultGenerator());
    }

    /** Stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, Generator gen) {
        this(inChannels, outChannels, kernel, kernel, ConvOptions.DEFAULT, gen);
    }

    static void checkChannels(String layer, int in, int out, int groups) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException(layer + ": channel counts must be >= 1, got in=" + in + ", out=" + out);
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": in=" + in + " and out=" + out + " channels must both be divisible by groups="
                    + groups);
        }
    }

    /** PyTorch's {@code _ConvNd.reset_parameters}: kaiming_uniform(a = sqrt(5)) weight, then the bias from U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    static void initConv(Tensor weight, Tensor bias, Generator gen) {
        Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, gen);
        if (bias != null) {
            int fanIn = Init.fans(weight).fanIn();
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform_(bias, -bound, bound, gen);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.conv2d(x, weight, bias, options);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null if the layer has none. */
    public Tensor bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    /** {@code {kH, kW}}. */
    public int[] kernelSize() {
        return new int[] {kernelHeight, kernelWidth};
    }

    public ConvOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + ConvOptions.pair(kernelHeight, kernelWidth) + ", " + options;
    }
}
