package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.VectorOps;
import java.util.Arrays;

/**
 * Direct convolution for one input channel per group (depthwise convolutions, and single-channel
 * inputs): each output channel reads one input channel, {@code co / multiplier}. Forward and both
 * gradients, with vectorized inner loops. A
 * matrix product would have one row per group and waste most of its tile, so each output plane is
 * instead the sum over the {@code kH * kW} taps of a scaled, shifted copy of its (zero-padded) input
 * plane: one {@link VectorOps#axpy} per tap.
 *
 * <ul>
 *   <li>Stride 1: the plane is treated as one long row along the padded rows ("wide" columns, a few
 *       of which straddle a row end and are dropped), so every tap is a single axpy (forward, input
 *       gradient) or dot product (weight gradient) over the whole plane.</li>
 *   <li>Other strides: the padded rows are split into {@code strideWidth} phases (every
 *       {@code strideWidth}-th column), so that each tap reads a contiguous run per output row.</li>
 * </ul>
 * Planes are split over threads; every element is computed the same way whichever thread does it,
 * and the weight gradient sums images in a fixed order, so results do not depend on the thread count.
 */
final class DepthwiseConv {
    private static final Scratch PLANE = new Scratch();
    private static final Scratch WORK = new Scratch();

    private DepthwiseConv() {}

    /**
     * True for a convolution with one input channel per group and at most 8 output channels per
     * group: depthwise ones, and single-channel inputs such as LeNet's first layer (measured about 2x
     * faster there than the packed product, whose patch packing is reused by only 6 output rows).
     */
    static boolean applies(ConvGeometry g) {
        return g.inPerGroup() == 1 && g.outPerGroup() <= 8;
    }

    /** Sizes of the padded plane and of its phases. */
    private record Plane(int rows, int cols, int phaseCols, boolean wide, int count) {
        static Plane of(ConvGeometry g) {
            int rows = (g.outHeight() - 1) * g.strideHeight() + g.dilationHeight() * (g.kernelHeight() - 1) + 1;
            int cols = (g.outWidth() - 1) * g.strideWidth() + g.dilationWidth() * (g.kernelWidth() - 1) + 1;
            boolean wide = g.strideHeight() == 1 && g.strideWidth() == 1;
            int phaseCols = (cols + g.strideWidth() - 1) / g.strideWidth();
            return new Plane(rows, cols, phaseCols, wide, (g.outHeight() - 1) * cols + g.outWidth());
        }

        /** Floats of the padded plane in phase layout: {@code stride} phases of {@code rows x phaseCols}. */
        int size(int stride) {
            return wide ? rows * cols : stride * rows * phaseCols;
        }
    }

    /**
     * Writes input plane {@code src} ({@code h x w}) zero-padded into {@code dst}: as {@code rows x cols}
     * if wide, else split into phases, phase {@code f} holding padded columns {@code f, f + s, ...}.
     */
    private static void padPlane(ConvGeometry g, Plane pl, float[] x, int src, float[] dst) {
        int h = g.inHeight(), w = g.inWidth(), s = g.strideWidth(), top = g.padTop(), left = g.padLeft();
        Arrays.fill(dst, 0, pl.size(s), 0f);
        int rowsIn = Math.min(h, pl.rows() - top), colsIn = Math.min(w, pl.cols() - left);
        for (int y = 0; y < rowsIn; y++) {
            int from = src + y * w, r = y + top;
            if (pl.wide()) {
                System.arraycopy(x, from, dst, r * pl.cols() + left, colsIn);
            } else {
                for (int i = 0; i < colsIn; i++) {
                    int c = i + left;
                    dst[((c % s) * pl.rows() + r) * pl.phaseCols() + c / s] = x[from + i];
                }
            }
        }
    }

    /** Offset of tap {@code (ki, kj)} for output pixel (0, 0) in the padded plane ({@code wide}) or its phase. */
    private static int tapOffset(ConvGeometry g, Plane pl, int ki, int kj) {
        int r = ki * g.dilationHeight(), c = kj * g.dilationWidth(), s = g.strideWidth();
        return pl.wide() ? r * pl.cols() + c : ((c % s) * pl.rows() + r) * pl.phaseCols() + c / s;
    }

    private static int grain(ConvGeometry g) {
        return Math.max(1, (1 << 15) / Math.max(1, g.outPlane() * g.kernelHeight() * g.kernelWidth()));
    }

    // ---------------------------------------------------------------- forward

    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff, float[] out, int outOff) {
        Plane pl = Plane.of(g);
        int cout = g.outChannels(), mult = g.outPerGroup(), kk = g.kernelHeight() * g.kernelWidth(), p = g.outPlane();
        Parallel.forRange(g.batch() * cout, grain(g), (i0, i1) -> {
            float[] xp = PLANE.floats(pl.size(g.strideWidth()));
            float[] acc = WORK.floats(pl.count());
            int padded = -1;
            for (int i = i0; i < i1; i++) {
                int n = i / cout, co = i % cout, ci = n * g.inChannels() + co / mult;
                if (padded != ci) {
                    padPlane(g, pl, x, xOff + ci * g.inPlane(), xp);
                    padded = ci;
                }
                float b = bias == null ? 0f : bias[biasOff + co];
                int dst = outOff + i * p, wRow = wOff + co * kk;
                if (pl.wide()) {
                    Arrays.fill(acc, 0, pl.count(), b);
                    for (int ki = 0; ki < g.kernelHeight(); ki++) {
                        for (int kj = 0; kj < g.kernelWidth(); kj++) {
                            VectorOps.axpy(w[wRow + ki * g.kernelWidth() + kj], xp, tapOffset(g, pl, ki, kj), acc, 0, pl.count());
                        }
                    }
                    for (int oh = 0; oh < g.outHeight(); oh++) System.arraycopy(acc, oh * pl.cols(), out, dst + oh * g.outWidth(), g.outWidth());
                } else {
                    for (int oh = 0; oh < g.outHeight(); oh++) {
                        int row = dst + oh * g.outWidth(), shift = oh * g.strideHeight() * pl.phaseCols();
                        Arrays.fill(out, row, row + g.outWidth(), b);
                        for (int ki = 0; ki < g.kernelHeight(); ki++) {
                            for (int kj = 0; kj < g.kernelWidth(); kj++) {
                                VectorOps.axpy(w[wRow + ki * g.kernelWidth() + kj], xp, tapOffset(g, pl, ki, kj) + shift, out, row, g.outWidth());
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Lays output-gradient plane {@code src} out as the padded plane's columns: wide (zeros in the
     * columns that straddle row ends), else one output row per {@code phaseCols}-long row.
     */
    private static void spread(ConvGeometry g, Plane pl, float[] gout, int src, float[] dst) {
        int outW = g.outWidth(), step = pl.wide() ? pl.cols() : outW;
        if (pl.wide()) Arrays.fill(dst, 0, pl.count(), 0f);
        for (int oh = 0; oh < g.outHeight(); oh++) System.arraycopy(gout, src + oh * outW, dst, oh * step, outW);
    }

    // ---------------------------------------------------------------- input gradient

    /** {@code dx}, written in full: each input plane gathers its output channels' taps. */
    static void inputGrad(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        Plane pl = Plane.of(g);
        int cin = g.inChannels(), cout = g.outChannels(), mult = g.outPerGroup(), kk = g.kernelHeight() * g.kernelWidth();
        int p = g.outPlane(), s = g.strideWidth();
        Parallel.forRange(g.batch() * cin, grain(g), (i0, i1) -> {
            float[] dp = PLANE.floats(pl.size(s)), gw = WORK.floats(pl.wide() ? pl.count() : p);
            for (int i = i0; i < i1; i++) {
                int n = i / cin, c = i % cin;
                Arrays.fill(dp, 0, pl.size(s), 0f);
                for (int j = 0; j < mult; j++) {
                    int co = c * mult + j, wRow = wOff + co * kk;
                    spread(g, pl, gout, gOff + (n * cout + co) * p, gw);
                    for (int ki = 0; ki < g.kernelHeight(); ki++) {
                        for (int kj = 0; kj < g.kernelWidth(); kj++) {
                            float wt = w[wRow + ki * g.kernelWidth() + kj];
                            int tap = tapOffset(g, pl, ki, kj);
                            if (pl.wide()) {
                                VectorOps.axpy(wt, gw, 0, dp, tap, pl.count());
                            } else {
                                for (int oh = 0; oh < g.outHeight(); oh++) {
                                    VectorOps.axpy(wt, gw, oh * g.outWidth(), dp, tap + oh * g.strideHeight() * pl.phaseCols(), g.outWidth());
                                }
                            }
                        }
                    }
                }
                crop(g, pl, dp, dx, dxOff + i * g.inPlane());
            }
        });
    }

    /** The input-sized part of a padded (or phase-split) plane. */
    private static void crop(ConvGeometry g, Plane pl, float[] dp, float[] dx, int dst) {
        int h = g.inHeight(), w = g.inWidth(), s = g.strideWidth(), top = g.padTop(), left = g.padLeft();
        Arrays.fill(dx, dst, dst + h * w, 0f);
        int rowsIn = Math.min(h, pl.rows() - top), colsIn = Math.min(w, pl.cols() - left);
        for (int y = 0; y < rowsIn; y++) {
            int r = y + top, to = dst + y * w;
            if (pl.wide()) {
                System.arraycopy(dp, r * pl.cols() + left, dx, to, colsIn);
            } else {
                for (int i = 0; i < colsIn; i++) {
                    int c = i + left;
                    dx[to + i] = dp[((c % s) * pl.rows() + r) * pl.phaseCols() + c / s];
                }
            }
        }
    }

    // ---------------------------------------------------------------- weight gradient

    /** {@code dw[co, ki, kj] = sum over images and output pixels of gout * input}, written in full. */
    static void weightGrad(ConvGeometry g, float[] x, int xOff, float[] gout, int gOff, float[] dw, int dwOff) {
        Plane pl = Plane.of(g);
        int cout = g.outChannels(), mult = g.outPerGroup(), kh = g.kernelHeight(), kw = g.kernelWidth(), kk = kh * kw;
        int p = g.outPlane(), s = g.strideWidth();
        Parallel.forRange(cout, Math.max(1, grain(g) / Math.max(1, g.batch())), (c0, c1) -> {
            float[] xp = PLANE.floats(pl.size(s)), gw = WORK.floats(pl.wide() ? pl.count() : p);
            for (int co = c0; co < c1; co++) {
                int wRow = dwOff + co * kk;
                Arrays.fill(dw, wRow, wRow + kk, 0f);
                for (int n = 0; n < g.batch(); n++) {
                    padPlane(g, pl, x, xOff + (n * g.inChannels() + co / mult) * g.inPlane(), xp);
                    spread(g, pl, gout, gOff + (n * cout + co) * p, gw);
                    for (int ki = 0; ki < kh; ki++) {
                        for (int kj = 0; kj < kw; kj++) {
                            int tap = tapOffset(g, pl, ki, kj);
                            float sum = 0f;
                            if (pl.wide()) {
                                sum = VectorOps.dot(gw, 0, xp, tap, pl.count());
                            } else {
                                for (int oh = 0; oh < g.outHeight(); oh++) {
                                    sum += VectorOps.dot(gw, oh * g.outWidth(), xp, tap + oh * g.strideHeight() * pl.phaseCols(), g.outWidth());
                                }
                            }
                            dw[wRow + ki * kw + kj] += sum;
                        }
                    }
                }
            }
        });
    }
}
