package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;

/**
 * Max, average and adaptive pooling over the planes of an NCHW tensor, forward and backward, with
 * PyTorch's window rules. Planes are independent: work is split over them with
 * {@link Parallel#forRange}, so results do not depend on the thread count. Backward kernels write
 * every element of their (input-sized) gradient.
 */
public final class Pool2d {
    private Pool2d() {}

    // ---------------------------------------------------------------- max pooling

    /**
     * Max pooling: {@code out} gets the largest value of each window (padding never wins; NaN does,
     * as in PyTorch) and {@code argmax} its position {@code ih * inWidth + iw} within the plane, the
     * FIRST maximal one in row-major window order. {@code argmax} may be null (inference: no
     * backward, no indices asked for); the values are the same.
     */
    public static void maxForward(PoolGeometry g, float[] x, int xOff, float[] out, int[] argmax) {
        int inPlane = g.inPlane(), outPlane = g.outPlane();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                if (argmax == null) maxPlaneValues(g, x, xOff + p * inPlane, out, p * outPlane);
                else if (g.isTwoByTwo()) maxPlaneTwoByTwo(g, x, xOff + p * inPlane, out, argmax, p * outPlane);
                else maxPlane(g, x, xOff + p * inPlane, out, argmax, p * outPlane);
            }
        });
    }

    /**
     * The values of {@link #maxPlane} without the positions: one branch-free pass of
     * {@link Math#max} per window (which, like PyTorch's scan, lets NaN win), and only for a
     * maximum of zero a second look for the first element equal to it, which decides its sign as
     * the scan does ({@code -0 == +0}, so the first zero wins).
     */
    private static void maxPlaneValues(PoolGeometry g, float[] x, int xOff, float[] out, int o) {
        int h = g.inHeight(), w = g.inWidth(), dh = g.dilationHeight(), dw = g.dilationWidth();
        for (int oh = 0; oh < g.outHeight(); oh++) {
            int hs = oh * g.strideHeight() - g.padTop();
            int he = Math.min(hs + (g.kernelHeight() - 1) * dh + 1, h);
            while (hs < 0) hs += dh;
            for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                int ws = ow * g.strideWidth() - g.padLeft();
                int we = Math.min(ws + (g.kernelWidth() - 1) * dw + 1, w);
                while (ws < 0) ws += dw;
                float max = Float.NEGATIVE_INFINITY;
                for (int ih = hs; ih < he; ih += dh) {
                    int row = xOff + ih * w;
                    for (int iw = ws; iw < we; iw += dw) max = Math.max(max, x[row + iw]);
                }
                if (max == 0f) max = x[xOff + argmaxWindow(x, xOff, w, hs, he, dh, ws, we, dw)];
                out[o] = max;
            }
        }
    }

    private static void maxPlane(PoolGeometry g, float[] x, int xOff, float[] out, int[] argmax, int o) {
        int h = g.inHeight(), w = g.inWidth(), dh = g.dilationHeight(), dw = g.dilationWidth();
        for (int oh = 0; oh < g.outHeight(); oh++) {
            int hs = oh * g.strideHeight() - g.padTop();
            int he = Math.min(hs + (g.kernelHeight() - 1) * dh + 1, h);
            while (hs < 0) hs += dh;
            for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                int ws = ow * g.strideWidth() - g.padLeft();
                int we = Math.min(ws + (g.kernelWidth() - 1) * dw + 1, w);
                while (ws < 0) ws += dw;
                int index = argmaxWindow(x, xOff, w, hs, he, dh, ws, we, dw);
                argmax[o] = index;
                out[o] = hs < he && ws < we ? x[xOff + index] : Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Position {@code ih * w + iw} of the window's maximum, PyTorch's scan ({@code v > max || isnan(v)}
     * in row-major order: the first maximum, or the last NaN); {@code hs * w + ws} for an empty
     * window. Without NaN it takes the maximum with {@link Math#max} and then the first element equal
     * to it (-0 equals +0, as in the scan), which avoids the unpredictable branches of the scan.
     */
    static int argmaxWindow(float[] x, int base, int w, int hs, int he, int dh, int ws, int we, int dw) {
        if (hs >= he || ws >= we) return hs * w + ws;
        float max = Float.NEGATIVE_INFINITY;
        for (int ih = hs; ih < he; ih += dh) {
            int row = base + ih * w;
            for (int iw = ws; iw < we; iw += dw) max = Math.max(max, x[row + iw]);
        }
        if (max == max) {
            for (int ih = hs; ih < he; ih += dh) {
                int row = base + ih * w;
                for (int iw = ws; iw < we; iw += dw) {
                    if (x[row + iw] == max) return ih * w + iw;
                }
            }
        }
        int index = hs * w + ws; // NaN in the window: the exact scan
        max = Float.NEGATIVE_INFINITY;
        for (int ih = hs; ih < he; ih += dh) {
            for (int iw = ws; iw < we; iw += dw) {
                float v = x[base + ih * w + iw];
                if (v > max || v != v) {
                    max = v;
                    index = ih * w + iw;
                }
            }
        }
        return index;
    }

    private static void maxPlaneTwoByTwo(PoolGeometry g, float[] x, int xOff, float[] out, int[] argmax, int o) {
        int w = g.inWidth(), outW = g.outWidth();
        for (int oh = 0; oh < g.outHeight(); oh++) {
            int top = 2 * oh * w, r0 = xOff + top, r1 = r0 + w;
            for (int ow = 0; ow < outW; ow++, o++) {
                int c = 2 * ow;
                float a = x[r0 + c], b = x[r0 + c + 1], d = x[r1 + c], e = x[r1 + c + 1];
                float max = Math.max(Math.max(a, b), Math.max(d, e));
                int index;
                if (max == max) {
                    // the first element equal to the maximum, without branches: a mask of the matches
                    int first = Integer.numberOfTrailingZeros((a == max ? 1 : 0) | (b == max ? 2 : 0) | (d == max ? 4 : 0) | 8);
                    index = top + c + (first & 1) + (first >> 1) * w;
                } else {
                    index = argmaxWindow(x, xOff, w, 2 * oh, 2 * oh + 2, 1, c, c + 2, 1);
                }
                argmax[o] = index;
                out[o] = x[xOff + index];
            }
        }
    }

    /** {@code dx[plane, argmax[o]] += gout[o]} over every output; {@code dx} is overwritten first. */
    public static void maxBackward(PoolGeometry g, float[] gout, int gOff, int[] argmax, float[] dx) {
        int inPlane = g.inPlane(), outPlane = g.outPlane();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * inPlane, p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) {
                int base = p * inPlane, o = p * outPlane;
                for (int i = 0; i < outPlane; i++) {
                    int index = argmax[o + i];
                    if (index >= 0 && index < inPlane) dx[base + index] += gout[gOff + o + i];
                }
            }
        });
    }

    // ---------------------------------------------------------------- average pooling

    /**
     * Average pooling as {@code torch.nn.functional.avg_pool2d}: the window is clipped to the padded
     * input; the divisor is {@code divisorOverride} if positive, else the clipped window's area if
     * {@code countIncludePad}, else the number of input (non-padding) elements. A window with no input
     * element gives 0.
     */
    public static void avgForward(PoolGeometry g, boolean countIncludePad, int divisorOverride, float[] x, int xOff, float[] out) {
        int inPlane = g.inPlane(), outPlane = g.outPlane();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            for (int p = p0; p < p1; p++) avgPlane(g, countIncludePad, divisorOverride, x, xOff + p * inPlane, out, p * outPlane, null, 0);
        });
    }

    /** Backward of {@link #avgForward}: each output's gradient divided by its divisor, added over its window. */
    public static void avgBackward(PoolGeometry g, boolean countIncludePad, int divisorOverride, float[] gout, int gOff, float[] dx) {
        int inPlane = g.inPlane(), outPlane = g.outPlane();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * inPlane, p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) avgPlane(g, countIncludePad, divisorOverride, gout, gOff + p * outPlane, null, 0, dx, p * inPlane);
        });
    }

    /** Forward when {@code out != null} (reads {@code src} as input), else backward (reads {@code src} as gout, adds into {@code dx}). */
    private static void avgPlane(PoolGeometry g, boolean countIncludePad, int divisorOverride, float[] src, int srcOff,
                                 float[] out, int outOff, float[] dx, int dxOff) {
        int h = g.inHeight(), w = g.inWidth();
        int o = 0;
        for (int oh = 0; oh < g.outHeight(); oh++) {
            int hs = oh * g.strideHeight() - g.padTop();
            int he = Math.min(hs + g.kernelHeight(), h + g.padTop());
            int poolH = he - hs;
            hs = Math.max(hs, 0);
            he = Math.min(he, h);
            for (int ow = 0; ow < g.outWidth(); ow++, o++) {
                int ws = ow * g.strideWidth() - g.padLeft();
                int we = Math.min(ws + g.kernelWidth(), w + g.padLeft());
                int poolW = we - ws;
                ws = Math.max(ws, 0);
                we = Math.min(we, w);
                if (hs >= he || ws >= we) {
                    if (out != null) out[outOff + o] = 0f;
                    continue;
                }
                int divisor = divisorOverride > 0 ? divisorOverride : countIncludePad ? poolH * poolW : (he - hs) * (we - ws);
                if (out != null) {
                    float sum = 0f;
                    for (int ih = hs; ih < he; ih++) {
                        int row = srcOff + ih * w;
                        for (int iw = ws; iw < we; iw++) sum += src[row + iw];
                    }
                    out[outOff + o] = sum / divisor;
                } else {
                    float v = src[srcOff + o] / divisor;
                    for (int ih = hs; ih < he; ih++) {
                        int row = dxOff + ih * w;
                        for (int iw = ws; iw < we; iw++) dx[row + iw] += v;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- adaptive pooling

    /** First input index of adaptive window {@code o} of {@code out} over {@code in}: {@code floor(o * in / out)}. */
    public static int adaptiveStart(int o, int in, int out) {
        return (int) ((long) o * in / out);
    }

    /** One past the last input index of adaptive window {@code o}: {@code ceil((o + 1) * in / out)}. */
    public static int adaptiveEnd(int o, int in, int out) {
        return (int) (((long) (o + 1) * in + out - 1) / out);
    }

    /** Adaptive average pooling (PyTorch's start/end formulas); {@code g}'s kernel and stride fields are unused. */
    public static void adaptiveAvgForward(PoolGeometry g, float[] x, int xOff, float[] out) {
        adaptive(g, x, xOff, out, null, false);
    }

    /** Backward of {@link #adaptiveAvgForward}; overwrites {@code dx}. */
    public static void adaptiveAvgBackward(PoolGeometry g, float[] gout, int gOff, float[] dx) {
        int inPlane = g.inPlane(), outPlane = g.outPlane(), h = g.inHeight(), w = g.inWidth();
        int oH = g.outHeight(), oW = g.outWidth();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * inPlane, p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) {
                int base = p * inPlane, o = gOff + p * outPlane;
                for (int oh = 0; oh < oH; oh++) {
                    int hs = adaptiveStart(oh, h, oH), he = adaptiveEnd(oh, h, oH);
                    for (int ow = 0; ow < oW; ow++, o++) {
                        int ws = adaptiveStart(ow, w, oW), we = adaptiveEnd(ow, w, oW);
                        float v = gout[o] / ((he - hs) * (we - ws));
                        for (int ih = hs; ih < he; ih++) {
                            int row = base + ih * w;
                            for (int iw = ws; iw < we; iw++) dx[row + iw] += v;
                        }
                    }
                }
            }
        });
    }

    /**
     * Adaptive max pooling: first maximum (NaN wins) of each adaptive window, with its position as in
     * {@link #maxForward} (so {@link #maxBackward} is its backward).
     */
    public static void adaptiveMaxForward(PoolGeometry g, float[] x, int xOff, float[] out, int[] argmax) {
        adaptive(g, x, xOff, out, argmax, true);
    }

    private static void adaptive(PoolGeometry g, float[] x, int xOff, float[] out, int[] argmax, boolean max) {
        int inPlane = g.inPlane(), outPlane = g.outPlane(), h = g.inHeight(), w = g.inWidth();
        int oH = g.outHeight(), oW = g.outWidth();
        Parallel.forRange(g.planes(), g.grain(), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = xOff + p * inPlane, o = p * outPlane;
                for (int oh = 0; oh < oH; oh++) {
                    int hs = adaptiveStart(oh, h, oH), he = adaptiveEnd(oh, h, oH);
                    for (int ow = 0; ow < oW; ow++, o++) {
                        int ws = adaptiveStart(ow, w, oW), we = adaptiveEnd(ow, w, oW);
                        if (max) {
                            int index = argmaxWindow(x, base, w, hs, he, 1, ws, we, 1);
                            argmax[o] = index;
                            out[o] = x[base + index];
                        } else {
                            float sum = 0f;
                            for (int ih = hs; ih < he; ih++) {
                                int row = base + ih * w;
                                for (int iw = ws; iw < we; iw++) sum += x[row + iw];
                            }
                            out[o] = sum / ((he - hs) * (we - ws));
                        }
                    }
                }
            }
        });
    }
}
