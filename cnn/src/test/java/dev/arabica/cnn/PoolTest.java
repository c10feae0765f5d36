package dev.arabica.cnn;

import static dev.arabica.cnn.ConvTest.assertClose;
import static dev.arabica.cnn.ConvTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Pooling, resizing and padding: central differences over the options, loop references, awkward sizes, views, threads, messages. */
class PoolTest {

    /** Distinct values 0.05 apart in shuffled order, so that a central difference never crosses a tie. */
    static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2) * 0.05f;
        Generator gen = new Generator(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape).requiresGrad_(true);
    }

    static final List<PoolOptions> MAX_OPTIONS = List.of(
            PoolOptions.of(2), PoolOptions.of(3).stride(2).padding(1), PoolOptions.of(3).stride(2).padding(1).ceilMode(true),
            PoolOptions.of(2).stride(3), PoolOptions.of(3, 2).stride(1, 2).padding(1, 0).dilation(2, 1),
            PoolOptions.of(2).stride(1).padding(1).dilation(2).ceilMode(true), PoolOptions.of(1), PoolOptions.of(5, 7));

    static final List<PoolOptions> AVG_OPTIONS = List.of(
            PoolOptions.of(2), PoolOptions.of(3).stride(2).padding(1), PoolOptions.of(3).stride(2).padding(1).ceilMode(true),
            PoolOptions.of(3).stride(2).padding(1).ceilMode(true).countIncludePad(false), PoolOptions.of(2).stride(3),
            PoolOptions.of(4, 2).stride(3, 1).padding(2, 1).countIncludePad(false), PoolOptions.of(2).divisorOverride(3),
            PoolOptions.of(1), PoolOptions.of(5, 7));

    @Test
    void maxPoolingMatchesLoopsAndCentralDifferences() {
        for (PoolOptions o : MAX_OPTIONS) {
            Tensor x = distinct(1, 2, 3, 5, 7);
            if (!o.ceilMode() && o.kernelHeight() == o.kernelWidth() && o.strideHeight() == o.strideWidth()
                    && o.dilationHeight() == o.dilationWidth()) {
                assertClose(o.toString(), Naive.maxPool2d(x, o.kernelHeight(), o.strideHeight(), o.paddingHeight(), o.dilationHeight()),
                        CnnFunctional.maxPool2d(x, o), 0f);
            }
            assertGradients(o.toString(), in -> CnnFunctional.maxPool2d(in[0], o), x);
        }
    }

    @Test
    void maxPoolingTiesGoToTheFirstMaximumAndNanWinsAsInPyTorch() {
        float nan = Float.NaN;
        // window 0: tie 2 at positions 1 and 4 -> the first; window 1: -0 then +0 -> the first (-0);
        // window 2: one NaN; window 3: two NaNs -> PyTorch's scan keeps the last NaN
        Tensor x = Tensor.of(new float[] {
            1, 2, -0f, 0f, nan, 1, 5, nan,
            0, 2, -1, -1, 3, 9, nan, 2}, 1, 1, 2, 8).requiresGrad_(true);
        for (PoolOptions o : List.of(PoolOptions.of(2), PoolOptions.of(2).padding(0, 1).stride(2, 2))) {
            Tensor.ValuesIndices vi = CnnFunctional.maxPool2dWithIndices(x, o);
            if (o.paddingWidth() == 0) {
                assertArrayEquals(new long[] {1, 2, 4, 14}, vi.indices().toLongArray());
                float[] v = vi.values().toFloatArray();
                assertEquals(2f, v[0]);
                assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[1]));
                assertTrue(Float.isNaN(v[2]) && Float.isNaN(v[3]));
            }
        }
        // the general (3x3, stride 1, padded) path agrees with the 2x2 one where windows coincide
        Tensor y = Tensor.of(new float[] {nan, 1, 1, nan, 4, 4, 4, 4, 0}, 1, 1, 3, 3);
        Tensor.ValuesIndices general = CnnFunctional.maxPool2dWithIndices(y, PoolOptions.of(3).stride(1).padding(1));
        assertArrayEquals(new long[] {3, 3, 4, 3, 3, 4, 3, 3, 4}, general.indices().toLongArray()); // as PyTorch
        Tensor.ValuesIndices plain = CnnFunctional.maxPool2dWithIndices(Tensor.of(new float[] {3, 3, 1, 3}, 1, 1, 2, 2), PoolOptions.of(2));
        assertArrayEquals(new long[] {0}, plain.indices().toLongArray());
    }

    @Test
    void maxPoolingWithoutGradientGivesTheSameBits() {
        // without a backward or indices the positions are not computed: the values must not change,
        // including the sign of a zero maximum (-0 first wins) and NaN
        float nan = Float.NaN;
        Tensor ties = Tensor.of(new float[] {
            1, 2, -0f, 0f, nan, 1, 5, nan, -0f,
            0, 2, -1, -1, 3, 9, nan, 2, 0f,
            -0f, -0f, 0f, -3, -2, 0f, -1, -0f, 7}, 1, 1, 3, 9);
        for (Tensor x : List.of(ties, distinct(3, 2, 3, 7, 9), distinct(4, 1, 2, 1, 1))) {
            for (PoolOptions o : MAX_OPTIONS) {
                Tensor in = x.detach().requiresGrad(true);
                if (in.size(2) < o.kernelHeight() || in.size(3) < o.kernelWidth()) continue;
                float[] withGrad = CnnFunctional.maxPool2d(in, o).toFloatArray();
                float[] inference;
                try (var scope = dev.arabica.core.GradMode.noGrad()) {
                    inference = CnnFunctional.maxPool2d(in, o).toFloatArray();
                }
                assertEquals(withGrad.length, inference.length, o.toString());
                for (int i = 0; i < withGrad.length; i++) {
                    boolean same = Float.isNaN(withGrad[i]) ? Float.isNaN(inference[i])
                            : Float.floatToRawIntBits(withGrad[i]) == Float.floatToRawIntBits(inference[i]);
                    assertTrue(same, o + " element " + i + ": " + withGrad[i] + " vs " + inference[i]);
                }
            }
        }
    }

    @Test
    void averagePoolingMatchesCentralDifferences() {
        for (PoolOptions o : AVG_OPTIONS) assertGradients(o.toString(), in -> CnnFunctional.avgPool2d(in[0], o), distinct(2, 2, 3, 5, 7));
        // the plain 2x2 case by hand
        Tensor x = Tensor.arange(16).reshape(1, 1, 4, 4);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, CnnFunctional.avgPool2d(x, 2).toFloatArray());
    }

    @Test
    void adaptivePoolingMatchesCentralDifferences() {
        int[][] sizes = {{1, 1}, {2, 3}, {3, 4}, {5, 7}, {7, 9}, {-1, 2}, {4, -1}};
        for (int[] s : sizes) {
            assertGradients("avg " + s[0] + "x" + s[1], in -> CnnFunctional.adaptiveAvgPool2d(in[0], s[0], s[1]), distinct(3, 2, 2, 5, 7));
            assertGradients("max " + s[0] + "x" + s[1], in -> CnnFunctional.adaptiveMaxPool2d(in[0], s[0], s[1]), distinct(4, 2, 2, 5, 7));
        }
        Tensor x = distinct(5, 2, 3, 4, 6);
        assertClose("global = mean", x.mean(new int[] {2, 3}, false), CnnFunctional.globalAvgPool2d(x, false), 1e-6f);
        assertArrayEquals(new int[] {2, 3, 1, 1}, CnnFunctional.globalAvgPool2d(x, true).shape());
    }

    @Test
    void resizingMatchesCentralDifferences() {
        for (InterpolationMode mode : InterpolationMode.values()) {
            for (boolean align : mode == InterpolationMode.BILINEAR ? new boolean[] {false, true} : new boolean[] {false}) {
                for (int[] size : new int[][] {{8, 11}, {3, 4}, {1, 1}, {5, 7}, {10, 14}}) {
                    assertGradients(mode + " " + align + " " + size[0] + "x" + size[1],
                            in -> CnnFunctional.interpolate(in[0], size, mode, align), distinct(6, 1, 2, 5, 7));
                }
                assertGradients(mode + " scale 2.5", in -> CnnFunctional.interpolate(in[0], 2.5, mode, align), distinct(7, 1, 2, 3, 2));
            }
        }
        Tensor x = Tensor.arange(4).reshape(1, 1, 2, 2);
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3},
                CnnFunctional.interpolate(x, 2, InterpolationMode.NEAREST, false).toFloatArray());
        assertArrayEquals(new float[] {0, 0.5f, 1, 1, 1.5f, 2, 2, 2.5f, 3},
                CnnFunctional.interpolate(x, new int[] {3, 3}, InterpolationMode.BILINEAR, true).toFloatArray());
    }

    @Test
    void zeroPaddingPadsAndCrops() {
        Tensor x = distinct(8, 1, 2, 3, 3);
        Tensor y = CnnFunctional.zeroPad2d(x, 1, 2, 0, 1);
        assertArrayEquals(new int[] {1, 2, 4, 6}, y.shape());
        assertEquals(x.get(0, 1, 2, 2), y.get(0, 1, 2, 3));
        assertEquals(0f, y.get(0, 1, 3, 3));
        assertArrayEquals(new int[] {1, 2, 1, 3}, CnnFunctional.zeroPad2d(x, 0, 0, -1, -1).shape());
        assertGradients("pad", in -> CnnFunctional.zeroPad2d(in[0], 2, 1, 1, -1), x);
    }

    @Test
    void awkwardSizes() {
        Tensor one = Tensor.of(new float[] {3f}, 1, 1, 1, 1);
        assertEquals(3f, CnnFunctional.maxPool2d(one, 1).item());
        assertEquals(3f, CnnFunctional.avgPool2d(one, 1).item());
        assertEquals(3f, CnnFunctional.adaptiveAvgPool2d(one, 1).item());
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, CnnFunctional.adaptiveMaxPool2d(one, 2).toFloatArray());
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, CnnFunctional.interpolate(one, new int[] {2, 2}, InterpolationMode.BILINEAR, false).toFloatArray());
        // kernel as large as the image; unbatched input
        Tensor x = distinct(9, 3, 4, 5);
        Tensor y = CnnFunctional.maxPool2d(x, PoolOptions.of(4, 5));
        assertArrayEquals(new int[] {3, 1, 1}, y.shape());
        assertClose("global max", x.flatten(1, -1).max(1, false).values(), y.flatten(), 0f);
        assertClose("unbatched", CnnFunctional.avgPool2d(x.unsqueeze(0), 2).squeeze(0), CnnFunctional.avgPool2d(x, 2), 0f);
        // empty batch
        assertArrayEquals(new int[] {0, 2, 2, 2}, CnnFunctional.maxPool2d(Tensor.zeros(0, 2, 4, 4), 2).shape());
    }

    @Test
    void viewsGiveTheContiguousResult() {
        Tensor base = distinct(10, 2, 9, 8, 3);              // NHWC
        Tensor view = base.permute(0, 3, 1, 2).slice(2, 1, 9); // NCHW, 8x8, strided and offset
        Tensor cont = view.contiguous();
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> CnnFunctional.maxPool2d(t, PoolOptions.of(3).stride(2).padding(1)),
                t -> CnnFunctional.maxPool2d(t, 2),
                t -> CnnFunctional.avgPool2d(t, PoolOptions.of(3).stride(2).padding(1).countIncludePad(false)),
                t -> CnnFunctional.adaptiveAvgPool2d(t, 3, 5),
                t -> CnnFunctional.adaptiveMaxPool2d(t, 3, 5),
                t -> CnnFunctional.interpolate(t, 1.5, InterpolationMode.BILINEAR, true),
                t -> CnnFunctional.interpolate(t, new int[] {5, 11}, InterpolationMode.NEAREST, false));
        for (Function<Tensor, Tensor> op : ops) assertArrayEquals(op.apply(cont).toFloatArray(), op.apply(view).toFloatArray());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = Tensor.randn(new Generator(11), 8, 16, 32, 32);
        List<Function<Tensor, Tensor>> ops = List.of(
                t -> CnnFunctional.maxPool2d(t, 2), t -> CnnFunctional.avgPool2d(t, PoolOptions.of(3).stride(2).padding(1)),
                t -> CnnFunctional.adaptiveAvgPool2d(t, 5), t -> CnnFunctional.interpolate(t, 2, InterpolationMode.BILINEAR, false));
        for (Function<Tensor, Tensor> op : ops) {
            float[][] one = Parallel.withThreads(1, () -> forwardBackward(op, x));
            float[][] two = Parallel.withThreads(2, () -> forwardBackward(op, x));
            assertArrayEquals(one[0], two[0]);
            assertArrayEquals(one[1], two[1]);
        }
    }

    private static float[][] forwardBackward(Function<Tensor, Tensor> op, Tensor x0) {
        Tensor x = x0.detach().clone().requiresGrad_(true);
        Tensor y = op.apply(x);
        y.backward(Tensor.ones(y.shape()).mul(0.5f));
        return new float[][] {y.toFloatArray(), x.grad().toFloatArray()};
    }

    @Test
    void badInputsAreReported() {
        assertMessage("max_pool2d: input of shape [2,3] must be 4-D [N, C, H, W] (or 3-D [C, H, W])",
                () -> CnnFunctional.maxPool2d(Tensor.zeros(2, 3), 2));
        assertMessage("max_pool2d: input of shape [1,1,2,2] is too small for kernelSize=3, stride=3, padding=0, dilation=1, ceilMode=false (output size 0x0)",
                () -> CnnFunctional.maxPool2d(Tensor.zeros(1, 1, 2, 2), 3));
        assertMessage("PoolOptions: padding must be >= 0 and at most half the kernel size, got padding (2, 2) for kernel (3, 3)",
                () -> PoolOptions.of(3).padding(2));
        assertMessage("avg_pool2d: average pooling has no dilation, got (2, 2)",
                () -> CnnFunctional.avgPool2d(Tensor.zeros(1, 1, 8, 8), PoolOptions.of(2).dilation(2)));
        assertMessage("adaptive_avg_pool2d: output size must be >= 0 (or -1 to keep the input size), got (-2, 1)",
                () -> CnnFunctional.adaptiveAvgPool2d(Tensor.zeros(1, 1, 8, 8), -2, 1));
        assertMessage("interpolate: alignCorners can only be set with the interpolating mode BILINEAR",
                () -> CnnFunctional.interpolate(Tensor.zeros(1, 1, 2, 2), 2, InterpolationMode.NEAREST, true));
        assertMessage("interpolate: input of shape [2,2] must be 4-D [N, C, H, W]",
                () -> CnnFunctional.interpolate(Tensor.zeros(2, 2), 2, InterpolationMode.NEAREST, false));
        assertMessage("interpolate: scale factors must be two positive numbers, got [0.0, 0.0]",
                () -> CnnFunctional.interpolate(Tensor.zeros(1, 1, 2, 2), 0, InterpolationMode.NEAREST, false));
    }

    static void assertGradients(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Report r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), what + ": " + r);
    }
}
