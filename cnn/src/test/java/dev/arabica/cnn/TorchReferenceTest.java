package dev.arabica.cnn;

import static dev.arabica.cnn.TorchReference.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Options the golden set does not cover (ceil mode, count_include_pad=false, divisor override,
 * dilated and rectangular pooling, ties, adaptive windows that overlap, indices, nearest and
 * bilinear resizing both ways, 'same' padding with even kernels, transposed convolution with
 * groups, dilation and output padding), against PyTorch values from
 * {@code cnn/src/test/python/torch_reference.py}: forward, indices and every input gradient.
 */
class TorchReferenceTest {
    private static final float TOL = 2e-5f;

    /** The script's closed-form input: {@code sin(0.37 i + 0.1) * 2 * scale}, rounded to integers for {@code ties}. */
    static Tensor input(boolean ties, double scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double x = Math.sin(0.37 * i + 0.1) * 2 * scale;
            v[i] = (float) (ties ? Math.rint(x) : x);
        }
        return Tensor.of(v, shape).requiresGrad_(true);
    }

    static Tensor input(int... shape) {
        return input(false, 1, shape);
    }

    /** The script's upstream gradient: {@code cos(0.23 i)}. */
    static Tensor upstream(int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) Math.cos(0.23 * i);
        return Tensor.of(v, shape);
    }

    /** Runs {@code f}, compares the output, backpropagates the upstream and compares each input's gradient. */
    static void check(String name, Function<Tensor[], Tensor> f, float[] out, float[][] grads, Tensor... inputs) {
        Tensor y = f.apply(inputs);
        assertClose(name + " output", out, y);
        y.backward(upstream(y.shape()));
        for (int i = 0; i < grads.length; i++) assertClose(name + " gradient " + i, grads[i], inputs[i].grad());
    }

    static void assertClose(String what, float[] expected, Tensor actual) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, what + ": size");
        for (int i = 0; i < a.length; i++) {
            float tol = TOL + TOL * Math.abs(expected[i]);
            assertTrue(Math.abs(a[i] - expected[i]) <= tol, what + " at " + i + ": " + a[i] + " != " + expected[i]);
        }
    }

    private static void maxWithIndices(String name, PoolOptions o, Tensor x, float[] out, long[] indices, float[] grad) {
        Tensor.ValuesIndices vi = CnnFunctional.maxPool2dWithIndices(x, o);
        assertArrayEquals(indices, vi.indices().toLongArray(), name + " indices");
        check(name, in -> CnnFunctional.maxPool2dWithIndices(in[0], o).values(), out, new float[][] {grad}, x);
    }

    @Test
    void maxPooling() {
        maxWithIndices("max k3 s2 p1 ceil", PoolOptions.of(3).stride(2).padding(1).ceilMode(true), input(1, 2, 5, 7),
                MAX_K3S2P1_CEIL_OUT, MAX_K3S2P1_CEIL_INDICES, MAX_K3S2P1_CEIL_GRAD0);
        maxWithIndices("max k2 s1 p1 dilation 2", PoolOptions.of(2).stride(1).padding(1).dilation(2), input(1, 2, 5, 7),
                MAX_K2S1P1_D2_OUT, MAX_K2S1P1_D2_INDICES, MAX_K2S1P1_D2_GRAD0);
        maxWithIndices("max with ties", PoolOptions.of(2).stride(1), input(true, 1, 1, 2, 5, 7),
                MAX_TIES_K2S1_OUT, MAX_TIES_K2S1_INDICES, MAX_TIES_K2S1_GRAD0);
        check("max 3x2 s2x1 p1x0 ceil", in -> CnnFunctional.maxPool2d(in[0], PoolOptions.of(3, 2).stride(2, 1).padding(1, 0).ceilMode(true)),
                MAX_K3x2_S2x1_CEIL_OUT, new float[][] {MAX_K3x2_S2x1_CEIL_GRAD0}, input(1, 2, 5, 7));
    }

    @Test
    void averagePooling() {
        check("avg ceil exclude pad", in -> CnnFunctional.avgPool2d(in[0], PoolOptions.of(3).stride(2).padding(1).ceilMode(true)
                .countIncludePad(false)), AVG_K3S2P1_CEIL_EXCL_OUT, new float[][] {AVG_K3S2P1_CEIL_EXCL_GRAD0}, input(1, 2, 5, 7));
        check("avg ceil include pad", in -> CnnFunctional.avgPool2d(in[0], PoolOptions.of(3).stride(2).padding(1).ceilMode(true)),
                AVG_K3S2P1_CEIL_INCL_OUT, new float[][] {AVG_K3S2P1_CEIL_INCL_GRAD0}, input(1, 2, 5, 7));
        check("avg stride > kernel, divisor 2", in -> CnnFunctional.avgPool2d(in[0], PoolOptions.of(2).stride(3).divisorOverride(2)),
                AVG_K2S3_DIV2_OUT, new float[][] {AVG_K2S3_DIV2_GRAD0}, input(1, 2, 5, 7));
        check("avg 4x2 s3x2 p2x1 ceil", in -> CnnFunctional.avgPool2d(in[0], PoolOptions.of(4, 2).stride(3, 2).padding(2, 1).ceilMode(true)),
                AVG_K4x2_S3x2_P2x1_CEIL_OUT, new float[][] {AVG_K4x2_S3x2_P2x1_CEIL_GRAD0}, input(1, 2, 5, 7));
    }

    @Test
    void adaptivePooling() {
        check("adaptive avg 3x4", in -> CnnFunctional.adaptiveAvgPool2d(in[0], 3, 4), ADAPTIVE_AVG_3x4_OUT,
                new float[][] {ADAPTIVE_AVG_3x4_GRAD0}, input(1, 2, 5, 7));
        check("adaptive avg (None, 2)", in -> CnnFunctional.adaptiveAvgPool2d(in[0], -1, 2), ADAPTIVE_AVG_NONEx2_OUT,
                new float[][] {ADAPTIVE_AVG_NONEx2_GRAD0}, input(1, 2, 5, 7));
        check("adaptive avg 7x9 (larger than the input)", in -> CnnFunctional.adaptiveAvgPool2d(in[0], 7, 9), ADAPTIVE_AVG_7x9_OUT,
                new float[][] {ADAPTIVE_AVG_7x9_GRAD0}, input(1, 2, 5, 7));
        Tensor x = input(1, 2, 5, 7);
        assertArrayEquals(ADAPTIVE_MAX_3x4_INDICES, CnnFunctional.adaptiveMaxPool2dWithIndices(x, 3, 4).indices().toLongArray());
        check("adaptive max 3x4", in -> CnnFunctional.adaptiveMaxPool2d(in[0], 3, 4), ADAPTIVE_MAX_3x4_OUT,
                new float[][] {ADAPTIVE_MAX_3x4_GRAD0}, x);
    }

    @Test
    void nearestResizing() {
        check("nearest to 7x10", in -> CnnFunctional.interpolate(in[0], new int[] {7, 10}, InterpolationMode.NEAREST, false),
                NEAREST_SIZE_7x10_OUT, new float[][] {NEAREST_SIZE_7x10_GRAD0}, input(1, 2, 5, 7));
        check("nearest to 3x4", in -> CnnFunctional.interpolate(in[0], new int[] {3, 4}, InterpolationMode.NEAREST, false),
                NEAREST_SIZE_3x4_OUT, new float[][] {NEAREST_SIZE_3x4_GRAD0}, input(1, 2, 5, 7));
        check("nearest scale 1.5", in -> CnnFunctional.interpolate(in[0], 1.5, InterpolationMode.NEAREST, false),
                NEAREST_SCALE_1_5_OUT, new float[][] {NEAREST_SCALE_1_5_GRAD0}, input(1, 2, 5, 7));
        check("nearest scale 2", in -> CnnFunctional.interpolate(in[0], 2, InterpolationMode.NEAREST, false),
                NEAREST_SCALE_2_OUT, new float[][] {NEAREST_SCALE_2_GRAD0}, input(1, 1, 2, 3));
    }

    @Test
    void bilinearResizing() {
        check("bilinear 8x3 align corners", in -> CnnFunctional.interpolate(in[0], new int[] {8, 3}, InterpolationMode.BILINEAR, true),
                BILINEAR_SIZE_8x3_ALIGN_OUT, new float[][] {BILINEAR_SIZE_8x3_ALIGN_GRAD0}, input(1, 2, 5, 7));
        check("bilinear 8x3", in -> CnnFunctional.interpolate(in[0], new int[] {8, 3}, InterpolationMode.BILINEAR, false),
                BILINEAR_SIZE_8x3_OUT, new float[][] {BILINEAR_SIZE_8x3_GRAD0}, input(1, 2, 5, 7));
        check("bilinear scale 1.7", in -> CnnFunctional.interpolate(in[0], 1.7, InterpolationMode.BILINEAR, false),
                BILINEAR_SCALE_1_7_OUT, new float[][] {BILINEAR_SCALE_1_7_GRAD0}, input(1, 2, 5, 7));
        check("bilinear to 1x1 align corners", in -> CnnFunctional.interpolate(in[0], new int[] {1, 1}, InterpolationMode.BILINEAR, true),
                BILINEAR_SIZE_1x1_ALIGN_OUT, new float[][] {BILINEAR_SIZE_1x1_ALIGN_GRAD0}, input(1, 2, 5, 7));
    }

    @Test
    void samePaddingWithEvenKernelsPadsBottomRight() {
        check("conv2d same 4x2 dilation (1, 2)", in -> CnnFunctional.conv2d(in[0], in[1], null,
                        ConvOptions.DEFAULT.padding(Padding.SAME).dilation(1, 2)),
                CONV_SAME_K4x2_D1x2_OUT, new float[][] {CONV_SAME_K4x2_D1x2_GRAD0, CONV_SAME_K4x2_D1x2_GRAD1},
                input(1, 2, 5, 7), input(false, 0.5, 3, 2, 4, 2));
        check("conv1d same 4", in -> CnnFunctional.conv1d(in[0], in[1], null, ConvOptions.DEFAULT.padding(Padding.SAME)),
                CONV1D_SAME_K4_OUT, new float[][] {CONV1D_SAME_K4_GRAD0, CONV1D_SAME_K4_GRAD1},
                input(2, 2, 6), input(false, 0.5, 3, 2, 4));
    }

    @Test
    void transposedConvolutionWithGroupsDilationAndOutputPadding() {
        check("conv_transpose2d groups 2, stride 3, padding 1, output padding (2, 1), dilation 2",
                in -> CnnFunctional.convTranspose2d(in[0], in[1], in[2],
                        ConvTransposeOptions.DEFAULT.stride(3).padding(1).outputPadding(2, 1).groups(2).dilation(2)),
                CONVT_G2_S3_P1_OP2x1_D2_OUT,
                new float[][] {CONVT_G2_S3_P1_OP2x1_D2_GRAD0, CONVT_G2_S3_P1_OP2x1_D2_GRAD1, CONVT_G2_S3_P1_OP2x1_D2_GRAD2},
                input(1, 2, 3, 2), input(false, 0.5, 2, 2, 2, 3), input(false, 0.3, 4));
    }
}
