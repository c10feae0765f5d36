package dev.arabica.cnn.models;

import dev.arabica.cnn.AdaptiveAvgPool2d;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;

/**
 * AlexNet (Krizhevsky et al. 2012) in torchvision's single-tower form and state-dict names
 * ({@code features.0.weight} ... {@code features.10.weight}, {@code classifier.1.weight},
 * {@code classifier.4.weight}, {@code classifier.6.weight}):
 * <pre>
 *   features: conv 11x11/4 pad 2 (64), relu, maxpool 3/2, conv 5x5 pad 2 (192), relu, maxpool 3/2,
 *             conv 3x3 pad 1 (384), relu, conv 3x3 pad 1 (256), relu, conv 3x3 pad 1 (256), relu, maxpool 3/2
 *   avgpool: adaptive average pool to 6 x 6
 *   classifier: dropout, linear 9216-4096, relu, dropout, linear 4096-4096, relu, linear 4096-numClasses
 * </pre>
 * Input {@code [N, 3, H, W]} with H, W >= 63; output {@code [N, numClasses]}. 61,100,840 parameters
 * at 1000 classes. PyTorch's default layer initialisation.
 */
public final class AlexNet extends Module {
    private final Sequential features;
    private final Module avgpool;
    private final Sequential classifier;

    /** As {@link #AlexNet(int, double, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public AlexNet(int numClasses, double dropout) {
        this(numClasses, dropout, Generator.defaultGenerator());
    }

    /** @param dropout dropout probability of the classifier (torchvision: 0.5) */
    public AlexNet(int numClasses, double dropout, Generator gen) {
        Layers.checkClasses("AlexNet", numClasses);
        features = registerModule("features", new Sequential(
                Layers.conv(3, 64, 11, 4, 2, 1, true, gen), new ReLU(), new MaxPool2d(3, 2),
                Layers.conv(64, 192, 5, 1, 2, 1, true, gen), new ReLU(), new MaxPool2d(3, 2),
                Layers.conv(192, 384, 3, 1, 1, 1, true, gen), new ReLU(),
                Layers.conv(384, 256, 3, 1, 1, 1, true, gen), new ReLU(),
                Layers.conv(256, 256, 3, 1, 1, 1, true, gen), new ReLU(), new MaxPool2d(3, 2)));
        avgpool = registerModule("avgpool", new AdaptiveAvgPool2d(6));
        classifier = registerModule("classifier", new Sequential(
                new Dropout(dropout, new Generator(gen.nextLong())), new Linear(256 * 6 * 6, 4096, gen), new ReLU(),
                new Dropout(dropout, new Generator(gen.nextLong())), new Linear(4096, 4096, gen), new ReLU(),
                new Linear(4096, numClasses, gen)));
    }

    /** As {@link #AlexNet(int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public AlexNet(int numClasses) {
        this(numClasses, Generator.defaultGenerator());
    }

    /** Dropout 0.5. */
    public AlexNet(int numClasses, Generator gen) {
        this(numClasses, 0.5, gen);
    }

    public Sequential features() {
        return features;
    }

    public Sequential classifier() {
        return classifier;
    }

    @Override
    public Tensor forward(Tensor x) {
        Layers.checkInput("AlexNet", x, 3, 63);
        return classifier.forward(avgpool.forward(features.forward(x)).flatten(1, -1));
    }
}
