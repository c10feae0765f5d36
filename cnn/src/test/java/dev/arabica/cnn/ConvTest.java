package dev.arabica.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conv2d, conv1d and conv_transpose2d against loop implementations, by central differences, on views and at awkward sizes. */
class ConvTest {

    /** One conv2d configuration: input [n, cin, h, w], weight [cout, cin/groups, kh, kw], symmetric padding. */
    record Case(int n, int cin, int h, int w, int cout, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                int groups, boolean bias) {
        ConvOptions options() {
            return ConvOptions.DEFAULT.stride(sh, sw).padding(ph, pw).dilation(dh, dw).groups(groups);
        }

        Tensor[] inputs(long seed) {
            Generator gen = new Generator(seed);
            Tensor x = Tensor.randn(gen, n, cin, h, w).requiresGrad_(true);
            Tensor wt = Tensor.randn(gen, cout, cin / groups, kh, kw).requiresGrad_(true);
            Tensor b = bias ? Tensor.randn(gen, cout).requiresGrad_(true) : null;
            return b == null ? new Tensor[] {x, wt} : new Tensor[] {x, wt, b};
        }

        Tensor run(Tensor[] in) {
            return CnnFunctional.conv2d(in[0], in[1], in.length > 2 ? in[2] : null, options());
        }

        Tensor naive(Tensor[] in) {
            return Naive.conv2d(in[0], in[1], in.length > 2 ? in[2] : null, sh, sw, ph, ph, pw, pw, dh, dw, groups);
        }
    }

    static final List<Case> CASES = List.of(
            new Case(2, 3, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, true),     // plain 3x3, padding 1
            new Case(1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, true),     // 1x1 image, pointwise
            new Case(2, 3, 5, 5, 5, 5, 5, 1, 1, 0, 0, 1, 1, 1, false),    // kernel == image
            new Case(1, 4, 7, 6, 6, 2, 2, 3, 3, 1, 1, 1, 1, 2, true),     // stride > kernel, groups 2
            new Case(2, 5, 6, 7, 5, 3, 3, 1, 1, 1, 1, 1, 1, 5, true),     // depthwise
            new Case(1, 3, 5, 5, 6, 3, 3, 2, 2, 1, 1, 1, 1, 3, false),    // depthwise, multiplier 2, stride 2
            new Case(2, 3, 9, 8, 4, 3, 2, 1, 2, 2, 1, 2, 3, 1, true),     // dilation and rectangular everything
            new Case(2, 6, 4, 5, 9, 1, 1, 1, 1, 0, 0, 1, 1, 3, true),     // pointwise with groups
            new Case(1, 3, 5, 5, 2, 1, 1, 2, 2, 0, 0, 1, 1, 1, true),     // 1x1 stride 2
            new Case(1, 2, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, true),     // 1x1 with padding
            new Case(3, 7, 4, 4, 3, 3, 3, 1, 1, 2, 2, 1, 1, 1, true),     // odd channels, padding > kernel / 2
            new Case(1, 2, 2, 9, 3, 2, 4, 1, 2, 0, 3, 1, 1, 1, true),     // wide, asymmetric stride
            new Case(2, 3, 6, 12, 4, 2, 9, 1, 1, 0, 0, 1, 1, 1, true),    // stride 1 with one column per output pixel
            new Case(2, 4, 9, 8, 8, 3, 3, 2, 1, 2, 1, 2, 1, 4, true),     // depthwise x2, stride (2, 1), dilation (2, 1)
            new Case(1, 3, 7, 7, 9, 5, 3, 3, 2, 2, 1, 1, 2, 3, false));   // depthwise x3, stride (3, 2), 5x3, dilation (1, 2)

    @Test
    void forwardMatchesLoops() {
        for (Case c : CASES) {
            Tensor[] in = c.inputs(7);
            assertClose(c.toString(), c.naive(in), c.run(in), 1e-4f);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        for (Case c : CASES) {
            GradCheck.Report r = GradCheck.check(c::run, c.inputs(11));
            assertTrue(r.passed(), c + ": " + r);
        }
    }

    @Test
    void largeImagesGoThroughManyBlocks() {
        // 6144 output pixels (12 column blocks), 288 taps (2 blocks of the inner dimension); the
        // input gradient runs in column blocks narrowed by its 1 MiB patch-gradient limit.
        Generator gen = new Generator(3);
        Tensor x = Tensor.randn(gen, 1, 32, 48, 128).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, 2, 32, 3, 3).mul(0.1f).requiresGrad_(true);
        Tensor y = CnnFunctional.conv2d(x, w, null, 1, 1);
        assertClose("forward", Naive.conv2d(x, w, null, 1, 1, 1, 1, 1, 1, 1, 1, 1), y, 1e-4f);
        Tensor g = Tensor.randn(gen, y.shape());
        y.backward(g);
        // The input gradient is the transposed convolution of g; the weight gradient correlates x with g.
        Tensor wt = w.detach();
        assertClose("input gradient", Naive.convTranspose2d(g, wt, null, 1, 1, 0, 1, 1), x.grad(), 1e-4f);
        assertClose("weight gradient", Naive.conv2dWeightGrad(x.detach(), g, 3, 3, 1, 1, 1, 1), w.grad(), 1e-3f);
    }

    @Test
    void productsWrittenStraightIntoTheOutputMatchLoops() {
        // output channels a multiple of the micro-tile's rows and pixels a multiple of its columns:
        // the forward product goes straight into the output (one column per pixel); batch 1 (weights
        // packed per block), 288 taps (two inner blocks), bias, stride 2, and the input gradient of
        // a stride-1 convolution (the flipped-kernel forward) go the same way
        Generator gen = new Generator(23);
        int[][] shapes = {{2, 5, 16, 16, 8, 3, 1, 1}, {1, 32, 16, 32, 16, 3, 1, 1}, {2, 3, 16, 64, 16, 7, 2, 3}};
        for (int[] s : shapes) {
            String what = java.util.Arrays.toString(s);
            Tensor x = Tensor.randn(gen, s[0], s[1], s[2], s[3]).requiresGrad(true);
            Tensor w = Tensor.randn(gen, s[4], s[1], s[5], s[5]).mul(0.2f).requiresGrad(true);
            Tensor b = Tensor.randn(gen, s[4]).requiresGrad(true);
            ConvOptions o = ConvOptions.DEFAULT.stride(s[6]).padding(s[7]);
            Tensor y = CnnFunctional.conv2d(x, w, b, o);
            assertClose(what + " forward", Naive.conv2d(x, w, b, s[6], s[6], s[7], s[7], s[7], s[7], 1, 1, 1), y, 1e-4f);
            Tensor g = Tensor.randn(gen, y.shape());
            y.backward(g);
            if (s[6] == 1) {
                assertClose(what + " input gradient", Naive.convTranspose2d(g, w.detach(), null, 1, s[7], 0, 1, 1), x.grad(), 1e-4f);
            }
            Tensor one = Parallel.withThreads(1, () -> CnnFunctional.conv2d(x.detach(), w.detach(), b.detach(), o));
            Tensor two = Parallel.withThreads(2, () -> CnnFunctional.conv2d(x.detach(), w.detach(), b.detach(), o));
            assertArrayEquals(one.toFloatArray(), two.toFloatArray(), what + ": 1 vs 2 threads");
        }
    }

    @Test
    void conv1dMatchesConv2dOnARow() {
        Generator gen = new Generator(5);
        Tensor x = Tensor.randn(gen, 2, 4, 11).requiresGrad_(true);
        Tensor w = Tensor.randn(gen, 6, 2, 3).requiresGrad_(true);
        Tensor b = Tensor.randn(gen, 6).requiresGrad_(true);
        ConvOptions o = ConvOptions.DEFAULT.stride(2).padding(2).dilation(2).groups(2);
        Tensor y = CnnFunctional.conv1d(x, w, b, o);
        Tensor ref = Naive.conv2d(x.unsqueeze(2), w.unsqueeze(2), b, 1, 2, 0, 0, 2, 2, 1, 2, 2).squeeze(2);
        assertClose("conv1d", ref, y, 1e-4f);
        assertTrue(GradCheck.check(in -> CnnFunctional.conv1d(in[0], in[1], in[2], o), x, w, b).passed());
        // unbatched [C, L], and a transposed view ([N, L, C] storage)
        assertArrayEquals(y.select(0, 1).toFloatArray(), CnnFunctional.conv1d(x.select(0, 1), w, b, o).toFloatArray());
        Tensor view = x.detach().transpose(1, 2).contiguous().transpose(1, 2);
        assertArrayEquals(y.toFloatArray(), CnnFunctional.conv1d(view, w, b, o).toFloatArray());
    }

    @Test
    void transposedConvolutionMatchesScatterLoops() {
        int[][] configs = { // cin, cout/groups, k, stride, padding, output padding, dilation, groups, h, w
            {3, 2, 3, 1, 1, 0, 1, 1, 5, 5}, {4, 3, 2, 2, 0, 0, 1, 1, 4, 4}, {4, 1, 3, 2, 1, 1, 1, 4, 3, 5},
            {2, 3, 3, 3, 2, 1, 2, 2, 3, 4}, {1, 1, 1, 1, 0, 0, 1, 1, 1, 1}, {3, 5, 4, 2, 1, 0, 1, 1, 2, 3}};
        for (int[] c : configs) {
            Generator gen = new Generator(c[0] * 31L + c[2]);
            Tensor x = Tensor.randn(gen, 2, c[0], c[8], c[9]).requiresGrad_(true);
            Tensor w = Tensor.randn(gen, c[0], c[1], c[2], c[2]).requiresGrad_(true);
            Tensor b = Tensor.randn(gen, c[1] * c[7]).requiresGrad_(true);
            ConvTransposeOptions o = ConvTransposeOptions.DEFAULT.stride(c[3]).padding(c[4]).outputPadding(c[5]).dilation(c[6]).groups(c[7]);
            String what = java.util.Arrays.toString(c);
            assertClose(what, Naive.convTranspose2d(x, w, b, c[3], c[4], c[5], c[6], c[7]),
                    CnnFunctional.convTranspose2d(x, w, b, o), 1e-4f);
            GradCheck.Report r = GradCheck.check(in -> CnnFunctional.convTranspose2d(in[0], in[1], in[2], o), x, w, b);
            assertTrue(r.passed(), what + ": " + r);
        }
    }

    @Test
    void samePaddingKeepsTheSizeAndValidPadsNothing() {
        Generator gen = new Generator(9);
        Tensor x = Tensor.randn(gen, 1, 2, 6, 5);
        for (int k = 1; k <= 4; k++) {
            Tensor w = Tensor.randn(gen, 3, 2, k, k + 1);
            Tensor y = CnnFunctional.conv2d(x, w, null, ConvOptions.DEFAULT.padding(Padding.SAME).dilation(2, 1));
            assertArrayEquals(new int[] {1, 3, 6, 5}, y.shape());
            int th = 2 * (k - 1), tw = k;
            assertClose("same k=" + k, Naive.conv2d(x, w, null, 1, 1, th / 2, th - th / 2, tw / 2, tw - tw / 2, 2, 1, 1), y, 1e-4f);
        }
        Tensor w = Tensor.randn(gen, 3, 2, 3, 3);
        assertClose("valid", CnnFunctional.conv2d(x, w, null), CnnFunctional.conv2d(x, w, null, ConvOptions.DEFAULT.padding(Padding.VALID)), 0f);
    }

    @Test
    void nonContiguousInputsGiveTheContiguousResult() {
        Generator gen = new Generator(13);
        Tensor xBase = Tensor.randn(gen, 2, 7, 6, 3);          // NHWC, viewed as NCHW
        Tensor wBase = Tensor.randn(gen, 3, 3, 3, 4);          // [kW, kH, Cin, Cout] permuted to [Cout, Cin, kH, kW]
        Tensor bBase = Tensor.randn(gen, 8);                   // every second element
        Tensor x = xBase.permute(0, 3, 1, 2), w = wBase.permute(3, 2, 1, 0), b = bBase.slice(0, 0, 8, 2);
        Tensor xc = x.contiguous(), wc = w.contiguous(), bc = b.contiguous();
        ConvOptions o = ConvOptions.DEFAULT.padding(1).stride(2, 1);
        for (Tensor t : new Tensor[] {xBase, wBase, bBase}) t.requiresGrad_(true);
        for (Tensor t : new Tensor[] {xc, wc, bc}) t.requiresGrad_(true);
        Tensor yView = CnnFunctional.conv2d(xBase.permute(0, 3, 1, 2), wBase.permute(3, 2, 1, 0), bBase.slice(0, 0, 8, 2), o);
        Tensor yCont = CnnFunctional.conv2d(xc, wc, bc, o);
        assertArrayEquals(yCont.toFloatArray(), yView.toFloatArray());
        Tensor g = Tensor.randn(gen, yCont.shape());
        yView.backward(g);
        yCont.backward(g);
        assertArrayEquals(xc.grad().toFloatArray(), xBase.grad().permute(0, 3, 1, 2).toFloatArray());
        assertArrayEquals(wc.grad().toFloatArray(), wBase.grad().permute(3, 2, 1, 0).toFloatArray());
        assertArrayEquals(bc.grad().toFloatArray(), bBase.grad().slice(0, 0, 8, 2).toFloatArray());
        assertEquals(0f, bBase.grad().get(1));
        // A sliced (offset, strided) input, unbatched, and a transposed convolution on a transposed view.
        Tensor part = xc.detach().slice(3, 1, 3);
        assertArrayEquals(CnnFunctional.conv2d(part.contiguous(), wc.detach(), null, o).toFloatArray(),
                CnnFunctional.conv2d(part, wc.detach(), null, o).toFloatArray());
        Tensor t = Tensor.randn(gen, 1, 3, 4, 5).transpose(2, 3);
        Tensor tw = Tensor.randn(gen, 3, 2, 3, 3);
        assertArrayEquals(CnnFunctional.convTranspose2d(t.contiguous(), tw, null, 2, 1).toFloatArray(),
                CnnFunctional.convTranspose2d(t, tw, null, 2, 1).toFloatArray());
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Generator gen = new Generator(17);
        // batch 8 (images in parallel) and batch 1 with a large GEMM (split inside Gemm)
        // batch 8 (images in parallel), batch 1 with large products (split over rows and channels),
        // and a depthwise convolution (planes in parallel)
        for (int[] s : new int[][] {{8, 6, 12, 12, 10, 1}, {1, 32, 40, 40, 48, 1}, {4, 16, 20, 20, 32, 16}}) {
            Tensor x = Tensor.randn(gen, s[0], s[1], s[2], s[3]);
            Tensor w = Tensor.randn(gen, s[4], s[1] / s[5], 3, 3);
            Tensor b = Tensor.randn(gen, s[4]);
            Tensor g = Tensor.randn(gen, s[0], s[4], s[2], s[3]);
            int groups = s[5];
            float[][] one = Parallel.withThreads(1, () -> convAndGrads(x, w, b, g, groups));
            float[][] two = Parallel.withThreads(2, () -> convAndGrads(x, w, b, g, groups));
            float[][] four = Parallel.withThreads(4, () -> convAndGrads(x, w, b, g, groups));
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "result " + i + " for " + java.util.Arrays.toString(s));
                assertArrayEquals(one[i], four[i], "result " + i + " for " + java.util.Arrays.toString(s));
            }
        }
    }

    private static float[][] convAndGrads(Tensor x0, Tensor w0, Tensor b0, Tensor g, int groups) {
        Tensor x = x0.detach().clone().requiresGrad_(true), w = w0.detach().clone().requiresGrad_(true);
        Tensor b = b0.detach().clone().requiresGrad_(true);
        Tensor y = CnnFunctional.conv2d(x, w, b, ConvOptions.DEFAULT.padding(1).groups(groups));
        y.backward(g);
        Tensor wt = groups == 1 ? w.detach().transpose(0, 1) : w.detach().reshape(x.size(1), w.size(0) / groups, 3, 3);
        Tensor t = CnnFunctional.convTranspose2d(x.detach(), wt, null,
                ConvTransposeOptions.DEFAULT.stride(2).padding(1).groups(groups));
        return new float[][] {y.toFloatArray(), x.grad().toFloatArray(), w.grad().toFloatArray(), b.grad().toFloatArray(), t.toFloatArray()};
    }

    @Test
    void emptyBatchGivesAnEmptyOutputAndZeroWeightGradient() {
        Tensor x = Tensor.zeros(0, 3, 5, 5).requiresGrad_(true);
        Tensor w = Tensor.ones(4, 3, 3, 3).requiresGrad_(true);
        Tensor b = Tensor.ones(4).requiresGrad_(true);
        Tensor y = CnnFunctional.conv2d(x, w, b);
        assertArrayEquals(new int[] {0, 4, 3, 3}, y.shape());
        y.sum().backward();
        assertArrayEquals(new float[4 * 27], w.grad().toFloatArray());
        assertArrayEquals(new float[4], b.grad().toFloatArray());
    }

    @Test
    void onlyTheNeededGradientsAreComputed() {
        Tensor x = Tensor.ones(1, 2, 4, 4);
        Tensor w = Tensor.ones(3, 2, 3, 3).requiresGrad_(true);
        CnnFunctional.conv2d(x, w, null).sum().backward();
        assertNull(x.grad());
        assertArrayEquals(new float[] {4, 4, 4}, java.util.Arrays.copyOf(w.grad().toFloatArray(), 3));
    }

    @Test
    void badInputsAreReportedWithShapes() {
        Tensor x = Tensor.zeros(2, 3, 8, 8), w = Tensor.zeros(4, 3, 3, 3);
        assertMessage("conv2d: input of shape [2,3,8,8,1] must be 4-D [N, C, H, W] (or 3-D [C, H, W])",
                () -> CnnFunctional.conv2d(Tensor.zeros(2, 3, 8, 8, 1), w, null));
        assertMessage("conv2d: weight of shape [4,3,3] must be 4-D [C_out, C_in/groups, kH, kW]",
                () -> CnnFunctional.conv2d(x, Tensor.zeros(4, 3, 3), null));
        assertMessage("conv2d: input of shape [2,3,8,8] has 3 channels, but weight of shape [4,2,3,3] with groups=1 expects 2 x 1 = 2",
                () -> CnnFunctional.conv2d(x, Tensor.zeros(4, 2, 3, 3), null));
        assertMessage("conv2d: weight of shape [5,1,3,3] has 5 output channels, not divisible by groups=3",
                () -> CnnFunctional.conv2d(x, Tensor.zeros(5, 1, 3, 3), null, ConvOptions.DEFAULT.groups(3)));
        assertMessage("conv2d: bias of shape [3] must be [4]", () -> CnnFunctional.conv2d(x, w, Tensor.zeros(3)));
        assertMessage("conv2d: kernel 3x3 with dilation (4, 4) spans 9x9, larger than the padded input 8x8 (input [2,3,8,8], weight [4,3,3,3])",
                () -> CnnFunctional.conv2d(x, w, null, ConvOptions.DEFAULT.dilation(4)));
        assertMessage("conv2d: input must be float32, got int64 of shape [1,3,4,4]",
                () -> CnnFunctional.conv2d(Tensor.zeros(1, 3, 4, 4).toLong(), w, null));
        assertMessage("ConvOptions: stride must be >= 1, got (0, 0)", () -> ConvOptions.DEFAULT.stride(0));
        assertMessage("ConvOptions: padding='same' is not supported for strided convolutions, got stride (2, 2)",
                () -> ConvOptions.DEFAULT.padding(Padding.SAME).stride(2));
        assertMessage("Padding: expected 'same' or 'valid', got 'full'", () -> Padding.parse("full"));
        assertMessage("conv1d: input of shape [2,3,8,8] must be 3-D [N, C, L] (or 2-D [C, L])",
                () -> CnnFunctional.conv1d(x, Tensor.zeros(4, 3, 3), null));
        assertMessage("conv1d: stride, padding and dilation must be single values, got stride=(1, 2), padding=0, dilation=1, groups=1, bias=true",
                () -> CnnFunctional.conv1d(Tensor.zeros(1, 3, 8), Tensor.zeros(4, 3, 3), null, ConvOptions.DEFAULT.stride(1, 2)));
        assertMessage("conv_transpose2d: input of shape [2,3,8,8] has 3 channels, but weight of shape [4,3,3,3] expects 4",
                () -> CnnFunctional.convTranspose2d(x, w, null));
        assertMessage("ConvTransposeOptions: output padding must be >= 0 and smaller than either stride or dilation, got output padding (1, 1), stride (1, 1), dilation (1, 1)",
                () -> ConvTransposeOptions.DEFAULT.outputPadding(1));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }

    static void assertClose(String what, Tensor expected, Tensor actual, float tol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])), what + " at " + i + ": " + a[i] + " != " + e[i]);
        }
    }
}
