package dev.arabica.cnn.models;

import dev.arabica.cnn.AdaptiveAvgPool2d;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;

/**
 * VGG networks (Simonyan and Zisserman 2014) with torchvision's architecture and state-dict names
 * ({@code features.0.weight}, {@code classifier.0.weight}, {@code classifier.6.bias}, ...).
 *
 * <pre>
 *   features: per configuration entry, conv 3x3 pad 1 (+ batch norm) + relu, or maxpool 2x2/2 ("M")
 *   avgpool: adaptive average pool to 7 x 7
 *   classifier: linear 25088-4096, relu, dropout, linear 4096-4096, relu, dropout, linear 4096-numClasses
 *               (4096 = the hidden width, a parameter)
 * </pre>
 * Input {@code [N, 3, H, W]}, H and W >= {@code 2^pools} (32 for VGG-16's five 2x2 poolings); output
 * {@code [N, numClasses]}.
 * VGG-16 at 1000 classes has 138,357,544 parameters (VGG-16 with batch norm: 138,365,992).
 *
 * <p>Initialised as torchvision: convolutions {@code kaiming_normal(fan_out, relu)} with zero bias,
 * batch norm 1 and 0, linear layers {@code N(0, 0.01^2)} with zero bias; dropout masks from the
 * same generator's stream, as separate {@link Dropout} generators seeded from it.
 */
public final class VGG extends Module {
    /** Configuration "D" (VGG-16): channel counts, -1 for a max-pooling layer. */
    public static final int[] VGG16 = {64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512, -1};

    private final Sequential features;
    private final Module avgpool;
    private final Sequential classifier;
    private final int minSize;

    /** As {@link #VGG(int[], boolean, int, int, double, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public VGG(int[] config, boolean batchNorm, int numClasses, int hidden, double dropout) {
        this(config, batchNorm, numClasses, hidden, dropout, Generator.defaultGenerator());
    }

    /**
     * @param config channel counts of the 3x3 convolutions in order, {@code -1} for a 2x2 max pool
     * @param batchNorm whether each convolution is followed by batch norm (the {@code _bn} variants)
     * @param numClasses output classes, >= 1
     * @param hidden width of the classifier's two hidden layers (torchvision: 4096)
     * @param dropout dropout probability of the classifier (torchvision: 0.5)
     */
    public VGG(int[] config, boolean batchNorm, int numClasses, int hidden, double dropout, Generator gen) {
        Layers.checkClasses("VGG", numClasses);
        if (hidden < 1) throw new IllegalArgumentException("VGG: hidden must be >= 1, got " + hidden);
        Sequential f = new Sequential();
        int in = 3, pools = 0;
        for (int c : config) {
            if (c == -1) {
                f.add(new MaxPool2d(2, 2));
                pools++;
            } else if (c > 0) {
                f.add(Layers.conv(in, c, 3, 1, 1, 1, true, gen));
                if (batchNorm) f.add(new BatchNorm2d(c));
                f.add(new ReLU());
                in = c;
            } else {
                throw new IllegalArgumentException("VGG: configuration entries must be channel counts > 0 or -1 (pool), got " + c);
            }
        }
        if (pools > 20) throw new IllegalArgumentException("VGG: at most 20 pooling layers, got " + pools);
        minSize = 1 << pools;
        features = registerModule("features", f);
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(7));
        classifier = registerModule("classifier", new Sequential(new Linear(in * 7 * 7, hidden, gen), new ReLU(),
                new Dropout(dropout, new Generator(gen.nextLong())), new Linear(hidden, hidden, gen), new ReLU(),
                new Dropout(dropout, new Generator(gen.nextLong())), new Linear(hidden, numClasses, gen)));
        Layers.torchvisionInit(this, true, gen);
    }

    /** As {@link #vgg16(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static VGG vgg16(int numClasses) {
        return vgg16(numClasses, Generator.defaultGenerator());
    }

    /** VGG-16 (configuration D, no batch norm, dropout 0.5). */
    public static VGG vgg16(int numClasses, Generator gen) {
        return new VGG(VGG16, false, numClasses, 4096, 0.5, gen);
    }

    /** As {@link #vgg16Bn(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static VGG vgg16Bn(int numClasses) {
        return vgg16Bn(numClasses, Generator.defaultGenerator());
    }

    /** VGG-16 with batch norm after every convolution. */
    public static VGG vgg16Bn(int numClasses, Generator gen) {
        return new VGG(VGG16, true, numClasses, 4096, 0.5, gen);
    }

    /** The convolutional part (e.g. for style-transfer features). */
    public Sequential features() {
        return features;
    }

    public Sequential classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("VGG", x, 3, minSize);
        return classifier.forward(avgpool.forward(features.forward(x)).flatten(1, -1));
    }
}
