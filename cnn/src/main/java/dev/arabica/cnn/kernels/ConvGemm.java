package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.VectorOps;

/**
 * Convolution as matrix products (im2col + {@link Gemm#sgemm}), forward and both gradients, for
 * any stride, padding, dilation and groups.
 *
 * <p>Per image and group, with {@code K = inPerGroup * kH * kW} and {@code P = outHeight * outWidth}:
 * <ul>
 *   <li>forward: {@code out[co, :] = W[co, :] . cols} ({@code [outPerGroup, K] x [K, P]});</li>
 *   <li>input gradient: {@code dcols = W^T . gout} ({@code [K, outPerGroup] x [outPerGroup, P]}),
 *       folded back with {@link Im2col#col2im};</li>
 *   <li>weight gradient: {@code dW += gout . cols^T} ({@code [outPerGroup, P] x [P, K]}), summed over
 *       the images.</li>
 * </ul>
 * A pointwise convolution ({@link ConvGeometry#isPointwise()}) multiplies the image directly,
 * without the im2col copy. The patch matrix is built for bands of output rows so that it never
 * exceeds {@link #COLS_LIMIT} floats per thread (a 224x224 ResNet-50 needs a few MiB).
 *
 * <p>Images are processed in parallel ({@link Parallel#forRange}, one block per image); a single
 * image lets the GEMM use the threads instead. The weight gradient sums images in fixed blocks
 * whose count depends on the batch and weight size only, so every result is bitwise independent
 * of the thread count.
 */
public final class ConvGemm {
    /** Largest patch matrix built at once, in floats (16 MiB). */
    static final int COLS_LIMIT = 1 << 22;
    /** Most partial weight gradients summed in parallel (each one weight-sized). */
    static final int MAX_PARTIALS = 4;
    /** Floats all partial weight gradients may take together. */
    static final long PARTIALS_LIMIT = 1L << 23;

    private static final Scratch COLS = new Scratch();

    private ConvGemm() {}

    /** Output rows per band of the patch matrix, so that it stays within {@link #COLS_LIMIT}. */
    static int bandRows(ConvGeometry g) {
        long perRow = (long) g.patchSize() * g.outWidth();
        if (perRow == 0) return Math.max(1, g.outHeight());
        return (int) Math.max(1, Math.min(g.outHeight(), COLS_LIMIT / perRow));
    }

    /**
     * {@code out = conv(x, w) + bias}: writes every element of {@code out}
     * ({@code [batch, outChannels, outHeight, outWidth]} at {@code outOff}).
     *
     * @param bias {@code [outChannels]} at {@code biasOff}, or null
     */
    public static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                               float[] out, int outOff) {
        int inImage = g.inChannels() * g.inPlane(), outImage = g.outChannels() * g.outPlane();
        Parallel.forRange(g.batch(), 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                forwardImage(g, x, xOff + n * inImage, w, wOff, bias, biasOff, out, outOff + n * outImage);
            }
        });
    }

    private static void forwardImage(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                                     float[] out, int outOff) {
        int cin = g.inPerGroup(), cout = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), outW = g.outWidth();
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = xOff + grp * cin * g.inPlane(), wg = wOff + grp * cout * k, og = outOff + grp * cout * p;
            if (g.isPointwise()) {
                Gemm.sgemm(false, false, cout, p, k, 1f, w, wg, k, x, xg, p, 0f, out, og, p);
                continue;
            }
            int band = bandRows(g);
            float[] cols = COLS.floats(k * band * outW);
            for (int oh0 = 0; oh0 < g.outHeight(); oh0 += band) {
                int oh1 = Math.min(g.outHeight(), oh0 + band), q = (oh1 - oh0) * outW;
                Im2col.im2col(g, x, xg, cin, oh0, oh1, cols, 0);
                Gemm.sgemm(false, false, cout, q, k, 1f, w, wg, k, cols, 0, q, 0f, out, og + oh0 * outW, p);
            }
        }
        if (bias != null) {
            for (int co = 0; co < g.outChannels(); co++) {
                int row = outOff + co * p;
                VectorOps.addScalar(out, row, bias[biasOff + co], out, row, p);
            }
        }
    }

    /**
     * {@code dx = d conv(x, w) / dx} applied to {@code gout}: writes every element of {@code dx}
     * ({@code [batch, inChannels, inHeight, inWidth]} at {@code dxOff}). This is also the forward
     * pass of the transposed convolution.
     */
    public static void backwardInput(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        int inImage = g.inChannels() * g.inPlane(), outImage = g.outChannels() * g.outPlane();
        Parallel.forRange(g.batch(), 1, (n0, n1) -> {
            for (int n = n0; n < n1; n++) {
                backwardInputImage(g, gout, gOff + n * outImage, w, wOff, dx, dxOff + n * inImage);
            }
        });
    }

    private static void backwardInputImage(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        int cin = g.inPerGroup(), cout = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), outW = g.outWidth();
        if (!g.isPointwise()) java.util.Arrays.fill(dx, dxOff, dxOff + g.inChannels() * g.inPlane(), 0f);
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = dxOff + grp * cin * g.inPlane(), wg = wOff + grp * cout * k, og = gOff + grp * cout * p;
            if (g.isPointwise()) {
                Gemm.sgemm(true, false, k, p, cout, 1f, w, wg, k, gout, og, p, 0f, dx, xg, p);
                continue;
            }
            int band = bandRows(g);
            float[] cols = COLS.floats(k * band * outW);
            for (int oh0 = 0; oh0 < g.outHeight(); oh0 += band) {
                int oh1 = Math.min(g.outHeight(), oh0 + band), q = (oh1 - oh0) * outW;
                Gemm.sgemm(true, false, k, q, cout, 1f, w, wg, k, gout, og + oh0 * outW, p, 0f, cols, 0, q);
                Im2col.col2im(g, cols, 0, cin, oh0, oh1, dx, xg);
            }
        }
    }

    /**
     * {@code dw = d conv(x, w) / dw} applied to {@code gout}, summed over the batch: writes every
     * element of {@code dw} ({@code [outChannels, inPerGroup, kH, kW]} at {@code dwOff}).
     */
    public static void backwardWeight(ConvGeometry g, float[] x, int xOff, float[] gout, int gOff, float[] dw, int dwOff) {
        int size = g.weightSize(), batch = g.batch();
        if (batch == 0 || g.outPlane() == 0) {
            java.util.Arrays.fill(dw, dwOff, dwOff + size, 0f);
            return;
        }
        int blocks = partialCount(batch, size);
        int perBlock = (batch + blocks - 1) / blocks;
        int used = (batch + perBlock - 1) / perBlock;
        float[] partials = used > 1 ? new float[(used - 1) * size] : null;
        int inImage = g.inChannels() * g.inPlane(), outImage = g.outChannels() * g.outPlane();
        Parallel.forRange(used, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                float[] target = b == 0 ? dw : partials;
                int tOff = b == 0 ? dwOff : (b - 1) * size;
                int first = b * perBlock, last = Math.min(batch, first + perBlock);
                for (int n = first; n < last; n++) {
                    backwardWeightImage(g, x, xOff + n * inImage, gout, gOff + n * outImage, target, tOff, n > first);
                }
            }
        });
        for (int b = 1; b < used; b++) VectorOps.add(dw, dwOff, partials, (b - 1) * size, dw, dwOff, size);
    }

    /** Blocks of images whose weight gradients are summed separately: depends on batch and weight size only. */
    static int partialCount(int batch, int weightSize) {
        long byMemory = Math.max(1, PARTIALS_LIMIT / Math.max(1, weightSize));
        return (int) Math.max(1, Math.min(Math.min(batch, MAX_PARTIALS), byMemory));
    }

    private static void backwardWeightImage(ConvGeometry g, float[] x, int xOff, float[] gout, int gOff,
                                            float[] dw, int dwOff, boolean accumulate) {
        int cin = g.inPerGroup(), cout = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), outW = g.outWidth();
        for (int grp = 0; grp < g.groups(); grp++) {
            int xg = xOff + grp * cin * g.inPlane(), wg = dwOff + grp * cout * k, og = gOff + grp * cout * p;
            if (g.isPointwise()) {
                Gemm.sgemm(false, true, cout, k, p, 1f, gout, og, p, x, xg, p, accumulate ? 1f : 0f, dw, wg, k);
                continue;
            }
            int band = bandRows(g);
            float[] cols = COLS.floats(k * band * outW);
            for (int oh0 = 0; oh0 < g.outHeight(); oh0 += band) {
                int oh1 = Math.min(g.outHeight(), oh0 + band), q = (oh1 - oh0) * outW;
                Im2col.im2col(g, x, xg, cin, oh0, oh1, cols, 0);
                float beta = accumulate || oh0 > 0 ? 1f : 0f;
                Gemm.sgemm(false, true, cout, k, q, 1f, gout, og + oh0 * outW, p, cols, 0, q, beta, dw, wg, k);
            }
        }
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
