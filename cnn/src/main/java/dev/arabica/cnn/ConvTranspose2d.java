package dev.arabica.cnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;

/**
 * 2-D transposed convolution layer, {@code torch.nn.ConvTranspose2d} (the upsampling step of a U-Net
 * decoder): input {@code [N, C_in, H, W]}, output {@code [N, C_out, H_out, W_out]} with
 * {@code H_out = (H - 1) * stride - 2 * padding + dilation * (kH - 1) + outputPadding + 1}, computed by
 * {@link CnnFunctional#convTranspose2d}. Parameters {@code weight} {@code [C_in, C_out / groups, kH, kW]}
 * (PyTorch's layout) and, unless {@code bias(false)}, {@code bias} {@code [C_out]}.
 *
 * <p>Initialised as PyTorch: kaiming_uniform(a = sqrt(5)) with PyTorch's fan-in of this weight
 * layout, {@code C_out / groups * kH * kW}, and the bias from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))};
 * drawn from {@code gen} in that order.
 */
public class ConvTranspose2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final ConvTransposeOptions options;
    private final Tensor weight;
    private final Tensor bias;

    /** As {@link #ConvTranspose2d(int, int, int, int, ConvTransposeOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, ConvTransposeOptions options) {
        this(inChannels, outChannels, kernelHeight, kernelWidth, options, Generator.defaultGenerator());
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernelHeight, int kernelWidth, ConvTransposeOptions options,
                           Generator gen) {
        Conv2d.checkChannels("ConvTranspose2d", inChannels, outChannels, options.groups());
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("ConvTranspose2d: kernel size must be >= 1, got (" + kernelHeight + ", " + kernelWidth + ")");
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.options = options;
        this.weight = registerParameter("weight", Parameter.zeros(inChannels, outChannels / options.groups(), kernelHeight, kernelWidth));
        this.bias = options.bias() ? registerParameter("bias", Parameter.zeros(outChannels)) : null;
        Conv2d.initConv(weight, bias, gen);
    }

    /** As {@link #ConvTranspose2d(int, int, int, ConvTransposeOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, ConvTransposeOptions options) {
        this(inChannels, outChannels, kernel, options, Generator.defaultGenerator());
    }

    public ConvTranspose2d(int inChannels, int outChannels, int kernel, ConvTransposeOptions options, Generator gen) {
        this(inChannels, outChannels, kernel, kernel, options, gen);
    }

    /** As {@link #ConvTranspose2d(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, Generator.defaultGenerator());
    }

    /** Stride 1, no padding, with bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, Generator gen) {
        this(inChannels, outChannels, kernel, kernel, ConvTransposeOptions.DEFAULT, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return CnnFunctional.convTranspose2d(x, weight, bias, options);
    }

    /**
     * The forward pass with the output padding chosen so that the output is {@code outputSize}
     * ({@code {H_out, W_out}}), as PyTorch's {@code forward(input, output_size)}.
     *
     * @throws IllegalArgumentException if no output padding in {@code [0, max(stride, dilation))} gives that size
     */
    public Tensor forward(Tensor x, int[] outputSize) {
        if (outputSize == null || outputSize.length != 2) {
            throw new IllegalArgumentException("ConvTranspose2d: output size must be {H, W}, got "
                    + (outputSize == null ? "null" : Shape.format(outputSize)));
        }
        if (x.dim() < 3) {
            throw new IllegalArgumentException("ConvTranspose2d: input of shape " + Shape.format(x.shape()) + " must be 4-D [N, C, H, W]");
        }
        int h = x.size(-2), w = x.size(-1);
        int opH = outputSize[0] - minSize(h, options.strideHeight(), options.paddingHeight(), options.dilationHeight(), kernelHeight);
        int opW = outputSize[1] - minSize(w, options.strideWidth(), options.paddingWidth(), options.dilationWidth(), kernelWidth);
        if (opH < 0 || opW < 0 || opH >= Math.max(options.strideHeight(), options.dilationHeight())
                || opW >= Math.max(options.strideWidth(), options.dilationWidth())) {
            throw new IllegalArgumentException("ConvTranspose2d: requested output size " + Shape.format(outputSize) + " is not reachable from input "
                    + Shape.format(x.shape()) + " with " + options);
        }
        return CnnFunctional.convTranspose2d(x, weight, bias, options.outputPadding(opH, opW));
    }

    private static int minSize(int in, int stride, int pad, int dilation, int kernel) {
        return (in - 1) * stride - 2 * pad + dilation * (kernel - 1) + 1;
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

    public ConvTransposeOptions options() {
        return options;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernelSize=" + ConvOptions.pair(kernelHeight, kernelWidth) + ", " + options;
    }
}
