package dev.arabica.cnn.models;

import static dev.arabica.cnn.CnnAsserts.assertClose;
import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.Module;
import dev.arabica.nn.train.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torchvision's {@code resnet18()} and {@code mobilenet_v2()} (random weights, ../shared/models)
 * load strictly into our builders and reproduce PyTorch's eval-mode logits on the stored input
 * ({@code [2, 3, 224, 224]}) within rtol 1e-4, atol 1e-4.
 */
class TorchvisionInteropTest {
    @TempDir
    Path tmp;

    static Path file(String name) {
        return SharedFiles.require(SharedFiles.modelsDir().resolve(name), "torchvision model file " + name + " (../shared/models)");
    }

    static void assertReproducesLogits(String name, Module model) throws IOException {
        Path weights = file(name + ".safetensors");
        Tensor input = TensorFiles.readNpy(file(name + "_input.npy"));
        Tensor expected = TensorFiles.readNpy(file(name + "_logits.npy"));
        ModelFiles.load(model, weights); // strict: every key, every shape
        Map<String, Tensor> source = TensorFiles.readSafetensors(weights);
        Map<String, Tensor> loaded = model.stateDict();
        assertEquals(source.keySet(), loaded.keySet());
        for (Map.Entry<String, Tensor> e : source.entrySet()) {
            Tensor mine = loaded.get(e.getKey());
            assertEquals(e.getValue().dtype(), mine.dtype(), e.getKey());
            if (mine.dtype() == DType.INT64) assertArrayEquals(e.getValue().toLongArray(), mine.toLongArray(), e.getKey());
            else assertIdentical(e.getValue(), mine);
        }
        model.eval();
        long t0 = System.nanoTime();
        Tensor logits;
        try (var scope = GradMode.noGrad()) {
            logits = model.forward(input);
        }
        System.out.printf("%s: forward [2, 3, 224, 224] in %.2f s%n", name, (System.nanoTime() - t0) / 1e9);
        assertClose(expected, logits, 1e-4, 1e-4);
        // eval mode changed no buffer
        Map<String, Tensor> after = model.stateDict();
        for (String k : source.keySet()) {
            if (after.get(k).dtype() == DType.FLOAT32) assertIdentical(loaded.get(k), after.get(k));
        }
    }

    @Test
    void resnet18() throws IOException {
        assertReproducesLogits("resnet18", ResNet.resnet18(1000, new Generator(0)));
    }

    @Test
    void mobilenetV2() throws IOException {
        assertReproducesLogits("mobilenet_v2", new MobileNetV2(1000, new Generator(0)));
    }

    @Test
    void savedFileRoundTripsAndAWrongArchitectureIsRefused() throws IOException {
        ResNet m = ResNet.resnet18(1000, new Generator(0));
        ModelFiles.load(m, file("resnet18.safetensors"));
        Path copy = tmp.resolve("copy.safetensors");
        ModelFiles.save(m, copy);
        Map<String, Tensor> a = TensorFiles.readSafetensors(file("resnet18.safetensors")), b = TensorFiles.readSafetensors(copy);
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
        // ResNet-34 has more blocks: a strict load names the missing keys
        ModelFiles.ModelFileException e = assertThrows(ModelFiles.ModelFileException.class,
                () -> ModelFiles.load(ResNet.resnet34(1000, new Generator(0)), file("resnet18.safetensors")));
        assertTrue(e.getMessage().contains("layer1.2.conv1.weight"), e.getMessage());
    }
}
