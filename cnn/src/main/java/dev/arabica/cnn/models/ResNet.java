package dev.arabica.cnn.models;

import dev.arabica.cnn.AdaptiveAvgPool2d;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.cnn.PoolOptions;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;

/**
 * Residual networks (He et al. 2015) with torchvision's architecture and state-dict names, so
 * torchvision weights load strictly ({@code conv1.weight}, {@code bn1.running_mean},
 * {@code layer1.0.conv1.weight}, {@code layer2.0.downsample.0.weight}, {@code fc.weight}, ...).
 *
 * <pre>
 *   conv1 7x7/2 (64) - bn1 - relu - maxpool 3x3/2 - layer1 (64) - layer2 (128, /2) - layer3 (256, /2)
 *   - layer4 (512, /2) - avgpool (global) - flatten - fc (512 expansion -> numClasses)
 * </pre>
 * Each layer is a {@link Sequential} of {@link BasicBlock}s or {@link Bottleneck}s; its first block
 * has the stride and a projection shortcut when the shape changes. Input {@code [N, 3, H, W]} of
 * any size >= 32 (the network downsamples by 32, then pools globally); output {@code [N, numClasses]}
 * logits. ResNet-18: 11,689,512 parameters at 1000 classes; ResNet-34: 21,797,672; ResNet-50:
 * 25,557,032.
 *
 * <p>Initialised as torchvision: convolutions {@code kaiming_normal(fan_out, relu)}, batch norm 1
 * and 0, {@code fc} PyTorch's default linear init; all from {@code gen}.
 */
public final class ResNet extends Module {
    /** The residual block type. */
    public enum Block { BASIC, BOTTLENECK }

    private final Module conv1, bn1, maxpool, layer1, layer2, layer3, layer4, avgpool;

    /** As {@link #ResNet(Block, int[], int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public ResNet(Block block, int[] layers, int numClasses) {
        this(block, layers, numClasses, Generator.defaultGenerator());
    }

    /**
     * @param block the block type
     * @param layers blocks per stage, 4 values (ResNet-18: 2, 2, 2, 2)
     * @param numClasses output classes, >= 1
     */
    public ResNet(Block block, int[] layers, int numClasses, Generator gen) {
        if (layers.length != 4) throw new IllegalArgumentException("ResNet: layers must have 4 stage sizes, got " + layers.length);
        for (int n : layers) if (n < 1) throw new IllegalArgumentException("ResNet: every stage needs >= 1 block, got " + java.util.Arrays.toString(layers));
        Layers.checkClasses("ResNet", numClasses);
        int expansion = block == Block.BASIC ? BasicBlock.EXPANSION : Bottleneck.EXPANSION;
        conv1 = registerModule("conv1", Layers.conv(3, 64, 7, 2, 3, 1, false, gen));
        bn1 = registerModule("bn1", new BatchNorm2d(64));
        registerModule("relu", new ReLU());
        maxpool = registerModule("maxpool", new MaxPool2d(PoolOptions.of(3).stride(2).padding(1)));
        int[] in = {64};
        layer1 = registerModule("layer1", stage(block, in, 64, layers[0], 1, gen));
        layer2 = registerModule("layer2", stage(block, in, 128, layers[1], 2, gen));
        layer3 = registerModule("layer3", stage(block, in, 256, layers[2], 2, gen));
        layer4 = registerModule("layer4", stage(block, in, 512, layers[3], 2, gen));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(1));
        registerModule("fc", new Linear(512 * expansion, numClasses, gen));
        Layers.torchvisionInit(this, false, gen);
    }

    /** torchvision's {@code _make_layer}; {@code in[0]} carries the running channel count. */
    private static Sequential stage(Block block, int[] in, int planes, int blocks, int stride, Generator gen) {
        int expansion = block == Block.BASIC ? BasicBlock.EXPANSION : Bottleneck.EXPANSION;
        Sequential s = new Sequential();
        for (int i = 0; i < blocks; i++) {
            int st = i == 0 ? stride : 1;
            boolean project = i == 0 && (stride != 1 || in[0] != planes * expansion);
            s.add(block == Block.BASIC ? new BasicBlock(in[0], planes, st, project, gen) : new Bottleneck(in[0], planes, st, project, gen));
            in[0] = planes * expansion;
        }
        return s;
    }

    /** As {@link #resnet18(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static ResNet resnet18(int numClasses) {
        return resnet18(numClasses, Generator.defaultGenerator());
    }

    /** ResNet-18: basic blocks (2, 2, 2, 2). */
    public static ResNet resnet18(int numClasses, Generator gen) {
        return new ResNet(Block.BASIC, new int[] {2, 2, 2, 2}, numClasses, gen);
    }

    /** As {@link #resnet34(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static ResNet resnet34(int numClasses) {
        return resnet34(numClasses, Generator.defaultGenerator());
    }

    /** ResNet-34: basic blocks (3, 4, 6, 3). */
    public static ResNet resnet34(int numClasses, Generator gen) {
        return new ResNet(Block.BASIC, new int[] {3, 4, 6, 3}, numClasses, gen);
    }

    /** As {@link #resnet50(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static ResNet resnet50(int numClasses) {
        return resnet50(numClasses, Generator.defaultGenerator());
    }

    /** ResNet-50: bottleneck blocks (3, 4, 6, 3). */
    public static ResNet resnet50(int numClasses, Generator gen) {
        return new ResNet(Block.BOTTLENECK, new int[] {3, 4, 6, 3}, numClasses, gen);
    }

    /**
     * The classifier head {@code fc} (a {@link Linear} unless replaced).
     *
     * @throws IllegalStateException if {@code fc} was replaced by a module of another type
     */
    public Linear fc() {
        if (child("fc") instanceof Linear l) return l;
        throw new IllegalStateException("ResNet.fc: the head was replaced by a " + child("fc").getClass().getSimpleName()
                + "; use namedChildren().get(\"fc\")");
    }

    /** The head {@code fc} can be replaced with {@link #setSubmodule}, e.g. for transfer learning. */
    @Override
    protected boolean isReplaceable(String name) {
        return name.equals("fc");
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("ResNet", x, 3, 1);
        x = maxpool.forward(bn1.forward(conv1.forward(x)).relu());
        x = layer4.forward(layer3.forward(layer2.forward(layer1.forward(x))));
        return child("fc").forward(avgpool.forward(x).flatten(1, -1));
    }
}
