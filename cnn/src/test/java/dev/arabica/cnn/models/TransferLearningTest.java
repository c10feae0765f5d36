package dev.arabica.cnn.models;

import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.StateDictException;
import dev.arabica.optim.Adam;
import dev.arabica.optim.Optimizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Freezing a backbone, replacing the head and training only the head. */
class TransferLearningTest {

    /** 3 classes of 3 x 16 x 16 images: noise plus a class-specific colour shift. */
    static Tensor images(Generator gen, long[] labels) {
        int n = labels.length;
        float[] v = Tensor.randn(gen, n, 3, 16, 16).mul(0.5f).toFloatArray();
        for (int i = 0; i < n; i++) {
            int c = (int) labels[i];
            for (int k = 0; k < 16 * 16; k++) v[(i * 3 + c) * 256 + k] += 1.5f;
        }
        return Tensor.of(v, n, 3, 16, 16);
    }

    @Test
    void onlyTheNewHeadTrains() {
        ResNet pretrained = ResNet.resnet18(10, new Generator(1)); // stands in for trained weights
        Map<String, Tensor> before = pretrained.stateDict();

        ResNet model = ResNet.resnet18(3, new Generator(2)); // new head: fc [3, 512]
        TransferLearning.loadBackbone(model, before, "fc");
        List<Tensor> trainable = TransferLearning.freezeAllExcept(model, "fc");
        assertEquals(List.of(model.fc().weight(), model.fc().bias()), trainable);
        assertEquals(512 * 3 + 3, model.parameterCount(true));
        Tensor headBefore = model.fc().weight().clone();

        Generator gen = new Generator(3);
        long[] labels = new long[12];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 3;
        Tensor x = images(gen, labels), y = Tensor.ofLongs(labels, labels.length);
        Optimizer<?> opt = new Adam(trainable, Adam.Options.lr(1e-2));
        model.eval(); // feature extraction: batch norm uses and keeps the pretrained statistics
        float first = 0, last = 0;
        for (int step = 0; step < 12; step++) {
            opt.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(x), y);
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.7f * first, "loss " + first + " -> " + last);

        // the backbone is bitwise unchanged (parameters and buffers) and got no gradient
        Map<String, Tensor> after = model.stateDict();
        for (Map.Entry<String, Tensor> e : before.entrySet()) {
            if (e.getKey().startsWith("fc.")) continue;
            if (e.getValue().dtype() == DType.INT64) assertEquals(e.getValue().getLong(), after.get(e.getKey()).getLong(), e.getKey());
            else assertIdentical(e.getValue(), after.get(e.getKey()));
        }
        for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
            if (!p.getKey().startsWith("fc.")) assertNull(p.getValue().grad(), p.getKey());
        }
        assertFalse(Arrays.equals(headBefore.toFloatArray(), model.fc().weight().toFloatArray()), "the head changed");
    }

    @Test
    void replacingTheHeadOfAPretrainedModelEqualsLoadingItsBackboneUnderANewHead() {
        ResNet pretrained = ResNet.resnet18(10, new Generator(1));
        ResNet viaLoad = ResNet.resnet18(3, new Generator(2));
        TransferLearning.loadBackbone(viaLoad, pretrained.stateDict(), "fc");

        Linear head = new Linear(512, 3, new Generator(4));
        try (var scope = dev.arabica.core.GradMode.noGrad()) {
            head.weight().copy_(viaLoad.fc().weight());
            head.bias().copy_(viaLoad.fc().bias());
        }
        pretrained.eval();
        assertSame(head, pretrained.setSubmodule("fc", head));   // PyTorch: model.fc = nn.Linear(512, 3)
        assertSame(head, pretrained.fc());
        assertFalse(head.isTraining());
        Map<String, Tensor> a = pretrained.stateDict(), b = viaLoad.stateDict();
        assertEquals(List.copyOf(b.keySet()), List.copyOf(a.keySet()));
        for (String k : a.keySet()) {
            if (a.get(k).dtype() == DType.INT64) assertEquals(b.get(k).getLong(), a.get(k).getLong(), k);
            else assertIdentical(b.get(k), a.get(k));
        }
        viaLoad.eval();
        Tensor x = Tensor.randn(new Generator(5), 2, 3, 32, 32);
        assertIdentical(viaLoad.forward(x), pretrained.forward(x));
        assertThrows(IllegalArgumentException.class, () -> pretrained.setSubmodule("layer1", new Linear(2, 2)),
                "ResNet keeps its stages in fields");
    }

    @Test
    void backboneMismatchesAreReportedAndNothingIsLoaded() {
        ResNet model = ResNet.resnet18(3, new Generator(2));
        Map<String, Tensor> original = model.stateDict();
        Map<String, Tensor> resnet34 = ResNet.resnet34(10, new Generator(1)).stateDict();
        StateDictException e = assertThrows(StateDictException.class, () -> TransferLearning.loadBackbone(model, resnet34, "fc"));
        assertTrue(e.getMessage().contains("layer1.2.conv1.weight"), e.getMessage());
        assertIdentical(original.get("conv1.weight"), model.stateDict().get("conv1.weight"));
        // without naming the head, its shape mismatch is reported
        Map<String, Tensor> resnet18 = ResNet.resnet18(10, new Generator(1)).stateDict();
        e = assertThrows(StateDictException.class, () -> TransferLearning.loadBackbone(model, resnet18));
        assertTrue(e.getMessage().contains("fc.weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TransferLearning.freezeAllExcept(model, "head"));
    }
}
