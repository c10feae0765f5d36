package dev.arabica.cnn.models;

import dev.arabica.cnn.MaxPool2d;
import dev.arabica.cnn.PoolOptions;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;
import java.util.List;

/**
 * An Inception module (GoogLeNet, Szegedy et al. 2014): four parallel branches over the same input,
 * concatenated along channels:
 * <pre>
 *   branch1: 1x1 conv (ch1x1)
 *   branch2: 1x1 conv (ch3x3red) - 3x3 conv (ch3x3)
 *   branch3: 1x1 conv (ch5x5red) - 5x5 conv (ch5x5)
 *   branch4: 3x3 max pool, stride 1, pad 1 - 1x1 conv (poolProj)
 *   y = cat(branch1, branch2, branch3, branch4)   [N, ch1x1 + ch3x3 + ch5x5 + poolProj, H, W]
 * </pre>
 * Every convolution is a {@link BasicConv2d} (conv + batch norm + ReLU) padded to keep
 * {@code H x W}. Names follow torchvision's {@code Inception} ({@code branch2.1.conv.weight}, ...);
 * unlike torchvision, whose third branch uses a 3x3 convolution, branch 3 has the paper's 5x5.
 * GoogLeNet's inception (3a) is {@code new InceptionModule(192, 64, 96, 128, 16, 32, 32, gen)}.
 */
public final class InceptionModule extends Module {
    private final Module branch1, branch2, branch3, branch4;
    private final int outChannels;

    /** As {@link #InceptionModule(int, int, int, int, int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public InceptionModule(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj) {
        this(in, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj, Generator.defaultGenerator());
    }

    public InceptionModule(int in, int ch1x1, int ch3x3red, int ch3x3, int ch5x5red, int ch5x5, int poolProj, Generator gen) {
        for (int c : new int[] {in, ch1x1, ch3x3red, ch3x3, ch5x5red, ch5x5, poolProj}) {
            if (c < 1) throw new IllegalArgumentException("InceptionModule: channel counts must be >= 1, got " + c);
        }
        branch1 = registerModule("branch1", new BasicConv2d(in, ch1x1, 1, gen));
        branch2 = registerModule("branch2", new Sequential(new BasicConv2d(in, ch3x3red, 1, gen), new BasicConv2d(ch3x3red, ch3x3, 3, gen)));
        branch3 = registerModule("branch3", new Sequential(new BasicConv2d(in, ch5x5red, 1, gen), new BasicConv2d(ch5x5red, ch5x5, 5, gen)));
        branch4 = registerModule("branch4", new Sequential(new MaxPool2d(PoolOptions.of(3).stride(1).padding(1).ceilMode(true)),
                new BasicConv2d(in, poolProj, 1, gen)));
        outChannels = ch1x1 + ch3x3 + ch5x5 + poolProj;
    }

    /** {@code ch1x1 + ch3x3 + ch5x5 + poolProj}. */
    public int outChannels() {
        return outChannels;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Tensor.cat(List.of(branch1.forward(x), branch2.forward(x), branch3.forward(x), branch4.forward(x)), 1);
    }
}
