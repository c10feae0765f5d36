package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;

/**
 * Nearest and bilinear resizing of the planes of an NCHW tensor, forward and backward, with
 * PyTorch's ({@code upsample_nearest2d}, {@code upsample_bilinear2d}) source-index formulas,
 * computed in float as PyTorch does for float32:
 * <ul>
 *   <li>scale: {@code 1 / scaleFactor} when a scale factor was given, else {@code in / out};</li>
 *   <li>nearest: {@code src = min(floor(dst * scale), in - 1)} (identity when {@code out == in});</li>
 *   <li>bilinear, {@code alignCorners}: {@code src = dst * (in - 1) / (out - 1)} (0 when {@code out == 1});
 *       otherwise {@code src = max(0, (dst + 0.5) * scale - 0.5)}; the two neighbours are
 *       {@code floor(src)} and the next one (clamped), weighted by the distance.</li>
 * </ul>
 * Planes are independent and split over threads; backward kernels overwrite {@code dx}.
 */
public final class Resize2d {
    private Resize2d() {}

    /** The scale used by the index formulas: {@code 1 / scaleFactor} if one was given ({@code > 0}), else {@code in / out}. */
    static float scale(double scaleFactor, int in, int out) {
        return scaleFactor > 0 ? (float) (1.0 / scaleFactor) : (float) in / out;
    }

    /** Source index of each output position for nearest resizing. */
    public static int[] nearestIndex(int in, int out, double scaleFactor) {
        int[] index = new int[out];
        float scale = scale(scaleFactor, in, out);
        for (int o = 0; o < out; o++) {
            if (out == in) index[o] = o;
            else if (out == 2 * in) index[o] = o >> 1;
            else index[o] = Math.min((int) Math.floor(o * scale), in - 1);
        }
        return index;
    }

    /**
     * Bilinear source positions along one dim: {@code lo[o]}, {@code hi[o]} and the weight
     * {@code frac[o]} of {@code hi} (the weight of {@code lo} is {@code 1 - frac[o]}).
     */
    public record Linear(int[] lo, int[] hi, float[] frac) {}

    /** The bilinear source positions along one dim. */
    public static Linear linearIndex(int in, int out, double scaleFactor, boolean alignCorners) {
        int[] lo = new int[out], hi = new int[out];
        float[] frac = new float[out];
        float scale = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : scale(scaleFactor, in, out);
        for (int o = 0; o < out; o++) {
            if (out == in) {
                lo[o] = o;
                hi[o] = o;
                continue;
            }
            float real = alignCorners ? scale * o : Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int i0 = Math.min((int) real, in - 1);
            lo[o] = i0;
            hi[o] = i0 + (i0 < in - 1 ? 1 : 0);
            frac[o] = Math.min(Math.max(real - i0, 0f), 1f);
        }
        return new Linear(lo, hi, frac);
    }

    private static int grain(int inPlane, int outPlane) {
        return Math.max(1, (1 << 16) / Math.max(1, inPlane + outPlane));
    }

    /** {@code out[p, oh, ow] = x[p, rows[oh], cols[ow]]}. */
    public static void nearestForward(int planes, int inH, int inW, int[] rows, int[] cols, float[] x, int xOff, float[] out) {
        int outH = rows.length, outW = cols.length, inPlane = inH * inW, outPlane = outH * outW;
        Parallel.forRange(planes, grain(inPlane, outPlane), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int o = p * outPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int row = xOff + p * inPlane + rows[oh] * inW;
                    for (int ow = 0; ow < outW; ow++) out[o++] = x[row + cols[ow]];
                }
            }
        });
    }

    /** Backward of {@link #nearestForward}: each output gradient is added to its source. */
    public static void nearestBackward(int planes, int inH, int inW, int[] rows, int[] cols, float[] gout, int gOff, float[] dx) {
        int outH = rows.length, outW = cols.length, inPlane = inH * inW, outPlane = outH * outW;
        Parallel.forRange(planes, grain(inPlane, outPlane), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * inPlane, p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) {
                int o = gOff + p * outPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int row = p * inPlane + rows[oh] * inW;
                    for (int ow = 0; ow < outW; ow++) dx[row + cols[ow]] += gout[o++];
                }
            }
        });
    }

    /** Bilinear interpolation between the four neighbours given by {@code rows} and {@code cols}. */
    public static void bilinearForward(int planes, int inH, int inW, Linear rows, Linear cols, float[] x, int xOff, float[] out) {
        int outH = rows.lo().length, outW = cols.lo().length, inPlane = inH * inW, outPlane = outH * outW;
        Parallel.forRange(planes, grain(inPlane, outPlane), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int o = p * outPlane, base = xOff + p * inPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int r0 = base + rows.lo()[oh] * inW, r1 = base + rows.hi()[oh] * inW;
                    float h1 = rows.frac()[oh], h0 = 1f - h1;
                    for (int ow = 0; ow < outW; ow++) {
                        int c0 = cols.lo()[ow], c1 = cols.hi()[ow];
                        float w1 = cols.frac()[ow], w0 = 1f - w1;
                        out[o++] = h0 * (w0 * x[r0 + c0] + w1 * x[r0 + c1]) + h1 * (w0 * x[r1 + c0] + w1 * x[r1 + c1]);
                    }
                }
            }
        });
    }

    /** Backward of {@link #bilinearForward}: each output gradient is spread over its four neighbours by their weights. */
    public static void bilinearBackward(int planes, int inH, int inW, Linear rows, Linear cols, float[] gout, int gOff, float[] dx) {
        int outH = rows.lo().length, outW = cols.lo().length, inPlane = inH * inW, outPlane = outH * outW;
        Parallel.forRange(planes, grain(inPlane, outPlane), (p0, p1) -> {
            java.util.Arrays.fill(dx, p0 * inPlane, p1 * inPlane, 0f);
            for (int p = p0; p < p1; p++) {
                int o = gOff + p * outPlane, base = p * inPlane;
                for (int oh = 0; oh < outH; oh++) {
                    int r0 = base + rows.lo()[oh] * inW, r1 = base + rows.hi()[oh] * inW;
                    float h1 = rows.frac()[oh], h0 = 1f - h1;
                    for (int ow = 0; ow < outW; ow++) {
                        int c0 = cols.lo()[ow], c1 = cols.hi()[ow];
                        float w1 = cols.frac()[ow], w0 = 1f - w1, v = gout[o++];
                        dx[r0 + c0] += h0 * w0 * v;
                        dx[r0 + c1] += h0 * w1 * v;
                        dx[r1 + c0] += h1 * w0 * v;
                        dx[r1 + c1] += h1 * w1 * v;
                    }
                }
            }
        });
    }
}
