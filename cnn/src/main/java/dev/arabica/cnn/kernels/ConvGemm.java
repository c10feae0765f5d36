package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.VectorOps;

/**
 * Convolution as matrix products, forward and both gradients, for any stride, padding, dilation
 * and groups. Per image and group, with {@code K = inPerGroup * kH * kW} taps and
 * {@code P = outHeight * outWidth} output pixels:
 * <ul>
 *   <li>forward: {@code out[M, P] = W[M, K] x patches[K, P]}, by {@link PackedConv}, which gathers
 *       the patches straight into the GEMM's packed panels (no im2col matrix);</li>
 *   <li>weight gradient: {@code dW[M, K] = sum over images of gout[M, P] x patches[K, P]^T}, also by
 *       {@link PackedConv}, in a fixed number of image blocks (depending on the batch only) summed in
 *       order;</li>
 *   <li>input gradient: {@code W^T[K, M] x gout[M, P]} added back onto the image patch by patch
 *       (implicit col2im, {@link PackedConv#inputGrad}); or, for a stride-1 convolution, the
 *       forward convolution of the padded output gradient with the flipped kernel
 *       ({@link #transposed}) unless that gathers more than twice the values col2im adds back.</li>
 * </ul>
 * Memory stays bounded: only packed panels of at most {@code 256 x 512} values and one padded image
 * per thread are allocated, whatever the image size.
 * Depthwise convolutions (one input channel per group) run as direct vectorized loops instead
 * ({@link DepthwiseConv}). Work is split over images, groups and column/row blocks; every element is computed the same way
 * whichever thread computes it, so results are bitwise independent of the thread count.
 */
public final class ConvGemm {
    private ConvGemm() {}

    /**
     * {@code out = conv(x, w) + bias}: writes every element of {@code out}
     * ({@code [batch, outChannels, outHeight, outWidth]} at {@code outOff}).
     *
     * @param bias {@code [outChannels]} at {@code biasOff}, or null
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] out, int outOff) {
        if (DepthwiseConv.applies(g)) DepthwiseConv.forward(g, x, xOff, w, wOff, bias, biasOff, out, outOff);
        else PackedConv.forward(g, x, xOff, w, wOff, bias, biasOff, out, outOff);
    }

    /**
     * {@code dx = d conv(x, w) / dx} applied to {@code gout}: writes every element of {@code dx}
     * ({@code [batch, inChannels, inHeight, inWidth]} at {@code dxOff}). This is also the forward
     * pass of the transposed convolution.
     */
    public static void backwardInput(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        if (DepthwiseConv.applies(g)) {
            DepthwiseConv.inputGrad(g, gout, gOff, w, wOff, dx, dxOff);
            return;
        }
        ConvGeometry t = transposed(g);
        // The flipped-kernel convolution gathers C_out * kH * kW values per input pixel, the implicit
        // col2im adds C_in * kH * kW per output pixel back onto the image, which costs about twice as
        // much per value (a product with a short inner dimension, then a read-modify-write): take the
        // flipped kernel unless it gathers more than twice as many values (measured: 32 -> 64
        // channels 3x3 on 16x16, twice as many values, ran 20-25 % faster flipped).
        if (t != null && (long) t.patchSize() * t.outPlane() <= 2L * g.patchSize() * g.outPlane()) {
            PackedConv.forward(t, gout, gOff, flipped(g, w, wOff), 0, null, 0, dx, dxOff);
        } else {
            PackedConv.inputGrad(g, gout, gOff, w, wOff, dx, dxOff);
        }
    }

    /**
     * {@code dw = d conv(x, w) / dw} applied to {@code gout}, summed over the batch: writes every
     * element of {@code dw} ({@code [outChannels, inPerGroup, kH, kW]} at {@code dwOff}).
     */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gout, int gOff, float[] dw, int dwOff) {
        if (DepthwiseConv.applies(g)) DepthwiseConv.weightGrad(g, x, xOff, gout, gOff, dw, dwOff);
        else PackedConv.weightGrad(g, x, xOff, gout, gOff, dw, dwOff);
    }

    /**
     * For a stride-1 convolution, the convolution whose forward pass is this one's input gradient:
     * the output gradient padded by {@code dilation * (kernel - 1) - padding} on each side,
     * correlated with the flipped, in/out-swapped kernel. Null if a padding is larger than that
     * (or the stride is not 1).
     */
    static ConvGeometry transposed(ConvGeometry g) {
        int top = g.dilationHeight() * (g.kernelHeight() - 1) - g.padTop();
        int left = g.dilationWidth() * (g.kernelWidth() - 1) - g.padLeft();
        if (g.strideHeight() != 1 || g.strideWidth() != 1 || top < 0 || left < 0) return null;
        return new ConvGeometry(g.batch(), g.outChannels(), g.outHeight(), g.outWidth(), g.inChannels(),
                g.kernelHeight(), g.kernelWidth(), 1, 1, top, left, g.dilationHeight(), g.dilationWidth(), g.groups(),
                g.inHeight(), g.inWidth());
    }

    /** The weight of {@link #transposed}: {@code w'[g*Cin/g + ci, co, ki, kj] = w[g*Cout/g + co, ci, kH-1-ki, kW-1-kj]}. */
    static float[] flipped(ConvGeometry g, float[] w, int wOff) {
        int cin = g.inPerGroup(), cout = g.outPerGroup(), kh = g.kernelHeight(), kw = g.kernelWidth(), kk = kh * kw;
        float[] f = new float[g.weightSize()];
        for (int grp = 0; grp < g.groups(); grp++) {
            for (int co = 0; co < cout; co++) {
                for (int ci = 0; ci < cin; ci++) {
                    int src = wOff + ((grp * cout + co) * cin + ci) * kk, dst = ((grp * cin + ci) * cout + co) * kk;
                    for (int i = 0; i < kk; i++) f[dst + kk - 1 - i] = w[src + i];
                }
            }
        }
        return f;
    }

    /**
     * {@code db[co] = sum over images and pixels of gout[n, co, :, :]}: writes {@code db[0, channels)}.
     * Summed in a fixed order (per image in double), independent of the thread count.
     */
    public static void biasGrad(float[] gout, int gOff, int batch, int channels, int plane, float[] db, int dbOff) {
        Parallel.forRange(channels, Math.max(1, (1 << 16) / Math.max(1, batch * plane)), (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int n = 0; n < batch; n++) s += VectorOps.sum(gout, gOff + (n * channels + c) * plane, plane);
                db[dbOff + c] = (float) s;
            }
        });
    }
}
