package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.VectorOps;
import java.util.Arrays;

/**
 * Unfolds image patches into the columns of a matrix (im2col) and folds such a matrix back with
 * summation (col2im), for a band of output rows of one image.
 *
 * <p>Layout: for the channels {@code [0, channels)} starting at {@code xOff} (planes of
 * {@code inHeight * inWidth}) and output rows {@code [oh0, oh1)}, row {@code r = (c * kernelHeight + ki)
 * * kernelWidth + kj} and column {@code q = (oh - oh0) * outWidth + ow} of the matrix hold the input
 * value under kernel tap {@code (ki, kj)} of output pixel {@code (oh, ow)} in channel {@code c}, or 0
 * where that tap falls into the padding. The row stride is {@code (oh1 - oh0) * outWidth}.
 */
public final class Im2col {
    private Im2col() {}

    /** Writes the patch matrix (every element, zeros included) into {@code cols} at {@code colsOff}. */
    public static void im2col(ConvGeometry g, float[] x, int xOff, int channels, int oh0, int oh1, float[] cols, int colsOff) {
        int h = g.inHeight(), w = g.inWidth(), outW = g.outWidth(), plane = h * w;
        int kh = g.kernelHeight(), kw = g.kernelWidth(), sh = g.strideHeight(), sw = g.strideWidth();
        int dh = g.dilationHeight(), dw = g.dilationWidth();
        int dst = colsOff;
        for (int c = 0; c < channels; c++) {
            int chan = xOff + c * plane;
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * dh - g.padTop();
                for (int kj = 0; kj < kw; kj++) {
                    int colShift = kj * dw - g.padLeft();
                    int lo = validStart(colShift, sw, outW), hi = validEnd(colShift, sw, w, outW, lo);
                    for (int oh = oh0; oh < oh1; oh++, dst += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= h) {
                            Arrays.fill(cols, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = chan + ih * w + colShift;
                        if (lo > 0) Arrays.fill(cols, dst, dst + lo, 0f);
                        if (sw == 1) {
                            System.arraycopy(x, src + lo, cols, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) cols[dst + ow] = x[src + ow * sw];
                        }
                        if (hi < outW) Arrays.fill(cols, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /**
     * Adds the patch matrix back onto the image: every element of {@code cols} that maps to an input
     * position is added there ({@code dx} must hold the values to add to, usually zeros); elements
     * that map to padding are dropped.
     */
    public static void col2im(ConvGeometry g, float[] cols, int colsOff, int channels, int oh0, int oh1, float[] dx, int dxOff) {
        int h = g.inHeight(), w = g.inWidth(), outW = g.outWidth(), plane = h * w;
        int kh = g.kernelHeight(), kw = g.kernelWidth(), sh = g.strideHeight(), sw = g.strideWidth();
        int dh = g.dilationHeight(), dw = g.dilationWidth();
        int src = colsOff;
        for (int c = 0; c < channels; c++) {
            int chan = dxOff + c * plane;
            for (int ki = 0; ki < kh; ki++) {
                int rowShift = ki * dh - g.padTop();
                for (int kj = 0; kj < kw; kj++) {
                    int colShift = kj * dw - g.padLeft();
                    int lo = validStart(colShift, sw, outW), hi = validEnd(colShift, sw, w, outW, lo);
                    if (hi == lo) {
                        src += (oh1 - oh0) * outW;
                        continue;
                    }
                    for (int oh = oh0; oh < oh1; oh++, src += outW) {
                        int ih = oh * sh + rowShift;
                        if (ih < 0 || ih >= h) continue;
                        int dst = chan + ih * w + colShift;
                        if (sw == 1) {
                            VectorOps.add(dx, dst + lo, cols, src + lo, dx, dst + lo, hi - lo);
                        } else {
                            for (int ow = lo; ow < hi; ow++) dx[dst + ow * sw] += cols[src + ow];
                        }
                    }
                }
            }
        }
    }

    /** First output column whose tap {@code ow * stride + shift} is inside the row (clamped to {@code outW}). */
    static int validStart(int shift, int stride, int outW) {
        int lo = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        return Math.min(lo, outW);
    }

    /** One past the last output column whose tap is inside a row of {@code width}; at least {@code lo}. */
    static int validEnd(int shift, int stride, int width, int outW, int lo) {
        int last = width - 1 - shift; // ow * stride <= last
        int hi = last < 0 ? 0 : Math.min(outW, last / stride + 1);
        return Math.max(hi, lo);
    }
}
