package dev.arabica.cnn;

import static dev.arabica.cnn.ConvTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Flatten;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The layers: shapes, parameter names and layouts, PyTorch's initialisation bounds, validation, and a small training run. */
class LayersTest {

    @Test
    void conv2dHasPyTorchNamesLayoutsAndInitialisation() {
        Conv2d conv = new Conv2d(6, 8, 3, 5, ConvOptions.DEFAULT.groups(2).padding(1, 2), new Generator(1));
        Map<String, Tensor> params = conv.namedParameters();
        assertEquals(List.of("weight", "bias"), List.copyOf(params.keySet()));
        assertArrayEquals(new int[] {8, 3, 3, 5}, conv.weight().shape());
        assertArrayEquals(new int[] {8}, conv.bias().shape());
        double bound = 1 / Math.sqrt(3 * 3 * 5); // kaiming_uniform(a = sqrt(5)) = U(-1/sqrt(fanIn), 1/sqrt(fanIn))
        assertWithin(conv.weight(), bound);
        assertWithin(conv.bias(), bound);
        assertArrayEquals(new int[] {2, 8, 7, 3}, conv.forward(Tensor.zeros(2, 6, 7, 3)).shape());
        assertArrayEquals(new int[] {8, 7, 3}, conv.forward(Tensor.zeros(6, 7, 3)).shape());
        // same seed, same weights
        Conv2d again = new Conv2d(6, 8, 3, 5, ConvOptions.DEFAULT.groups(2).padding(1, 2), new Generator(1));
        assertArrayEquals(conv.weight().toFloatArray(), again.weight().toFloatArray());
        Conv2d noBias = new Conv2d(3, 4, 1, ConvOptions.DEFAULT.bias(false), new Generator(2));
        assertNull(noBias.bias());
        assertEquals(List.of("weight"), List.copyOf(noBias.stateDict().keySet()));
        assertEquals("Conv2d(6, 8, kernelSize=(3, 5), stride=1, padding=(1, 2), dilation=1, groups=2, bias=true)", conv.toString());
    }

    @Test
    void conv1dAndTransposedConvolution() {
        Conv1d c1 = new Conv1d(4, 6, 3, ConvOptions.DEFAULT.stride(2).padding(1), new Generator(3));
        assertArrayEquals(new int[] {6, 4, 3}, c1.weight().shape());
        assertArrayEquals(new int[] {2, 6, 5}, c1.forward(Tensor.zeros(2, 4, 10)).shape());
        assertWithin(c1.weight(), 1 / Math.sqrt(12));

        ConvTranspose2d up = new ConvTranspose2d(8, 4, 2, ConvTransposeOptions.DEFAULT.stride(2), new Generator(4));
        assertArrayEquals(new int[] {8, 4, 2, 2}, up.weight().shape()); // [C_in, C_out/groups, kH, kW]
        assertWithin(up.weight(), 1 / Math.sqrt(4 * 2 * 2));           // PyTorch's fan-in of this layout
        assertArrayEquals(new int[] {1, 4, 10, 12}, up.forward(Tensor.zeros(1, 8, 5, 6)).shape());
        ConvTranspose2d odd = new ConvTranspose2d(2, 2, 3, ConvTransposeOptions.DEFAULT.stride(2).padding(1), new Generator(5));
        assertArrayEquals(new int[] {1, 2, 9, 10}, odd.forward(Tensor.zeros(1, 2, 5, 5), new int[] {9, 10}).shape());
        assertMessage("ConvTranspose2d: requested output size [12,10] is not reachable from input [1,2,5,5] with "
                + "stride=2, padding=1, outputPadding=0, dilation=1, groups=1, bias=true",
                () -> odd.forward(Tensor.zeros(1, 2, 5, 5), new int[] {12, 10}));
    }

    @Test
    void depthwiseSeparableConvolutionIsDepthwiseThenPointwise() {
        DepthwiseSeparableConv2d ds = new DepthwiseSeparableConv2d(4, 7, 3, ConvOptions.DEFAULT.padding(1), new Generator(6));
        assertEquals(List.of("depthwise.weight", "depthwise.bias", "pointwise.weight", "pointwise.bias"), List.copyOf(ds.stateDict().keySet()));
        assertArrayEquals(new int[] {4, 1, 3, 3}, ds.depthwise().weight().shape());
        assertArrayEquals(new int[] {7, 4, 1, 1}, ds.pointwise().weight().shape());
        assertEquals(4 * 9 + 4 + 4 * 7 + 7, ds.parameterCount(false));
        Tensor x = Tensor.randn(new Generator(7), 2, 4, 5, 5);
        Tensor y = ds.forward(x);
        Tensor expected = ds.pointwise().forward(ds.depthwise().forward(x));
        assertArrayEquals(expected.toFloatArray(), y.toFloatArray());
        assertArrayEquals(new int[] {2, 7, 5, 5}, y.shape());
        GradCheck.Report r = GradCheck.check(in -> ds.forward(in[0]), Tensor.randn(new Generator(8), 1, 4, 4, 3).requiresGrad_(true));
        assertTrue(r.passed(), r.toString());
        assertMessage("DepthwiseSeparableConv2d: groups are set to inChannels=4; leave them at 1, got 2",
                () -> new DepthwiseSeparableConv2d(4, 7, 3, ConvOptions.DEFAULT.groups(2), new Generator(1)));
    }

    @Test
    void parameterFreeLayersHaveTheDocumentedShapes() {
        Tensor x = Tensor.randn(new Generator(8), 2, 3, 9, 8);
        assertArrayEquals(new int[] {2, 3, 4, 4}, new MaxPool2d(2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 5, 4}, new MaxPool2d(PoolOptions.of(3).stride(2).padding(1)).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 5, 4}, new MaxPool2d(PoolOptions.of(2).ceilMode(true)).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 4, 3}, new AvgPool2d(3, 2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 1, 1}, new AdaptiveAvgPool2d(1).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 9, 2}, new AdaptiveAvgPool2d(-1, 2).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 4, 5}, new AdaptiveMaxPool2d(4, 5).forward(x).shape());
        assertArrayEquals(new int[] {2, 3}, new GlobalAvgPool2d().forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 1, 1}, new GlobalAvgPool2d(true).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 18, 16}, new Upsample(2, InterpolationMode.NEAREST).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 5, 6}, new Upsample(new int[] {5, 6}, InterpolationMode.BILINEAR, true).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 11, 12}, new ZeroPad2d(2, 2, 1, 1).forward(x).shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, new MaxPool2d(2).forwardWithIndices(x).indices().shape());
        assertEquals("MaxPool2d(kernelSize=3, stride=2, padding=1, dilation=1, ceilMode=false)",
                new MaxPool2d(PoolOptions.of(3).stride(2).padding(1)).toString());
    }

    @Test
    void constructorsRejectBadArguments() {
        Generator gen = new Generator(9);
        assertMessage("Conv2d: in=6 and out=4 channels must both be divisible by groups=4",
                () -> new Conv2d(6, 4, 3, ConvOptions.DEFAULT.groups(4), gen));
        assertMessage("Conv2d: channel counts must be >= 1, got in=0, out=4", () -> new Conv2d(0, 4, 3, gen));
        assertMessage("Conv2d: kernel size must be >= 1, got (0, 0)", () -> new Conv2d(3, 4, 0, gen));
        assertMessage("Conv1d: stride, padding and dilation must be single values, got stride=1, padding=(1, 2), dilation=1, groups=1, bias=true",
                () -> new Conv1d(3, 4, 3, ConvOptions.DEFAULT.padding(1, 2), gen));
        assertMessage("AvgPool2d: average pooling has no dilation, got (2, 2)", () -> new AvgPool2d(PoolOptions.of(3).dilation(2)));
        assertMessage("Upsample: alignCorners can only be set with the interpolating mode BILINEAR",
                () -> new Upsample(2, InterpolationMode.NEAREST, true));
        assertMessage("Upsample: size must be two positive sizes {H, W}, got [3]", () -> new Upsample(new int[] {3}, InterpolationMode.NEAREST, false));
    }

    @Test
    void aSmallConvNetLearnsToTellStripeDirections() {
        // Images with a horizontal (class 0) or vertical (class 1) bright stripe at a random place.
        Generator gen = new Generator(10);
        int n = 64;
        float[] pixels = new float[n * 8 * 8];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            int at = (int) gen.nextLong(8);
            for (int k = 0; k < 8; k++) pixels[i * 64 + (labels[i] == 0 ? at * 8 + k : k * 8 + at)] = 1f;
        }
        Tensor x = Tensor.of(pixels, n, 1, 8, 8), y = Tensor.ofLongs(labels, n);
        Module net = new Sequential(new Conv2d(1, 4, 3, ConvOptions.DEFAULT.padding(1), gen), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, 3, gen), new ReLU(), new AdaptiveAvgPool2d(1), new Flatten(), new Linear(8, 2, gen));
        float first = 0, last = 0;
        for (int step = 0; step < 60; step++) {
            net.zeroGrad();
            Tensor loss = Losses.crossEntropy(net.forward(x), y);
            loss.backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : net.parameters()) p.add_(p.grad(), -0.5f);
            }
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        assertTrue(last < 0.2f * first, "loss " + first + " -> " + last);
    }

    private static void assertWithin(Tensor t, double bound) {
        float[] v = t.toFloatArray();
        float max = 0;
        for (float f : v) max = Math.max(max, Math.abs(f));
        assertTrue(max <= bound, "max |value| " + max + " > bound " + bound);
        assertTrue(max > 0.5 * bound, "values too small for U(-" + bound + ", " + bound + "): max " + max);
    }
}
