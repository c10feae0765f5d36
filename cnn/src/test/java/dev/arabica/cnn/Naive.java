package dev.arabica.cnn;

import dev.arabica.core.Tensor;

/** Straightforward loop implementations (summing in double) that the fast kernels are tested against. */
final class Naive {
    private Naive() {}

    /** conv2d with explicit paddings (top, bottom, left, right) and the output size they give. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, int sh, int sw, int pt, int pb, int pl, int pr, int dh, int dw, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), cinG = w.size(1), kh = w.size(2), kw = w.size(3), coutG = cout / groups;
        int oh = (h + pt + pb - dh * (kh - 1) - 1) / sh + 1, ow = (wd + pl + pr - dw * (kw - 1) - 1) / sw + 1;
        float[] xs = x.toFloatArray(), ws = w.toFloatArray(), bs = b == null ? null : b.toFloatArray();
        float[] out = new float[n * cout * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int co = 0; co < cout; co++) {
                int g = co / coutG;
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double s = bs == null ? 0 : bs[co];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ki = 0; ki < kh; ki++) {
                                int ih = y * sh - pt + ki * dh;
                                if (ih < 0 || ih >= h) continue;
                                for (int kj = 0; kj < kw; kj++) {
                                    int iw = z * sw - pl + kj * dw;
                                    if (iw < 0 || iw >= wd) continue;
                                    s += (double) xs[((i * cin + g * cinG + ci) * h + ih) * wd + iw] * ws[((co * cinG + ci) * kh + ki) * kw + kj];
                                }
                            }
                        }
                        out[((i * cout + co) * oh + y) * ow + z] = (float) s;
                    }
                }
            }
        }
        return Tensor.of(out, n, cout, oh, ow);
    }

    /** conv_transpose2d by scattering every input pixel. */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int s, int p, int op, int d, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int coutG = w.size(1), kh = w.size(2), kw = w.size(3), cout = coutG * groups, cinG = cin / groups;
        int oh = (h - 1) * s - 2 * p + d * (kh - 1) + op + 1, ow = (wd - 1) * s - 2 * p + d * (kw - 1) + op + 1;
        float[] xs = x.toFloatArray(), ws = w.toFloatArray(), bs = b == null ? null : b.toFloatArray();
        double[] out = new double[n * cout * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int ci = 0; ci < cin; ci++) {
                int g = ci / cinG;
                for (int y = 0; y < h; y++) {
                    for (int z = 0; z < wd; z++) {
                        double v = xs[((i * cin + ci) * h + y) * wd + z];
                        for (int co = 0; co < coutG; co++) {
                            for (int ki = 0; ki < kh; ki++) {
                                int r = y * s - p + ki * d;
                                if (r < 0 || r >= oh) continue;
                                for (int kj = 0; kj < kw; kj++) {
                                    int c = z * s - p + kj * d;
                                    if (c < 0 || c >= ow) continue;
                                    out[((i * cout + g * coutG + co) * oh + r) * ow + c] += v * ws[((ci * coutG + co) * kh + ki) * kw + kj];
                                }
                            }
                        }
                    }
                }
            }
        }
        float[] f = new float[out.length];
        for (int i = 0; i < f.length; i++) {
            int co = (i / (oh * ow)) % cout;
            f[i] = (float) (out[i] + (bs == null ? 0 : bs[co]));
        }
        return Tensor.of(f, n, cout, oh, ow);
    }

    /** The weight gradient of conv2d (symmetric padding): {@code dW[co, ci, ki, kj] = sum x[...] * g[n, co, oh, ow]}. */
    static Tensor conv2dWeightGrad(Tensor x, Tensor g, int kh, int kw, int s, int p, int d, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3), cout = g.size(1), oh = g.size(2), ow = g.size(3);
        int cinG = cin / groups, coutG = cout / groups;
        float[] xs = x.toFloatArray(), gs = g.toFloatArray();
        float[] out = new float[cout * cinG * kh * kw];
        int o = 0;
        for (int co = 0; co < cout; co++) {
            int grp = co / coutG;
            for (int ci = 0; ci < cinG; ci++) {
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        double sum = 0;
                        for (int i = 0; i < n; i++) {
                            int xc = (i * cin + grp * cinG + ci) * h, gc = (i * cout + co) * oh;
                            for (int y = 0; y < oh; y++) {
                                int ih = y * s - p + ki * d;
                                if (ih < 0 || ih >= h) continue;
                                for (int z = 0; z < ow; z++) {
                                    int iw = z * s - p + kj * d;
                                    if (iw < 0 || iw >= wd) continue;
                                    sum += (double) xs[(xc + ih) * wd + iw] * gs[(gc + y) * ow + z];
                                }
                            }
                        }
                        out[o++] = (float) sum;
                    }
                }
            }
        }
        return Tensor.of(out, cout, cinG, kh, kw);
    }

    /** Max pooling with -inf padding (values only). */
    static Tensor maxPool2d(Tensor x, int k, int s, int p, int d) {
        int n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (w + 2 * p - d * (k - 1) - 1) / s + 1;
        float[] xs = x.toFloatArray();
        float[] out = new float[n * c * oh * ow];
        int o = 0;
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int a = 0; a < k; a++) {
                        for (int bb = 0; bb < k; bb++) {
                            int r = y * s - p + a * d, q = z * s - p + bb * d;
                            if (r >= 0 && r < h && q >= 0 && q < w) m = Math.max(m, xs[(plane * h + r) * w + q]);
                        }
                    }
                    out[o++] = m;
                }
            }
        }
        return Tensor.of(out, n, c, oh, ow);
    }
}
