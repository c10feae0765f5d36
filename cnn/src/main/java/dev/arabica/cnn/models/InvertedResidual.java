package dev.arabica.cnn.models;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;

/**
 * MobileNetV2's inverted residual block, torchvision's {@code InvertedResidual}: expand with a 1x1
 * convolution to {@code hidden = round(in * expandRatio)} channels (skipped when the ratio is 1),
 * filter with a depthwise 3x3 convolution carrying the stride, project linearly with a 1x1
 * convolution (no activation after it):
 * <pre>
 *   conv = [1x1 conv + bn + relu6] - 3x3 depthwise conv + bn + relu6 - 1x1 conv + bn
 *   y = x + conv(x)   if stride == 1 and in == out,   else conv(x)
 * </pre>
 * No convolution has a bias. State-dict names {@code conv.0.0.weight}, {@code conv.0.1.*}, ...,
 * as torchvision. Input {@code [N, in, H, W]}, output {@code [N, out, ceil(H / stride), ceil(W / stride)]}.
 */
public final class InvertedResidual extends Module {
    private final Sequential conv;
    private final boolean residual;

    /** As {@link #InvertedResidual(int, int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public InvertedResidual(int in, int out, int stride, int expandRatio) {
        this(in, out, stride, expandRatio, Generator.defaultGenerator());
    }

    /**
     * @param stride 1 or 2
     * @param expandRatio channel expansion of the hidden layer, >= 1
     */
    public InvertedResidual(int in, int out, int stride, int expandRatio, Generator gen) {
        if (stride != 1 && stride != 2) throw new IllegalArgumentException("InvertedResidual: stride must be 1 or 2, got " + stride);
        if (expandRatio < 1) throw new IllegalArgumentException("InvertedResidual: expandRatio must be >= 1, got " + expandRatio);
        int hidden = Math.round((float) in * expandRatio);
        residual = stride == 1 && in == out;
        Sequential s = new Sequential();
        if (expandRatio != 1) s.add(Layers.convBnAct(in, hidden, 1, 1, 1, new ReLU6(), gen));
        s.add(Layers.convBnAct(hidden, hidden, 3, stride, hidden, new ReLU6(), gen));
        s.add(Layers.conv(hidden, out, 1, 1, 0, 1, false, gen));
        s.add(new BatchNorm2d(out));
        conv = registerModule("conv", s);
    }

    /** Whether the block adds its input to its output. */
    public boolean hasResidual() {
        return residual;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = conv.forward(x);
        return residual ? x.add(y) : y;
    }
}
