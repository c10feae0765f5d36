package dev.arabica.cnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;

/**
 * 1-D convolution layer, {@code torch.nn.Conv1d}: input {@code [N, C_in, L]} (or {@code [C_in, L]}),
 * output {@code [N, C_out, L_out]}, computed by {@link CnnFunctional#conv1d}. Parameters
 * {@code weight} {@code [C_out, C_in / groups, K]} and, unless {@code bias(false)}, {@code bias}
 * {@code [C_out]}, initialised as {@link Conv2d} (fan-in {@code C_in / groups * K}). The options'
 * stride, padding and dilation must be single values ({@code ConvOptions.DEFAULT.stride(2).padding(1)}).
 */
public class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final ConvOptions options;
    private final Tensor weight;
    private final Tensor bias;

    /** As {@link #Conv1d(int, int, int, ConvOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options) {
        this(inChannels, outChannels, kernelSize, options, Generator.defaultGenerator());
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, ConvOptions options, Generator gen) {
        Conv2d.checkChannels("Conv1d", inChannels, outChannels, options.groups());
        if (kernelSize < 1) throw new IllegalArgumentException("Conv1d: kernel size must be >= 1, got " + kernelSize);
        Padding p = options.padding();
        if (options.strideHeight() != options.strideWidth() || options.dilationHeight() != options.dilationWidth()
                || p.height() != p.width()) {
            throw new IllegalArgumentException("Conv1d: stride, padding and dilation must be single values, got " + options);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.options = options;
        this.weight = registerParameter("weight", Parameter.zeros(outChannels, inChannels / options.groups(), kernelSize));
        this.bias = options.bias() ? registerParameter("bias", Parameter.zeros(outChannels)) : null;
        Conv2d.initConv(weight, bias, gen);
    }

    /** As {@link #Conv1d(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, Generator.defaultGenerator());
    }

    /** Stride 1, no padding, with bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Generator gen) {
        this(inChannels, outChannels, kernelSize, ConvOptions.DEFAULT, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.conv1d(x, weight, bias, options);
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

    public int kernelSize() {
        return kernelSize;
    }

    public ConvOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + kernelSize + ", stride=" + options.strideWidth()
                + ", padding=" + options.padding() + ", dilation=" + options.dilationWidth() + ", groups=" + options.groups()
                + ", bias=" + options.bias();
    }
}
