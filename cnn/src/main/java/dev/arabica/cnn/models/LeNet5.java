package dev.arabica.cnn.models;

import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;

/**
 * LeNet-5 in the form of the course's third week (and issue 9's W3 benchmark), ReLU and max pooling
 * instead of the original's tanh and subsampling:
 * <pre>
 *   0 conv 5x5 pad 2 (6) - 1 relu - 2 maxpool 2 - 3 conv 5x5 (16) - 4 relu - 5 maxpool 2 - 6 flatten
 *   - 7 linear (16 h w -> 120) - 8 relu - 9 linear 120-84 - 10 relu - 11 linear 84-numClasses
 * </pre>
 * with {@code h = floor((floor(H / 2) - 4) / 2)} (5 for 28 x 28). Input {@code [N, C, H, W]},
 * output {@code [N, numClasses]} logits. At 1 x 28 x 28 and 10 classes: 61,706 parameters.
 * State-dict names are the positions: {@code 0.weight}, {@code 3.weight}, {@code 7.weight}, ....
 * PyTorch's default initialisation of each layer, drawn from {@code gen}.
 */
public final class LeNet5 extends Sequential {

    /** As {@link #LeNet5(int, int, int, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LeNet5(int channels, int height, int width, int numClasses) {
        this(channels, height, width, numClasses, Generator.defaultGenerator());
    }

    /**
     * @param channels input channels C
     * @param height input height H, >= 12
     * @param width input width W, >= 12
     * @param numClasses output classes, >= 1
     */
    public LeNet5(int channels, int height, int width, int numClasses, Generator gen) {
        if (channels < 1 || height < 12 || width < 12) {
            throw new IllegalArgumentException("LeNet5: input must have >= 1 channel and be at least 12 x 12, got " + channels + " x "
                    + height + " x " + width);
        }
        Layers.checkClasses("LeNet5", numClasses);
        int h = (height / 2 - 4) / 2, w = (width / 2 - 4) / 2;
        add(Layers.conv(channels, 6, 5, 1, 2, 1, true, gen));
        add(new ReLU());
        add(new MaxPool2d(2));
        add(Layers.conv(6, 16, 5, 1, 0, 1, true, gen));
        add(new ReLU());
        add(new MaxPool2d(2));
        add(new Flatten());
        add(new Linear(16 * h * w, 120, gen));
        add(new ReLU());
        add(new Linear(120, 84, gen));
        add(new ReLU());
        add(new Linear(84, numClasses, gen));
    }

    /** As {@link #LeNet5(Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public LeNet5() {
        this(Generator.defaultGenerator());
    }

    /** 1 x 28 x 28 input (MNIST, Fashion-MNIST), 10 classes. */
    public LeNet5(Generator gen) {
        this(1, 28, 28, 10, gen);
    }
}
