package dev.arabica.nn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.VectorOps;
import java.util.Arrays;

/**
 * Fused batch norm and layer norm on core's vector kernels: statistics accumulated per block in
 * float and across blocks in double, the output as {@code x * alpha + beta} per channel (as
 * PyTorch's CPU kernel), and a closed-form backward that recomputes the normalized input from the
 * saved input, mean and inverse standard deviation. Work is split over channels (batch norm) or
 * rows (layer norm); every channel or row is computed the same way whichever thread runs it, so
 * results do not depend on the thread count. The composite versions built from Tensor primitives
 * live in the tests as oracles.
 */
final class Normalization {
    private Normalization() {}

    /** Below this many elements the work stays on the calling thread (a hand-off costs 20-50 us). */
    private static final int PARALLEL_ELEMENTS = 1 << 16;
    /** Rows summed in float before the block's sums go into double accumulators. */
    private static final int ROW_BLOCK = 64;

    private static final Scratch ROW = new Scratch();
    private static final Scratch ROW2 = new Scratch();

    // ------------------------------------------------------------------ batch norm

    /** Input {@code [N, C, S]} (S = product of the spatial dims), contiguous from {@code off}. */
    private record Layout(float[] x, int off, int batch, int channels, int spatial) {
        int count() {
            return batch * spatial;
        }

        int at(int b, int c) {
            return off + (b * channels + c) * spatial;
        }
    }

    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                            boolean training, double momentum, double eps) {
        int[] shape = x.shape();
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected input of shape [N, C, *] (at least 2 dims), got "
                    + Shape.format(shape));
        }
        requireFloat("batchNorm", "input", x);
        int batch = shape[0], channels = shape[1];
        int spatial = 1;
        for (int d = 2; d < shape.length; d++) spatial *= shape[d];
        checkVector("batchNorm", "weight", weight, channels, shape);
        checkVector("batchNorm", "bias", bias, channels, shape);
        checkVector("batchNorm", "runningMean", runningMean, channels, shape);
        checkVector("batchNorm", "runningVar", runningVar, channels, shape);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: runningMean and runningVar must both be given or both be null");
        }
        if (!(eps >= 0)) throw new IllegalArgumentException("batchNorm: eps must be >= 0, got " + eps);
        boolean useBatchStats = training || runningMean == null;
        int n = batch * spatial;
        if (useBatchStats && n <= 1) {
            throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training, got input of shape "
                    + Shape.format(shape));
        }

        Tensor xc = x.detach().contiguous();
        Layout l = new Layout(xc.storage(), xc.offset(), batch, channels, spatial);
        float[] mean = new float[channels], invstd = new float[channels];
        if (useBatchStats) {
            double[] var = new double[channels];
            channelStatistics(l, mean, var);
            for (int c = 0; c < channels; c++) invstd[c] = (float) (1 / Math.sqrt(var[c] + eps));
            if (training && runningMean != null) {
                // Running statistics use the unbiased variance; new = (1 - momentum) * old + momentum * batch.
                float[] oldMean = values(runningMean), oldVar = values(runningVar);
                float[] rm = new float[channels], rv = new float[channels];
                for (int c = 0; c < channels; c++) {
                    rm[c] = (float) ((1 - momentum) * oldMean[c] + momentum * mean[c]);
                    rv[c] = (float) ((1 - momentum) * oldVar[c] + momentum * var[c] * n / (n - 1));
                }
                try (var scope = GradMode.noGrad()) {
                    runningMean.copy_(Tensor.wrap(rm, channels));
                    runningVar.copy_(Tensor.wrap(rv, channels));
                }
            }
        } else {
            float[] rm = values(runningMean), rv = values(runningVar);
            for (int c = 0; c < channels; c++) {
                mean[c] = rm[c];
                invstd[c] = (float) (1 / Math.sqrt(rv[c] + eps));
            }
        }
        float[] w = weight == null ? null : values(weight), bv = bias == null ? null : values(bias);
        float[] alpha = new float[channels], beta = new float[channels];
        for (int c = 0; c < channels; c++) {
            alpha[c] = w == null ? invstd[c] : invstd[c] * w[c];
            beta[c] = (bv == null ? 0f : bv[c]) - mean[c] * alpha[c];
        }
        float[] out = new float[xc.numel()];
        affine(l, alpha, beta, out);
        Tensor result = Tensor.wrap(out, shape);
        return Autograd.record(result, "batchNorm", new Tensor[] {x, weight, bias},
                g -> batchNormBackward(l, g, mean, invstd, w, useBatchStats, x.requiresGrad(),
                        weight != null && weight.requiresGrad(), bias != null && bias.requiresGrad(), shape));
    }

    /** Mean and biased variance per channel (two passes: the mean, then squared deviations). */
    private static void channelStatistics(Layout l, float[] mean, double[] var) {
        int n = l.count();
        forChannels(l, (c0, c1) -> {
            double[] sums = new double[c1 - c0];
            channelSums(l, c0, c1, null, sums, null);
            for (int c = c0; c < c1; c++) mean[c] = (float) (sums[c - c0] / n);
            Arrays.fill(sums, 0);
            channelSums(l, c0, c1, mean, null, sums);
            for (int c = c0; c < c1; c++) var[c] = sums[c - c0] / n;
        });
    }

    /**
     * For channels {@code [c0, c1)}: {@code sums[c] = sum x} when {@code centre} is null, else
     * {@code squares[c] = sum (x - centre[c])^2}. Blocks (a row block for S == 1, one image for
     * S > 1) are summed in float, blocks in double.
     */
    private static void channelSums(Layout l, int c0, int c1, float[] centre, double[] sums, double[] squares) {
        int width = c1 - c0, s = l.spatial;
        if (s == 1) {
            float[] block = ROW.floats(width), tmp = ROW2.floats(width);
            double[] acc = centre == null ? sums : squares;
            for (int b0 = 0; b0 < l.batch; b0 += ROW_BLOCK) {
                int b1 = Math.min(l.batch, b0 + ROW_BLOCK);
                VectorOps.fill(block, 0, width, 0f);
                for (int b = b0; b < b1; b++) {
                    int row = l.at(b, c0);
                    if (centre == null) {
                        VectorOps.add(block, 0, l.x, row, block, 0, width);
                    } else {
                        VectorOps.sub(l.x, row, centre, c0, tmp, 0, width);
                        VectorOps.mul(tmp, 0, tmp, 0, tmp, 0, width);
                        VectorOps.add(block, 0, tmp, 0, block, 0, width);
                    }
                }
                for (int j = 0; j < width; j++) acc[j] += block[j];
            }
            return;
        }
        float[] tmp = centre == null ? null : ROW.floats(s);
        for (int c = c0; c < c1; c++) {
            double acc = 0;
            for (int b = 0; b < l.batch; b++) {
                int off = l.at(b, c);
                if (centre == null) {
                    acc += VectorOps.sum(l.x, off, s);
                } else {
                    VectorOps.addScalar(l.x, off, -centre[c], tmp, 0, s);
                    acc += VectorOps.dot(tmp, 0, tmp, 0, s);
                }
            }
            if (centre == null) sums[c - c0] = acc;
            else squares[c - c0] = acc;
        }
    }

    /** {@code out = x * alpha[c] + beta[c]}. */
    private static void affine(Layout l, float[] alpha, float[] beta, float[] out) {
        int s = l.spatial, c = l.channels;
        if (s == 1) {
            forRows(l.batch, c, (b0, b1) -> {
                for (int b = b0; b < b1; b++) {
                    int row = l.at(b, 0), o = b * c;
                    VectorOps.mul(l.x, row, alpha, 0, out, o, c);
                    VectorOps.add(out, o, beta, 0, out, o, c);
                }
            });
            return;
        }
        forChannels(l, (c0, c1) -> {
            for (int b = 0; b < l.batch; b++) {
                for (int ch = c0; ch < c1; ch++) {
                    int off = l.at(b, ch), o = off - l.off;
                    VectorOps.scale(alpha[ch], l.x, off, out, o, s);
                    VectorOps.addScalar(out, o, beta[ch], out, o, s);
                }
            }
        });
    }

    private static Tensor[] batchNormBackward(Layout l, Tensor g, float[] mean, float[] invstd, float[] w,
                                              boolean batchStats, boolean needX, boolean needW, boolean needB, int[] shape) {
        Tensor gc = g.contiguous();
        Layout gl = new Layout(gc.storage(), gc.offset(), l.batch, l.channels, l.spatial);
        int channels = l.channels, n = l.count();
        // Per channel: sum(g) and sum(g * (x - mean)).
        double[] sumG = new double[channels], dot = new double[channels];
        forChannels(l, (c0, c1) -> gradientSums(l, gl, mean, c0, c1, sumG, dot));
        float[] dx = null;
        if (needX) {
            float[] mg = new float[channels], k = new float[channels], scale = new float[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = w == null ? invstd[c] : invstd[c] * w[c];
                if (batchStats) {
                    mg[c] = (float) (sumG[c] / n);
                    k[c] = (float) (dot[c] * invstd[c] * invstd[c] / n);
                }
            }
            float[] result = new float[l.batch * channels * l.spatial];
            inputGradient(l, gl, mean, mg, k, scale, batchStats, result);
            dx = result;
        }
        float[] dw = null, db = null;
        if (needW) {
            dw = new float[channels];
            for (int c = 0; c < channels; c++) dw[c] = (float) (dot[c] * invstd[c]);
        }
        if (needB) {
            db = new float[channels];
            for (int c = 0; c < channels; c++) db[c] = (float) sumG[c];
        }
        return new Tensor[] {
            dx == null ? null : Tensor.wrap(dx, shape),
            dw == null ? null : Tensor.wrap(dw, channels),
            db == null ? null : Tensor.wrap(db, channels)};
    }

    private static void gradientSums(Layout l, Layout gl, float[] mean, int c0, int c1, double[] sumG, double[] dot) {
        int width = c1 - c0, s = l.spatial;
        if (s == 1) {
            float[] bg = ROW.floats(2 * width), tmp = ROW2.floats(width);
            for (int b0 = 0; b0 < l.batch; b0 += ROW_BLOCK) {
                int b1 = Math.min(l.batch, b0 + ROW_BLOCK);
                VectorOps.fill(bg, 0, 2 * width, 0f);
                for (int b = b0; b < b1; b++) {
                    int row = l.at(b, c0), grow = gl.at(b, c0);
                    VectorOps.add(bg, 0, gl.x, grow, bg, 0, width);
                    VectorOps.sub(l.x, row, mean, c0, tmp, 0, width);
                    VectorOps.mul(tmp, 0, gl.x, grow, tmp, 0, width);
                    VectorOps.add(bg, width, tmp, 0, bg, width, width);
                }
                for (int j = 0; j < width; j++) {
                    sumG[c0 + j] += bg[j];
                    dot[c0 + j] += bg[width + j];
                }
            }
            return;
        }
        float[] tmp = ROW.floats(s);
        for (int c = c0; c < c1; c++) {
            double sg = 0, d = 0;
            for (int b = 0; b < l.batch; b++) {
                int off = l.at(b, c), goff = gl.at(b, c);
                sg += VectorOps.sum(gl.x, goff, s);
                VectorOps.addScalar(l.x, off, -mean[c], tmp, 0, s);
                d += VectorOps.dot(tmp, 0, gl.x, goff, s);
            }
            sumG[c] = sg;
            dot[c] = d;
        }
    }

    /**
     * {@code dx = (g - mg - (x - mean) * k) * scale} with batch statistics (as PyTorch's CPU
     * backward), {@code dx = g * scale} with running statistics.
     */
    private static void inputGradient(Layout l, Layout gl, float[] mean, float[] mg, float[] k, float[] scale,
                                      boolean batchStats, float[] dx) {
        int s = l.spatial, channels = l.channels;
        if (s == 1) {
            forRows(l.batch, channels, (b0, b1) -> {
                float[] tmp = ROW.floats(channels);
                for (int b = b0; b < b1; b++) {
                    int row = l.at(b, 0), grow = gl.at(b, 0), o = b * channels;
                    if (batchStats) {
                        VectorOps.sub(l.x, row, mean, 0, tmp, 0, channels);
                        VectorOps.mul(tmp, 0, k, 0, tmp, 0, channels);
                        VectorOps.sub(gl.x, grow, tmp, 0, dx, o, channels);
                        VectorOps.sub(dx, o, mg, 0, dx, o, channels);
                        VectorOps.mul(dx, o, scale, 0, dx, o, channels);
                    } else {
                        VectorOps.mul(gl.x, grow, scale, 0, dx, o, channels);
                    }
                }
            });
            return;
        }
        forChannels(l, (c0, c1) -> {
            float[] tmp = ROW.floats(s);
            for (int b = 0; b < l.batch; b++) {
                for (int c = c0; c < c1; c++) {
                    int off = l.at(b, c), goff = gl.at(b, c), o = off - l.off;
                    if (batchStats) {
                        VectorOps.addScalar(l.x, off, -mean[c], tmp, 0, s);
                        VectorOps.scale(k[c], tmp, 0, tmp, 0, s);
                        VectorOps.sub(gl.x, goff, tmp, 0, dx, o, s);
                        VectorOps.addScalar(dx, o, -mg[c], dx, o, s);
                        VectorOps.scale(scale[c], dx, o, dx, o, s);
                    } else {
                        VectorOps.scale(scale[c], gl.x, goff, dx, o, s);
                    }
                }
            }
        });
    }

    /** Channel ranges over the pool (each channel is computed whole by one task). */
    private static void forChannels(Layout l, Parallel.RangeBody body) {
        long total = (long) l.batch * l.channels * l.spatial;
        int grain = total < PARALLEL_ELEMENTS ? Math.max(1, l.channels)
                : Math.max(1, (l.channels + Parallel.threads() - 1) / Parallel.threads());
        Parallel.forRange(l.channels, grain, body);
    }

    /** Row ranges over the pool for elementwise work on {@code rows x width} values. */
    private static void forRows(int rows, int width, Parallel.RangeBody body) {
        long total = (long) rows * width;
        int grain = total < PARALLEL_ELEMENTS ? Math.max(1, rows)
                : Math.max(1, (rows + Parallel.threads() - 1) / Parallel.threads());
        Parallel.forRange(rows, grain, body);
    }

    // ------------------------------------------------------------------ layer norm

    static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int[] shape = x.shape();
        requireFloat("layerNorm", "input", x);
        int k = normalizedShape.length;
        if (k == 0 || k > shape.length
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: input of shape " + Shape.format(shape)
                    + " does not end with normalizedShape " + Shape.format(normalizedShape));
        }
        for (Tensor p : new Tensor[] {weight, bias}) {
            if (p != null && !Arrays.equals(p.shape(), normalizedShape)) {
                throw new IllegalArgumentException("layerNorm: " + (p == weight ? "weight" : "bias") + " of shape "
                        + Shape.format(p.shape()) + " does not match normalizedShape " + Shape.format(normalizedShape));
            }
        }
        if (!(eps >= 0)) throw new IllegalArgumentException("layerNorm: eps must be >= 0, got " + eps);
        int d = Shape.numel(normalizedShape);
        int rows = Shape.numel(Arrays.copyOfRange(shape, 0, shape.length - k));
        Tensor xc = x.detach().contiguous();
        float[] xs = xc.storage();
        int xo = xc.offset();
        float[] w = weight == null ? null : values(weight), bv = bias == null ? null : values(bias);
        float[] mean = new float[rows], invstd = new float[rows];
        float[] out = new float[rows * d];
        forRows(rows, d, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int in = xo + r * d, o = r * d;
                float m = d == 0 ? 0f : (float) ((double) VectorOps.sum(xs, in, d) / d);
                VectorOps.addScalar(xs, in, -m, out, o, d);
                float is = (float) (1 / Math.sqrt((double) VectorOps.dot(out, o, out, o, d) / d + eps));
                mean[r] = m;
                invstd[r] = is;
                VectorOps.scale(is, out, o, out, o, d);
                if (w != null) VectorOps.mul(out, o, w, 0, out, o, d);
                if (bv != null) VectorOps.add(out, o, bv, 0, out, o, d);
            }
        });
        Tensor result = Tensor.wrap(out, shape);
        return Autograd.record(result, "layerNorm", new Tensor[] {x, weight, bias}, g -> {
            Tensor gc = g.contiguous();
            boolean needW = weight != null && weight.requiresGrad(), needB = bias != null && bias.requiresGrad();
            float[] dx = x.requiresGrad() ? new float[rows * d] : null;
            int blocks = Parallel.blockCount(rows, ROW_BLOCK);
            float[] partialW = needW ? new float[blocks * d] : null, partialB = needB ? new float[blocks * d] : null;
            layerNormBackward(xs, xo, gc.storage(), gc.offset(), rows, d, mean, invstd, w, dx, partialW, partialB);
            return new Tensor[] {
                dx == null ? null : Tensor.wrap(dx, shape),
                needW ? Tensor.wrap(combine(partialW, blocks, d), normalizedShape) : null,
                needB ? Tensor.wrap(combine(partialB, blocks, d), normalizedShape) : null};
        });
    }

    /**
     * Per row, with {@code xhat = (x - mean) * invstd} and {@code gy = g * weight}:
     * {@code dx = (gy - mean(gy) - xhat * mean(gy * xhat)) * invstd}; per block of
     * {@link #ROW_BLOCK} rows, the partial sums of {@code g * xhat} and {@code g}.
     */
    private static void layerNormBackward(float[] xs, int xo, float[] gs, int go, int rows, int d, float[] mean,
                                          float[] invstd, float[] w, float[] dx, float[] partialW, float[] partialB) {
        Parallel.forRange(rows, ROW_BLOCK, (long) rows * d >= PARALLEL_ELEMENTS, (r0, r1) -> {
            float[] xhat = ROW.floats(d), gy = ROW2.floats(d);
            int pb = r0 / ROW_BLOCK * d;
            for (int r = r0; r < r1; r++) {
                int in = xo + r * d, gi = go + r * d;
                VectorOps.addScalar(xs, in, -mean[r], xhat, 0, d);
                VectorOps.scale(invstd[r], xhat, 0, xhat, 0, d);
                if (partialB != null) VectorOps.add(partialB, pb, gs, gi, partialB, pb, d);
                if (partialW != null) {
                    VectorOps.mul(gs, gi, xhat, 0, gy, 0, d);
                    VectorOps.add(partialW, pb, gy, 0, partialW, pb, d);
                }
                if (dx == null) continue;
                if (w != null) VectorOps.mul(gs, gi, w, 0, gy, 0, d);
                else System.arraycopy(gs, gi, gy, 0, d);
                float mg = (float) ((double) VectorOps.sum(gy, 0, d) / d);
                float mgh = (float) ((double) VectorOps.dot(gy, 0, xhat, 0, d) / d);
                int o = r * d;
                VectorOps.scale(mgh, xhat, 0, xhat, 0, d);
                VectorOps.sub(gy, 0, xhat, 0, dx, o, d);
                VectorOps.addScalar(dx, o, -mg, dx, o, d);
                VectorOps.scale(invstd[r], dx, o, dx, o, d);
            }
        });
    }

    /** Sums {@code blocks} partial rows of length {@code d} in block order, in double. */
    private static float[] combine(float[] partial, int blocks, int d) {
        double[] acc = new double[d];
        for (int b = 0; b < blocks; b++) {
            for (int j = 0; j < d; j++) acc[j] += partial[b * d + j];
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) out[j] = (float) acc[j];
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The values of a parameter or buffer vector, read in place: its storage when it is contiguous
     * from offset 0 (every module's parameters are), else a contiguous copy. Never written.
     */
    private static float[] values(Tensor t) {
        Tensor c = t.detach().contiguous();
        if (c.offset() == 0) return c.storage();
        return c.clone().storage();
    }

    private static void requireFloat(String op, String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype() + " of shape "
                    + Shape.format(t.shape()));
        }
    }

    private static void checkVector(String op, String what, Tensor t, int channels, int[] inputShape) {
        if (t != null && (t.dim() != 1 || t.size(0) != channels)) {
            throw new IllegalArgumentException(op + ": " + what + " of shape " + Shape.format(t.shape()) + " does not match the "
                    + channels + " channels of input " + Shape.format(inputShape) + " (expected [" + channels + "])");
        }
    }
}
