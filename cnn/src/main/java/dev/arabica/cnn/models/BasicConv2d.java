package dev.arabica.cnn.models;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Module;

/**
 * Convolution (no bias) + batch norm (eps 0.001) + ReLU, GoogLeNet's building block in torchvision
 * ({@code BasicConv2d}, children {@code conv} and {@code bn}). Padding keeps the size for odd
 * kernels at stride 1: {@code (k - 1) / 2}.
 */
public final class BasicConv2d extends Module {
    private final Module conv;
    private final Module bn;

    /** As {@link #BasicConv2d(int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public BasicConv2d(int in, int out, int kernel) {
        this(in, out, kernel, Generator.defaultGenerator());
    }

    public BasicConv2d(int in, int out, int kernel, Generator gen) {
        conv = registerModule("conv", Layers.conv(in, out, kernel, 1, (kernel - 1) / 2, 1, false, gen));
        bn = registerModule("bn", new BatchNorm2d(out, 0.001, 0.1, true, true));
    }

    @Override
    public Tensor forward(Tensor x) {
        return bn.forward(conv.forward(x)).relu();
    }
}
