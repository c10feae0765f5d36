package dev.arabica.cnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;

/**
 * Depthwise-separable convolution (MobileNet): a depthwise {@code kernel x kernel} convolution
 * ({@code groups = inChannels}, one filter per channel) followed by a pointwise 1x1 convolution
 * mixing the channels. Children {@code depthwise} ({@link Conv2d} {@code in -> in}) and
 * {@code pointwise} ({@link Conv2d} {@code in -> out}); state-dict names
 * {@code depthwise.weight}, {@code depthwise.bias}, {@code pointwise.weight}, {@code pointwise.bias}.
 * Costs {@code in * k^2 + in * out} weights instead of {@code in * out * k^2}.
 */
public class DepthwiseSeparableConv2d extends Module {
    private final Conv2d depthwise;
    private final Conv2d pointwise;

    /** As {@link #DepthwiseSeparableConv2d(int, int, int, ConvOptions, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernel, ConvOptions depthwiseOptions) {
        this(inChannels, outChannels, kernel, depthwiseOptions, Generator.defaultGenerator());
    }

    /**
     * @param depthwiseOptions stride, padding and dilation of the depthwise step; its groups must be
     *     left at 1 (or be {@code inChannels}): the layer sets them. Its bias flag applies to both steps.
     */
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernel, ConvOptions depthwiseOptions, Generator gen) {
        if (depthwiseOptions.groups() != 1 && depthwiseOptions.groups() != inChannels) {
            throw new IllegalArgumentException("DepthwiseSeparableConv2d: groups are set to inChannels=" + inChannels
                    + "; leave them at 1, got " + depthwiseOptions.groups());
        }
        if (outChannels < 1) throw new IllegalArgumentException("DepthwiseSeparableConv2d: out channels must be >= 1, got " + outChannels);
        this.depthwise = registerModule("depthwise", new Conv2d(inChannels, inChannels, kernel, depthwiseOptions.groups(inChannels), gen));
        this.pointwise = registerModule("pointwise", new Conv2d(inChannels, outChannels, 1,
                ConvOptions.DEFAULT.bias(depthwiseOptions.bias()), gen));
    }

    /** As {@link #DepthwiseSeparableConv2d(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, Generator.defaultGenerator());
    }

    /** Depthwise stride 1, no padding, with biases. */
    public DepthwiseSeparableConv2d(int inChannels, int outChannels, int kernel, Generator gen) {
        this(inChannels, outChannels, kernel, ConvOptions.DEFAULT, gen);
    }

    @Override
    public Tensor forward(Tensor x) {
        return pointwise.forward(depthwise.forward(x));
    }

    public Conv2d depthwise() {
        return depthwise;
    }

    public Conv2d pointwise() {
        return pointwise;
    }
}
