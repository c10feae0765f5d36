package dev.arabica.cnn.models;

import dev.arabica.cnn.CnnFunctional;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;

/**
 * MobileNetV2 (Sandler et al. 2018) with torchvision's architecture and state-dict names
 * ({@code features.0.0.weight}, {@code features.1.conv.0.0.weight}, {@code features.18.1.running_var},
 * {@code classifier.1.weight}, ...):
 * <pre>
 *   features.0: conv 3x3/2 (32 w) + bn + relu6
 *   features.1 .. 17: inverted residual blocks (t, c, n, s) =
 *       (1, 16, 1, 1) (6, 24, 2, 2) (6, 32, 3, 2) (6, 64, 4, 2) (6, 96, 3, 1) (6, 160, 3, 2) (6, 320, 1, 1)
 *   features.18: conv 1x1 (1280 max(1, w)) + bn + relu6
 *   global average pool - classifier: dropout, linear -> numClasses
 * </pre>
 * Channel counts are multiplied by the width multiplier {@code w} and rounded to a multiple of 8
 * (never down by more than 10%), as torchvision's {@code _make_divisible}. Input {@code [N, 3, H, W]}
 * (any size; downsampling by 32); output {@code [N, numClasses]}. MobileNetV2 1.0 at 1000 classes
 * has 3,504,872 parameters.
 *
 * <p>Initialised as torchvision: convolutions {@code kaiming_normal(fan_out)}, batch norm 1 and 0,
 * the linear layer {@code N(0, 0.01^2)} with zero bias.
 */
public final class MobileNetV2 extends Module {
    private static final int[][] SETTINGS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1},
        {6, 160, 3, 2}, {6, 320, 1, 1}};

    private final Sequential features;
    private final Sequential classifier;

    /** As {@link #MobileNetV2(int, double, double, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public MobileNetV2(int numClasses, double widthMult, double dropout) {
        this(numClasses, widthMult, dropout, Generator.defaultGenerator());
    }

    /**
     * @param numClasses output classes, >= 1
     * @param widthMult channel multiplier, > 0 (1.0 is the standard network)
     * @param dropout dropout probability before the classifier (torchvision: 0.2)
     */
    public MobileNetV2(int numClasses, double widthMult, double dropout, Generator gen) {
        Layers.checkClasses("MobileNetV2", numClasses);
        if (!(widthMult > 0) || Double.isInfinite(widthMult)) {
            throw new IllegalArgumentException("MobileNetV2: widthMult must be positive, got " + widthMult);
        }
        int in = makeDivisible(32 * widthMult, 8);
        int last = makeDivisible(1280 * Math.max(1.0, widthMult), 8);
        Sequential f = new Sequential(Layers.convBnAct(3, in, 3, 2, 1, new ReLU6(), gen));
        for (int[] t : SETTINGS) {
            int out = makeDivisible(t[1] * widthMult, 8);
            for (int i = 0; i < t[2]; i++) {
                f.add(new InvertedResidual(in, out, i == 0 ? t[3] : 1, t[0], gen));
                in = out;
            }
        }
        f.add(Layers.convBnAct(in, last, 1, 1, 1, new ReLU6(), gen));
        features = registerModule("features", f);
        classifier = registerModule("classifier", new Sequential(new Dropout(dropout, new Generator(gen.nextLong())),
                new Linear(last, numClasses, gen)));
        Layers.torchvisionInit(this, true, gen);
    }

    /** As {@link #MobileNetV2(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public MobileNetV2(int numClasses) {
        this(numClasses, Generator.defaultGenerator());
    }

    /** Width 1.0, dropout 0.2. */
    public MobileNetV2(int numClasses, Generator gen) {
        this(numClasses, 1.0, 0.2, gen);
    }

    /** torchvision's {@code _make_divisible(v, divisor)}: nearest multiple, at least divisor, not below 0.9 v. */
    static int makeDivisible(double v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * v) rounded += divisor;
        return rounded;
    }

    public Sequential features() {
        return features;
    }

    public Sequential classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("MobileNetV2", x, 3, 1);
        return classifier.forward(CnnFunctional.globalAvgPool2d(features.forward(x), false));
    }
}
