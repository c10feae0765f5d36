package dev.arabica.cnn.models;

import static dev.arabica.cnn.CnnAsserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.Module;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The architectures: state-dict layout equal to torchvision's (names, dtypes, shapes, order; the
 * layouts are written by {@code models_refs.py}), published parameter counts, and output shapes of a
 * forward pass at a small input.
 */
class ModelsTest {

    /** "key dtype shape" per state-dict entry, in state-dict order, without copying any tensor. */
    static List<String> layout(Module model) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Module> m : model.namedModules().entrySet()) {
            String prefix = m.getKey().isEmpty() ? "" : m.getKey() + ".";
            for (Map<String, Tensor> own : List.of(m.getValue().namedParameters(), m.getValue().namedBuffers())) {
                for (Map.Entry<String, Tensor> e : own.entrySet()) {
                    if (e.getKey().contains(".")) continue; // a descendant's, listed under it
                    int[] s = e.getValue().shape();
                    StringBuilder shape = new StringBuilder();
                    for (int i = 0; i < s.length; i++) shape.append(i == 0 ? "" : ",").append(s[i]);
                    out.add(prefix + e.getKey() + " " + e.getValue().dtype().name().toLowerCase(java.util.Locale.ROOT)
                            + " " + shape);
                }
            }
        }
        return out;
    }

    static List<String> torchvisionLayout(String model) throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = ModelsTest.class.getResourceAsStream("/torchvision/" + model + ".txt")) {
            if (in == null) throw new IOException("missing test resource torchvision/" + model + ".txt");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) if (!line.startsWith("#") && !line.isBlank()) out.add(line.stripLeading());
        }
        return out;
    }

    static void assertTorchvisionLayout(String name, Module model) throws IOException {
        List<String> expected = torchvisionLayout(name), actual = layout(model);
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), name + ": state-dict entry " + i);
        }
        assertEquals(expected.size(), actual.size(), name + ": number of state-dict entries");
    }

    static Tensor forward(Module model, int... inputShape) {
        model.eval();
        try (var scope = GradMode.noGrad()) {
            return model.forward(Tensor.randn(new Generator(1), inputShape));
        }
    }

    @Test
    void resnet18() throws IOException {
        ResNet m = ResNet.resnet18(1000, new Generator(0));
        assertEquals(11_689_512, m.parameterCount(false));
        assertTorchvisionLayout("resnet18", m);
        assertArrayEquals(new int[] {2, 1000}, forward(m, 2, 3, 32, 32).shape());
        assertArrayEquals(new int[] {1, 7}, forward(ResNet.resnet18(7, new Generator(0)), 1, 3, 40, 48).shape());
    }

    @Test
    void resnet34() throws IOException {
        ResNet m = ResNet.resnet34(1000, new Generator(0));
        assertEquals(21_797_672, m.parameterCount(false));
        assertTorchvisionLayout("resnet34", m);
        assertArrayEquals(new int[] {1, 1000}, forward(m, 1, 3, 32, 32).shape());
    }

    @Test
    void resnet50() throws IOException {
        ResNet m = ResNet.resnet50(1000, new Generator(0));
        assertEquals(25_557_032, m.parameterCount(false));
        assertTorchvisionLayout("resnet50", m);
        assertArrayEquals(new int[] {1, 1000}, forward(m, 1, 3, 32, 32).shape());
    }

    @Test
    void vgg16() throws IOException {
        VGG m = VGG.vgg16(1000, new Generator(0));
        assertEquals(138_357_544, m.parameterCount(false));
        assertTorchvisionLayout("vgg16", m);
        assertArrayEquals(new int[] {1, 1000}, forward(m, 1, 3, 32, 32).shape());
    }

    @Test
    void vggWithBatchNormAndASmallConfiguration() {
        // two conv stages (8 and 16 channels) with batch norm, hidden width 32, 3 classes: names as torchvision's vgg*_bn
        VGG small = new VGG(new int[] {8, -1, 16, -1}, true, 3, 32, 0.5, new Generator(0));
        assertEquals(List.of("features.0.weight float32 8,3,3,3", "features.0.bias float32 8", "features.1.weight float32 8",
                "features.1.bias float32 8", "features.1.running_mean float32 8", "features.1.running_var float32 8",
                "features.1.num_batches_tracked int64 ", "features.4.weight float32 16,8,3,3"), layout(small).subList(0, 8));
        assertEquals(8 * 27 + 8 + 16 + 16 * 72 + 16 + 32 + 16 * 49 * 32 + 32 + 32 * 32 + 32 + 32 * 3 + 3, small.parameterCount(false));
        assertArrayEquals(new int[] {2, 3}, forward(small, 2, 3, 20, 20).shape());
        assertThrows(IllegalArgumentException.class, () -> new VGG(new int[] {8, 0}, false, 3, 32, 0.5, new Generator(0)));
    }

    @Test
    void alexnet() throws IOException {
        AlexNet m = new AlexNet(1000, new Generator(0));
        assertEquals(61_100_840, m.parameterCount(false));
        assertTorchvisionLayout("alexnet", m);
        assertArrayEquals(new int[] {1, 1000}, forward(m, 1, 3, 63, 63).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forward(m, 1, 3, 62, 63));
        assertTrue(e.getMessage().contains("AlexNet: expected input [N, 3, H, W] with H, W >= 63, got [1,3,62,63]"), e.getMessage());
    }

    @Test
    void mobilenetV2() throws IOException {
        MobileNetV2 m = new MobileNetV2(1000, new Generator(0));
        assertEquals(3_504_872, m.parameterCount(false));
        assertTorchvisionLayout("mobilenet_v2", m);
        assertArrayEquals(new int[] {2, 1000}, forward(m, 2, 3, 32, 32).shape());
        // width multiplier: channels rounded to multiples of 8
        assertEquals(16, MobileNetV2.makeDivisible(32 * 0.5, 8));
        assertEquals(8, MobileNetV2.makeDivisible(3, 8));
        assertEquals(24, MobileNetV2.makeDivisible(20, 8)); // 16 would be below 0.9 * 20
        MobileNetV2 half = new MobileNetV2(10, 0.5, 0.2, new Generator(0));
        assertArrayEquals(new int[] {1, 10}, forward(half, 1, 3, 32, 32).shape());
        assertTrue(((InvertedResidual) m.features().get(3)).hasResidual());
        assertTrue(!((InvertedResidual) m.features().get(2)).hasResidual());
    }

    @Test
    void lenet5() {
        LeNet5 m = new LeNet5(new Generator(0));
        assertEquals(156 + 2416 + 48120 + 10164 + 850, m.parameterCount(false));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias"),
                new ArrayList<>(m.stateDict().keySet()));
        assertArrayEquals(new int[] {3, 10}, forward(m, 3, 1, 28, 28).shape());
        // other input sizes and class counts: 3 x 32 x 32 (CIFAR) flattens 16 x 5 x 5; 1 x 13 x 17 flattens 16 x 1 x 2
        assertArrayEquals(new int[] {2, 5}, forward(new LeNet5(3, 32, 32, 5, new Generator(0)), 2, 3, 32, 32).shape());
        assertArrayEquals(new int[] {1, 4}, forward(new LeNet5(1, 13, 17, 4, new Generator(0)), 1, 1, 13, 17).shape());
        assertThrows(IllegalArgumentException.class, () -> new LeNet5(1, 11, 28, 10, new Generator(0)));
    }

    @Test
    void inceptionModule() {
        // GoogLeNet's inception (3a): 192 -> 64 + 128 + 32 + 32 = 256 channels
        InceptionModule m = new InceptionModule(192, 64, 96, 128, 16, 32, 32, new Generator(0));
        assertEquals(256, m.outChannels());
        long convs = 192 * 64 + 192 * 96 + 96 * 9 * 128 + 192 * 16 + 16 * 25 * 32 + 192 * 32;
        long bns = 2 * (64 + 96 + 128 + 16 + 32 + 32);
        assertEquals(convs + bns, m.parameterCount(false));
        assertArrayEquals(new int[] {2, 256, 7, 5}, forward(m, 2, 192, 7, 5).shape());
        assertTrue(m.stateDict().containsKey("branch3.1.conv.weight"));
        assertArrayEquals(new int[] {32, 16, 5, 5}, m.stateDict().get("branch3.1.conv.weight").shape());
        assertArrayEquals(new int[] {32, 192, 1, 1}, m.stateDict().get("branch4.1.conv.weight").shape());
    }

    @Test
    void unet() {
        assertEquals(31_037_698, new UNet(3, 2, 64, 4, new Generator(0)).parameterCount(false));
        UNet course = new UNet(3, 23, 32, 4, new Generator(0));
        assertEquals(7_763_767, course.parameterCount(false));
        UNet small = new UNet(1, 3, 4, 2, new Generator(0));
        assertEquals(7_487, small.parameterCount(false));
        assertArrayEquals(new int[] {2, 3, 16, 24}, forward(small, 2, 1, 16, 24).shape());
        assertArrayEquals(new int[] {1, 3, 17, 21}, forward(small, 1, 1, 17, 21).shape()); // odd sizes: padded skips
        assertTrue(small.stateDict().keySet().containsAll(List.of("inc.double_conv.0.weight", "down2.1.double_conv.4.running_var",
                "up1.up.weight", "up2.conv.double_conv.3.weight", "outc.conv.bias")));
        assertArrayEquals(new int[] {16, 8, 2, 2}, small.stateDict().get("up1.up.weight").shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forward(small, 1, 1, 3, 8));
        assertTrue(e.getMessage().contains("H, W >= 4 (depth 2)"), e.getMessage());
    }

    @Test
    void hardtanhAndRelu6() {
        Tensor x = Tensor.of(-1f, 0f, 3f, 6f, 7f, Float.NaN).requiresGrad_(true);
        Tensor y = new ReLU6().forward(x);
        assertArrayEquals(new float[] {0, 0, 3, 6, 6, Float.NaN}, y.toFloatArray());
        y.slice(0, 0, 5).sum().backward();
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0}, x.grad().toFloatArray()); // PyTorch: 0 at the bounds
        assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, 1));
        assertArrayEquals(new float[] {-1, 0.5f, 1}, new Hardtanh().forward(Tensor.of(-3f, 0.5f, 2f)).toFloatArray());
    }

    @Test
    void forwardIsBitwiseTheSameOnOneAndTwoThreads() {
        ResNet m = ResNet.resnet18(10, new Generator(4));
        Tensor one = Parallel.withThreads(1, () -> forward(m, 2, 3, 40, 40));
        Tensor two = Parallel.withThreads(2, () -> forward(m, 2, 3, 40, 40));
        assertIdentical(one, two);
    }

    @Test
    void everyParameterOfTheUNetAndInceptionModuleGetsAGradient() {
        for (Module m : List.of(new UNet(2, 3, 4, 2, new Generator(0)), new InceptionModule(3, 2, 2, 3, 2, 3, 2, new Generator(0)))) {
            m.train();
            Tensor x = Tensor.randn(new Generator(1), 2, m instanceof UNet ? 2 : 3, 9, 11);
            m.forward(x).square().mean().backward();
            for (Map.Entry<String, Tensor> p : m.namedParameters().entrySet()) {
                Tensor g = p.getValue().grad();
                assertTrue(g != null && g.abs().sum().item() > 0, m.getClass().getSimpleName() + " " + p.getKey());
            }
        }
    }

    @Test
    void sameSeedSameWeights() {
        Map<String, Tensor> a = new MobileNetV2(10, 0.5, 0.2, new Generator(3)).stateDict();
        Map<String, Tensor> b = new MobileNetV2(10, 0.5, 0.2, new Generator(3)).stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }
}
