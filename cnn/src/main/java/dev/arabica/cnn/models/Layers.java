package dev.arabica.cnn.models;

import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.init.Init;

/** Building blocks and initialisations shared by the architectures (torchvision's conventions). */
final class Layers {
    private Layers() {}

    /** A {@code k x k} convolution with stride, padding and groups. */
    static Conv2d conv(int in, int out, int kernel, int stride, int padding, int groups, boolean bias, Generator gen) {
        return new Conv2d(in, out, kernel, ConvOptions.DEFAULT.stride(stride).padding(padding).groups(groups).bias(bias), gen);
    }

    /** torchvision's {@code Conv2dNormActivation}: conv (no bias, padding (k - 1) / 2), batch norm, activation. */
    static Sequential convBnAct(int in, int out, int kernel, int stride, int groups, Module activation, Generator gen) {
        Sequential s = new Sequential(conv(in, out, kernel, stride, (kernel - 1) / 2, groups, false, gen), new BatchNorm2d(out));
        if (activation != null) s.add(activation);
        return s;
    }

    /**
     * torchvision's init for ResNet, VGG and MobileNetV2: convolution weights from
     * {@code kaiming_normal(mode=fan_out, nonlinearity=relu)} and their biases 0, batch norm 1 and 0;
     * with {@code linearNormal}, linear weights from {@code N(0, 0.01^2)} and biases 0 (else PyTorch's
     * default linear init is kept). Draws from {@code gen} in module order.
     */
    static void torchvisionInit(Module model, boolean linearNormal, Generator gen) {
        for (Module m : model.namedModules().values()) {
            if (m instanceof Conv2d c) {
                Init.kaimingNormal_(c.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, gen);
                if (c.bias() != null) Init.zeros_(c.bias());
            } else if (m instanceof dev.arabica.cnn.ConvTranspose2d c) {
                Init.kaimingNormal_(c.weight(), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, gen);
                if (c.bias() != null) Init.zeros_(c.bias());
            } else if (m instanceof BatchNorm2d b) {
                Init.ones_(b.weight());
                Init.zeros_(b.bias());
            } else if (m instanceof Linear l && linearNormal) {
                Init.normal_(l.weight(), 0, 0.01, gen);
                if (l.bias() != null) Init.zeros_(l.bias());
            }
        }
    }

    /** Checks a positive class count. */
    static void checkClasses(String model, int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException(model + ": numClasses must be >= 1, got " + numClasses);
    }

    /** Checks an input {@code [N, C, H, W]} with {@code C == channels} and {@code H, W >= minSize}. */
    static void checkInput(String model, Tensor x, int channels, int minSize) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels || s[2] < minSize || s[3] < minSize) {
            throw new IllegalArgumentException(model + ": expected input [N, " + channels + ", H, W] with H, W >= " + minSize + ", got "
                    + dev.arabica.core.Shape.format(s));
        }
    }
}
