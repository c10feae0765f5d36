package dev.arabica.cnn.models;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;

/**
 * ResNet's basic block (ResNet-18/34), torchvision's {@code BasicBlock}:
 * <pre>
 *   y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
 * </pre>
 * {@code conv1} 3x3 with the block's stride, {@code conv2} 3x3, both without bias. The shortcut is
 * the identity when the shape is kept, else a projection {@code downsample} = 1x1 convolution with
 * the stride + batch norm. Input {@code [N, C_in, H, W]}, output
 * {@code [N, planes, ceil(H / stride), ceil(W / stride)]}. State-dict names: {@code conv1.weight},
 * {@code bn1.*}, {@code conv2.weight}, {@code bn2.*}, {@code downsample.0.weight}, {@code downsample.1.*}.
 */
public final class BasicBlock extends Module {
    /** Output channels per {@code planes}. */
    public static final int EXPANSION = 1;

    private final Module conv1, bn1, conv2, bn2;
    private final Module downsample;

    /** As {@link #BasicBlock(int, int, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public BasicBlock(int inChannels, int planes, int stride, boolean downsample) {
        this(inChannels, planes, stride, downsample, Generator.defaultGenerator());
    }

    /**
     * @param downsample whether to use a projection shortcut (needed when {@code stride != 1} or
     *     {@code inChannels != planes})
     */
    public BasicBlock(int inChannels, int planes, int stride, boolean downsample, Generator gen) {
        if (!downsample && (stride != 1 || inChannels != planes)) {
            throw new IllegalArgumentException("BasicBlock: an identity shortcut needs stride 1 and inChannels == planes, got stride "
                    + stride + ", " + inChannels + " -> " + planes);
        }
        conv1 = registerModule("conv1", Layers.conv(inChannels, planes, 3, stride, 1, 1, false, gen));
        bn1 = registerModule("bn1", new BatchNorm2d(planes));
        conv2 = registerModule("conv2", Layers.conv(planes, planes, 3, 1, 1, 1, false, gen));
        bn2 = registerModule("bn2", new BatchNorm2d(planes));
        this.downsample = downsample ? registerModule("downsample",
                new Sequential(Layers.conv(inChannels, planes, 1, stride, 0, 1, false, gen), new BatchNorm2d(planes))) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = bn1.forward(conv1.forward(x)).relu();
        out = bn2.forward(conv2.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return out.add(identity).relu();
    }
}
