package dev.arabica.benchmarks;

import dev.arabica.cnn.AdaptiveAvgPool2d;
import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.cnn.PoolOptions;
import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;

/**
 * R18: the inference latency of a ResNet-18-shaped network (torchvision's layer sizes: 7x7/2 stem,
 * 3x3/2 max pool, four stages of two basic blocks with 64-512 channels, projection shortcuts,
 * global average pool, 1000-way linear) on one 3x224x224 image, in eval mode without gradients.
 * Built here from the cnn layers only to time the convolutions; the architecture itself (with
 * torchvision's state-dict names) belongs to the cnn models package, which this should use once
 * it exists. The PyTorch twin is {@code resnet18_forward} in {@code benchmarks/compare_torch.py}
 * (torchvision's {@code resnet18()}).
 */
public final class ResNet18Forward {
    private final Module model;
    private final Tensor x;

    public ResNet18Forward(int batch, long seed) {
        Generator g = new Generator(seed);
        Sequential net = new Sequential(
                new Conv2d(3, 64, 7, ConvOptions.DEFAULT.stride(2).padding(3).bias(false), g), new BatchNorm2d(64), new ReLU(),
                new MaxPool2d(PoolOptions.of(3).stride(2).padding(1)));
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int out = 64 << stage;
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                net.add(new BasicBlock(in, out, stride, g));
                in = out;
            }
        }
        net.add(new AdaptiveAvgPool2d(1));
        net.add(new Flatten());
        net.add(new Linear(512, 1000, g));
        net.eval();
        this.model = net;
        this.x = Tensor.randn(g, batch, 3, 224, 224);
    }

    /** One forward pass without gradient recording; returns the logits. */
    public Tensor forward() {
        try (var scope = GradMode.noGrad()) {
            return model.forward(x);
        }
    }

    /** conv-bn-relu-conv-bn plus the (projected) input, then ReLU. */
    static final class BasicBlock extends Module {
        private final Module body;
        private final Module shortcut;

        BasicBlock(int in, int out, int stride, Generator g) {
            body = registerModule("body", new Sequential(
                    new Conv2d(in, out, 3, ConvOptions.DEFAULT.stride(stride).padding(1).bias(false), g), new BatchNorm2d(out), new ReLU(),
                    new Conv2d(out, out, 3, ConvOptions.DEFAULT.padding(1).bias(false), g), new BatchNorm2d(out)));
            shortcut = stride != 1 || in != out
                    ? registerModule("shortcut", new Sequential(new Conv2d(in, out, 1, ConvOptions.DEFAULT.stride(stride).bias(false), g),
                            new BatchNorm2d(out)))
                    : null;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor identity = shortcut == null ? x : shortcut.forward(x);
            return body.forward(x).add(identity).relu();
        }
    }
}
