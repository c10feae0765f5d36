package dev.arabica.nn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;

/**
 * Fused batch norm and layer norm: one pass for the statistics (accumulated in double), one for
 * the output, and a closed-form backward. The composite versions built from Tensor primitives live
 * in the tests as oracles.
 */
final class Normalization {
    private Normalization() {}

    // ------------------------------------------------------------------ batch norm

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

        float[] xv = x.toFloatArray();
        double[] mean = new double[channels], invstd = new double[channels];
        if (useBatchStats) {
            double[] var = new double[channels];
            for (int c = 0; c < channels; c++) {
                double s = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) s += xv[base + i];
                }
                double m = s / n, ss = 0;
                for (int b = 0; b < batch; b++) {
                    int base = (b * channels + c) * spatial;
                    for (int i = 0; i < spatial; i++) {
                        double dv = xv[base + i] - m;
                        ss += dv * dv;
                    }
                }
                mean[c] = m;
                var[c] = ss / n;
                invstd[c] = 1 / Math.sqrt(var[c] + eps);
            }
            if (training && runningMean != null) {
                // Running statistics use the unbiased variance; new = (1 - momentum) * old + momentum * batch.
                float[] rm = runningMean.toFloatArray(), rv = runningVar.toFloatArray();
                for (int c = 0; c < channels; c++) {
                    rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mean[c]);
                    rv[c] = (float) ((1 - momentum) * rv[c] + momentum * var[c] * n / (n - 1));
                }
                try (var scope = GradMode.noGrad()) {
                    runningMean.copyFrom(Tensor.of(rm, channels));
                    runningVar.copyFrom(Tensor.of(rv, channels));
                }
            }
        } else {
            float[] rm = runningMean.toFloatArray(), rv = runningVar.toFloatArray();
            for (int c = 0; c < channels; c++) {
                mean[c] = rm[c];
                invstd[c] = 1 / Math.sqrt(rv[c] + eps);
            }
        }

        float[] w = weight == null ? null : weight.toFloatArray();
        float[] bv = bias == null ? null : bias.toFloatArray();
        float[] xhat = new float[xv.length], out = new float[xv.length];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < channels; c++) {
                int base = (b * channels + c) * spatial;
                double m = mean[c], is = invstd[c];
                double scale = w == null ? 1 : w[c], shift = bv == null ? 0 : bv[c];
                for (int i = 0; i < spatial; i++) {
                    double h = (xv[base + i] - m) * is;
                    xhat[base + i] = (float) h;
                    out[base + i] = (float) (h * scale + shift);
                }
            }
        }
        Tensor result = Tensor.of(out, shape);
        final int sp = spatial;
        return Autograd.record(result, "batchNorm", new Tensor[] {x, weight, bias}, g -> {
            float[] gv = g.toFloatArray();
            double[] sumG = new double[channels], sumGH = new double[channels];
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < channels; c++) {
                    int base = (b * channels + c) * sp;
                    for (int i = 0; i < sp; i++) {
                        sumG[c] += gv[base + i];
                        sumGH[c] += (double) gv[base + i] * xhat[base + i];
                    }
                }
            }
            Tensor gx = null;
            if (x.requiresGrad()) {
                float[] dx = new float[gv.length];
                for (int b = 0; b < batch; b++) {
                    for (int c = 0; c < channels; c++) {
                        int base = (b * channels + c) * sp;
                        double scale = (w == null ? 1 : w[c]) * invstd[c];
                        if (useBatchStats) {
                            // dx = w * invstd * (g - mean(g) - xhat * mean(g * xhat)), means per channel
                            double mg = sumG[c] / n, mgh = sumGH[c] / n;
                            for (int i = 0; i < sp; i++) {
                                dx[base + i] = (float) (scale * (gv[base + i] - mg - xhat[base + i] * mgh));
                            }
                        } else {
                            for (int i = 0; i < sp; i++) dx[base + i] = (float) (scale * gv[base + i]);
                        }
                    }
                }
                gx = Tensor.of(dx, shape);
            }
            return new Tensor[] {
                gx,
                weight != null && weight.requiresGrad() ? Tensor.of(toFloat(sumGH), channels) : null,
                bias != null && bias.requiresGrad() ? Tensor.of(toFloat(sumG), channels) : null};
        });
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
        float[] xv = x.toFloatArray();
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] bv = bias == null ? null : bias.toFloatArray();
        float[] xhat = new float[xv.length], out = new float[xv.length];
        double[] invstd = new double[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * d;
            double s = 0;
            for (int j = 0; j < d; j++) s += xv[base + j];
            double m = s / d, ss = 0;
            for (int j = 0; j < d; j++) {
                double dv = xv[base + j] - m;
                ss += dv * dv;
            }
            double is = 1 / Math.sqrt(ss / d + eps);
            invstd[r] = is;
            for (int j = 0; j < d; j++) {
                double h = (xv[base + j] - m) * is;
                xhat[base + j] = (float) h;
                out[base + j] = (float) (h * (w == null ? 1 : w[j]) + (bv == null ? 0 : bv[j]));
            }
        }
        Tensor result = Tensor.of(out, shape);
        return Autograd.record(result, "layerNorm", new Tensor[] {x, weight, bias}, g -> {
            float[] gv = g.toFloatArray();
            double[] gw = new double[d], gb = new double[d];
            float[] dx = x.requiresGrad() ? new float[gv.length] : null;
            double[] gy = new double[d];
            for (int r = 0; r < rows; r++) {
                int base = r * d;
                double sumGy = 0, sumGyH = 0;
                for (int j = 0; j < d; j++) {
                    double gj = gv[base + j];
                    gw[j] += gj * xhat[base + j];
                    gb[j] += gj;
                    gy[j] = gj * (w == null ? 1 : w[j]);
                    sumGy += gy[j];
                    sumGyH += gy[j] * xhat[base + j];
                }
                if (dx != null) {
                    // dx = invstd * (gy - mean(gy) - xhat * mean(gy * xhat)), gy = g * weight, means per row
                    double mg = sumGy / d, mgh = sumGyH / d;
                    for (int j = 0; j < d; j++) {
                        dx[base + j] = (float) (invstd[r] * (gy[j] - mg - xhat[base + j] * mgh));
                    }
                }
            }
            return new Tensor[] {
                dx == null ? null : Tensor.of(dx, shape),
                weight != null && weight.requiresGrad() ? Tensor.of(toFloat(gw), normalizedShape) : null,
                bias != null && bias.requiresGrad() ? Tensor.of(toFloat(gb), normalizedShape) : null};
        });
    }

    // ------------------------------------------------------------------ helpers

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

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
