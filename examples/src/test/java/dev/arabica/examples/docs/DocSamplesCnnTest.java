package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.cnn.AdaptiveAvgPool2d;
import dev.arabica.cnn.CnnFunctional;
import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.cnn.models.LeNet5;
import dev.arabica.cnn.models.ResNet;
import dev.arabica.cnn.models.TransferLearning;
import dev.arabica.cnn.vision.Augment;
import dev.arabica.cnn.vision.Normalize;
import dev.arabica.cnn.vision.RandomCrop;
import dev.arabica.cnn.vision.RandomHorizontalFlip;
import dev.arabica.cnn.vision.Transform;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.BatchNorm2d;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.optim.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samples of docs/cnn.md, run. */
class DocSamplesCnnTest {
    final Generator gen = new Generator(0);

    @Test
    void smallCnn() {
        Sequential cnn = new Sequential(
                new Conv2d(3, 16, 3, ConvOptions.DEFAULT.padding(1), gen), new BatchNorm2d(16), new ReLU(),
                new MaxPool2d(2),
                new Conv2d(16, 32, 3, ConvOptions.DEFAULT.padding(1), gen), new ReLU(),
                new AdaptiveAvgPool2d(1), new Flatten(),
                new Linear(32, 10, gen));
        Tensor logits = cnn.forward(Tensor.randn(gen, 8, 3, 32, 32));   // [8, 10]
        // --- end of sample
        assertArrayEquals(new int[] {8, 10}, logits.shape());
    }

    @Test
    void functional() {
        Tensor x = Tensor.randn(gen, 2, 3, 16, 16);                      // [N, C, H, W]
        Tensor w = Tensor.randn(gen, 8, 3, 3, 3);                        // [out, in, kH, kW]
        Tensor y = CnnFunctional.conv2d(x, w, null, 2, 1);               // stride 2, padding 1: [2, 8, 8, 8]
        Tensor pooled = CnnFunctional.maxPool2d(y, 2);                   // [2, 8, 4, 4]
        // --- end of sample
        assertArrayEquals(new int[] {2, 8, 8, 8}, y.shape());
        assertArrayEquals(new int[] {2, 8, 4, 4}, pooled.shape());
    }

    @Test
    void models() {
        LeNet5 lenet = new LeNet5(gen);                                  // 1 x 28 x 28 in, 10 classes
        ResNet resnet = ResNet.resnet18(10, gen);                        // torchvision's resnet18(num_classes=10)
        long parameters = resnet.parameterCount(false);
        // --- end of sample
        assertEquals(61_706, lenet.parameterCount(false));
        assertEquals(11_181_642, parameters);
    }

    @Test
    void transferLearning() {
        ResNet pretrained = ResNet.resnet18(1000, gen);                   // stands for torchvision weights loaded with ModelFiles
        ResNet model = ResNet.resnet18(5, gen);                           // new head: fc [5, 512]
        TransferLearning.loadBackbone(model, pretrained.stateDict(), "fc"); // everything but fc.*
        List<Tensor> head = TransferLearning.freezeAllExcept(model, "fc"); // the backbone gets no gradients
        Adam optimizer = new Adam(head, 1e-3);
        model.eval();                                                     // keep the backbone's batch-norm statistics
        // --- end of sample
        assertEquals(2, head.size());
        assertEquals(2, optimizer.params().size());
        model.forward(Tensor.randn(gen, 1, 3, 32, 32)).sum().backward();
        assertNull(model.namedParameters().get("conv1.weight").grad());
        assertTrue(pretrained.stateDict().get("conv1.weight").allClose(model.stateDict().get("conv1.weight"), 0, 0));
    }

    @Test
    void augmentation() {
        Tensor images = Tensor.rand(gen, 16, 3, 32, 32);                 // a batch [N, C, H, W] in [0, 1]
        Transform train = Transform.compose(
                new RandomCrop(32, 32, 4), new RandomHorizontalFlip(),
                new Normalize(new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}));
        Tensor augmented = Augment.batch(images, train, gen);           // each image with its own draws
        // --- end of sample
        assertArrayEquals(images.shape(), augmented.shape());
    }
}
