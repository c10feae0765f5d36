package dev.arabica.cnn.models;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;

/**
 * ResNet's bottleneck block (ResNet-50 and deeper), torchvision's {@code Bottleneck} (v1.5: the
 * stride is on the 3x3 convolution):
 * <pre>
 *   y = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x))
 * </pre>
 * {@code conv1} 1x1 to {@code planes}, {@code conv2} 3x3 with the stride, {@code conv3} 1x1 to
 * {@code 4 planes}, all without bias; the shortcut is the identity or a projection {@code downsample}
 * (1x1 convolution with the stride + batch norm). Output {@code [N, 4 planes, ceil(H / stride), ceil(W / stride)]}.
 */
public final class Bottleneck extends Module {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 4;

    private final Module conv1, bn1, conv2, bn2, conv3, bn3;
    private final Module downsample;

    /** As {@link #Bottleneck(int, int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public Bottleneck(int inChannels, int planes, int stride, boolean downsample) {
        this(inChannels, planes, stride, downsample, Generator.defaultGenerator());
    }

    /**
     * @param downsample whether to use a projection shortcut (needed when {@code stride != 1} or
     *     {@code inChannels != 4 planes})
     */
    public Bottleneck(int inChannels, int planes, int stride, boolean downsample, Generator gen) {
        int out = planes * EXPANSION;
        if (!downsample && (stride != 1 || inChannels != out)) {
            throw new IllegalArgumentException("Bottleneck: an identity shortcut needs stride 1 and inChannels == 4 planes, got stride "
                    + stride + ", " + inChannels + " -> " + out);
        }
        conv1 = registerModule("conv1", Layers.conv(inChannels, planes, 1, 1, 0, 1, false, gen));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", Layers.conv(planes, planes, 3, stride, 1, 1, false, gen));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        conv3 = registerModule("conv3", Layers.conv(planes, out, 1, 1, 0, 1, false, gen));
        bn3 = registerModule("bn3", new BatchNorm2d(out));
        this.downsample = downsample ? registerModule("downsample",
                new Sequential(Layers.conv(inChannels, out, 1, stride, 0, 1, false, gen), new BatchNorm2d(out))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = bn1.forward(conv1.forward(x)).relu();
        out = bn2.forward(conv2.forward(out)).relu();
        out = bn3.forward(conv3.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return out.add(identity).relu();
    }
}
