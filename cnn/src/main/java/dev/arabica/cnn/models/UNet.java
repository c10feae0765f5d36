package dev.arabica.cnn.models;

import dev.arabica.cnn.ConvTranspose2d;
import dev.arabica.cnn.ConvTransposeOptions;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A U-Net (Ronneberger et al. 2015) for semantic segmentation, in the layout of the widely used
 * PyTorch implementation (milesial/Pytorch-UNet, names {@code inc}, {@code down1..}, {@code up1..},
 * {@code outc}):
 * <pre>
 *   inc: double conv (in -> b)
 *   down_d (d = 1..depth): maxpool 2 - double conv (b 2^(d-1) -> b 2^d)
 *   up_d (d = 1..depth): transposed conv 2x2/2 (c -> c/2), pad to the skip's size, concatenate
 *                        [skip, upsampled] (c channels), double conv (c -> c/2); c = b 2^(depth-d+1)
 *   outc: 1x1 conv (b -> numClasses)
 * </pre>
 * A double conv is (3x3 conv pad 1 without bias, batch norm, ReLU) twice. Input
 * {@code [N, inChannels, H, W]} with {@code H, W >= 2^depth}; output {@code [N, numClasses, H, W]}
 * per-pixel logits. Odd sizes work: each upsampled map is zero-padded to its skip connection's size.
 * {@code new UNet(3, 2, 64, 4, gen)} is the classic 31,037,698-parameter network; the course's
 * (96 x 128 input, 23 classes) is {@code new UNet(3, 23, 32, 4, gen)}.
 */
public final class UNet extends Module {
    private final int depth;
    private final Module inc;
    private final List<Module> downs = new ArrayList<>();
    private final List<Up> ups = new ArrayList<>();
    private final Module outc;

    /** As {@link #UNet(int, int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public UNet(int inChannels, int numClasses, int baseChannels, int depth) {
        this(inChannels, numClasses, baseChannels, depth, Generator.defaultGenerator());
    }

    /**
     * @param baseChannels channels of the first level b, >= 1
     * @param depth number of downsampling steps, >= 1
     */
    public UNet(int inChannels, int numClasses, int baseChannels, int depth, Generator gen) {
        if (inChannels < 1 || baseChannels < 1 || depth < 1 || depth > 10) {
            throw new IllegalArgumentException("UNet: need inChannels >= 1, baseChannels >= 1 and 1 <= depth <= 10, got " + inChannels
                    + ", " + baseChannels + ", " + depth);
        }
        Layers.checkClasses("UNet", numClasses);
        this.depth = depth;
        inc = registerModule("inc", new DoubleConv(inChannels, baseChannels, gen));
        int c = baseChannels;
        for (int d = 1; d <= depth; d++) {
            downs.add(registerModule("down" + d, new Sequential(new MaxPool2d(2), new DoubleConv(c, 2 * c, gen))));
            c *= 2;
        }
        for (int d = 1; d <= depth; d++) {
            ups.add(registerModule("up" + d, new Up(c, gen)));
            c /= 2;
        }
        outc = registerModule("outc", new OutConv(baseChannels, numClasses, gen));
    }

    @Override
    public Tensor forward(Tensor x) {
        int min = 1 << depth;
        int[] s = x.shape();
        if (s.length != 4 || s[2] < min || s[3] < min) {
            throw new IllegalArgumentException("UNet: expected input [N, C, H, W] with H, W >= " + min + " (depth " + depth + "), got "
                    + dev.arabica.core.Shape.format(s));
        }
        List<Tensor> skips = new ArrayList<>();
        Tensor h = inc.forward(x);
        for (Module down : downs) {
            skips.add(h);
            h = down.forward(h);
        }
        for (int d = 0; d < depth; d++) h = ups.get(d).forward(h, skips.get(depth - 1 - d));
        return outc.forward(h);
    }

    /** (3x3 conv without bias, batch norm, ReLU) twice; child {@code double_conv}. */
    public static final class DoubleConv extends Module {
        private final Sequential block;

        /** As {@link #DoubleConv(int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
        public DoubleConv(int in, int out) {
            this(in, out, Generator.defaultGenerator());
        }

        public DoubleConv(int in, int out, Generator gen) {
            block = registerModule("double_conv", new Sequential(Layers.conv(in, out, 3, 1, 1, 1, false, gen), new BatchNorm2d(out),
                    new ReLU(), Layers.conv(out, out, 3, 1, 1, 1, false, gen), new BatchNorm2d(out), new ReLU()));
        }

        @Override
        public Tensor forward(Tensor x) {
            return block.forward(x);
        }
    }

    /** Upsampling step: transposed conv {@code up} (c -> c/2, 2x2 stride 2), then {@code conv} (DoubleConv c -> c/2) on [skip, up]. */
    static final class Up extends Module {
        private final Module up;
        private final Module conv;

        Up(int c, Generator gen) {
            up = registerModule("up", new ConvTranspose2d(c, c / 2, 2, ConvTransposeOptions.DEFAULT.stride(2), gen));
            conv = registerModule("conv", new DoubleConv(c, c / 2, gen));
        }

        Tensor forward(Tensor x, Tensor skip) {
            Tensor u = up.forward(x);
            int dy = skip.size(2) - u.size(2), dx = skip.size(3) - u.size(3);
            if (dy != 0 || dx != 0) u = u.pad(new int[] {dx / 2, dx - dx / 2, dy / 2, dy - dy / 2}, 0f);
            return conv.forward(Tensor.cat(List.of(skip, u), 1));
        }

        @Override
        public Tensor forward(Tensor x) {
            throw new UnsupportedOperationException("UNet.Up needs the skip connection: forward(x, skip)");
        }
    }

    /** The 1x1 output convolution; child {@code conv}. */
    static final class OutConv extends Module {
        private final Module conv;

        OutConv(int in, int out, Generator gen) {
            conv = registerModule("conv", Layers.conv(in, out, 1, 1, 0, 1, true, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return conv.forward(x);
        }
    }
}
