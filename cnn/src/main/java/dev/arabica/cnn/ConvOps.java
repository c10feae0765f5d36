package dev.arabica.cnn;

import dev.arabica.cnn.kernels.ConvGeometry;
import dev.arabica.cnn.kernels.ConvGemm;
import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * The convolution ops with their backward: validation, the autograd record, and calls into
 * {@link ConvGemm}. Inputs are read through {@code detach().contiguous()} (no copy when contiguous)
 * and results written into fresh arrays.
 */
final class ConvOps {
    private ConvOps() {}

    /** Resolved padding of one call: rows above/below, columns left/right. */
    record Pads(int top, int bottom, int left, int right) {}

    // ---------------------------------------------------------------- conv2d

    /**
     * {@code conv2d} of a 4-D input ({@code [N, C, H, W]}) or an unbatched 3-D one ({@code [C, H, W]}).
     * {@code op} names the public op in messages.
     */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, ConvOptions o) {
        String op = "conv2d";
        requireFloat(op, "input", x);
        if (x.dim() == 3) return conv2d(x.unsqueeze(0), w, b, o).squeeze(0);
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape())
                    + " must be 4-D [N, C, H, W] (or 3-D [C, H, W])");
        }
        requireFloat(op, "weight", w);
        if (w.dim() != 4) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape())
                    + " must be 4-D [C_out, C_in/groups, kH, kW]");
        }
        checkChannels(op, x, w, b, o.groups());
        Pads pads = resolve(op, o.padding(), w.size(2), w.size(3), o.dilationHeight(), o.dilationWidth());
        return conv2d(op, x, w, b, o.strideHeight(), o.strideWidth(), pads, o.dilationHeight(), o.dilationWidth(), o.groups());
    }

    /** {@code conv1d}: the 2-D convolution of {@code [N, C, 1, L]} with a {@code [C_out, C_in/groups, 1, K]} kernel. */
    static Tensor conv1d(Tensor x, Tensor w, Tensor b, ConvOptions o) {
        String op = "conv1d";
        requireFloat(op, "input", x);
        if (x.dim() == 2) return conv1d(x.unsqueeze(0), w, b, o).squeeze(0);
        if (x.dim() != 3) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape())
                    + " must be 3-D [N, C, L] (or 2-D [C, L])");
        }
        requireFloat(op, "weight", w);
        if (w.dim() != 3) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape()) + " must be 3-D [C_out, C_in/groups, K]");
        }
        Padding p = o.padding();
        if (o.strideHeight() != o.strideWidth() || o.dilationHeight() != o.dilationWidth() || p.height() != p.width()) {
            throw new IllegalArgumentException(op + ": stride, padding and dilation must be single values, got " + o);
        }
        checkChannels(op, x, w, b, o.groups());
        Pads pads = resolve(op, p, 1, w.size(2), 1, o.dilationWidth());
        Pads pads2d = new Pads(0, 0, pads.left(), pads.right());
        Tensor y = conv2d(op, x.unsqueeze(2), w.unsqueeze(2), b, 1, o.strideWidth(), pads2d, 1, o.dilationWidth(), o.groups());
        return y.squeeze(2);
    }

    private static void requireFloat(String op, String what, Tensor t) {
        if (t != null && t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype() + " of shape " + Shape.format(t.shape()));
        }
    }

    /** Channels of input, weight and bias agree with the groups ({@code x} and {@code w} have the op's rank). */
    private static void checkChannels(String op, Tensor x, Tensor w, Tensor b, int groups) {
        if (groups < 1) throw new IllegalArgumentException(op + ": groups must be >= 1, got " + groups);
        int cin = x.size(1), cout = w.size(0), perGroup = w.size(1);
        if (cout % groups != 0) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape()) + " has " + cout
                    + " output channels, not divisible by groups=" + groups);
        }
        if (cin != perGroup * groups) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " has " + cin
                    + " channels, but weight of shape " + Shape.format(w.shape()) + " with groups=" + groups + " expects "
                    + perGroup + " x " + groups + " = " + perGroup * groups);
        }
        checkBias(op, b, cout);
    }

    private static void checkBias(String op, Tensor b, int channels) {
        if (b == null) return;
        requireFloat(op, "bias", b);
        if (b.dim() != 1 || b.size(0) != channels) {
            throw new IllegalArgumentException(op + ": bias of shape " + Shape.format(b.shape()) + " must be [" + channels + "]");
        }
    }

    /** Explicit padding, or PyTorch's 'same' (odd total: the extra row/column at the bottom/right) and 'valid'. */
    static Pads resolve(String op, Padding p, int kh, int kw, int dh, int dw) {
        return switch (p.mode()) {
            case EXPLICIT -> new Pads(p.height(), p.height(), p.width(), p.width());
            case VALID -> new Pads(0, 0, 0, 0);
            case SAME -> {
                int th = dh * (kh - 1), tw = dw * (kw - 1);
                yield new Pads(th / 2, th - th / 2, tw / 2, tw - tw / 2);
            }
        };
    }

    private static Tensor conv2d(String op, Tensor x, Tensor w, Tensor b, int sh, int sw, Pads pads, int dh, int dw, int groups) {
        int n = x.size(0), h = x.size(2), wd = x.size(3), kh = w.size(2), kw = w.size(3);
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape()) + " has an empty kernel");
        }
        int spanH = dh * (kh - 1) + 1, spanW = dw * (kw - 1) + 1;
        int paddedH = h + pads.top() + pads.bottom(), paddedW = wd + pads.left() + pads.right();
        if (spanH > paddedH || spanW > paddedW) {
            throw new IllegalArgumentException(op + ": kernel " + kh + "x" + kw + " with dilation (" + dh + ", " + dw + ") spans "
                    + spanH + "x" + spanW + ", larger than the padded input " + paddedH + "x" + paddedW + " (input "
                    + Shape.format(x.shape()) + ", weight " + Shape.format(w.shape()) + ")");
        }
        int oh = (paddedH - spanH) / sh + 1, ow = (paddedW - spanW) / sw + 1;
        ConvGeometry g = new ConvGeometry(n, x.size(1), h, wd, w.size(0), kh, kw, sh, sw, pads.top(), pads.left(),
                dh, dw, groups, oh, ow).check();
        Tensor xc = x.detach().contiguous(), wc = w.detach().contiguous(), bc = b == null ? null : b.detach().contiguous();
        float[] out = new float[n * g.outChannels() * g.outPlane()];
        ConvGemm.forward(g, xc.storage(), xc.offset(), wc.storage(), wc.offset(),
                bc == null ? null : bc.storage(), bc == null ? 0 : bc.offset(), out, 0);
        Tensor y = Tensor.wrap(out, n, g.outChannels(), oh, ow);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Autograd.record(y, op, inputs, grad -> {
            Tensor gc = grad.contiguous();
            float[] gs = gc.storage();
            int go = gc.offset();
            Tensor dx = null, dwt = null, db = null;
            if (x.requiresGrad()) {
                float[] d = new float[xc.numel()];
                ConvGemm.backwardInput(g, gs, go, wc.storage(), wc.offset(), d, 0);
                dx = Tensor.wrap(d, xc.shape());
            }
            if (w.requiresGrad()) {
                float[] d = new float[wc.numel()];
                ConvGemm.backwardWeight(g, xc.storage(), xc.offset(), gs, go, d, 0);
                dwt = Tensor.wrap(d, wc.shape());
            }
            if (b != null && b.requiresGrad()) {
                float[] d = new float[g.outChannels()];
                ConvGemm.biasGrad(gs, go, n, g.outChannels(), g.outPlane(), d, 0);
                db = Tensor.wrap(d, g.outChannels());
            }
            return b == null ? new Tensor[] {dx, dwt} : new Tensor[] {dx, dwt, db};
        });
    }

    // ---------------------------------------------------------------- conv_transpose2d

    /**
     * {@code conv_transpose2d}: the input gradient of a convolution whose weight is {@code w}
     * ({@code [C_in, C_out/groups, kH, kW]}) and whose input would be this op's output.
     */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, ConvTransposeOptions o) {
        String op = "conv_transpose2d";
        requireFloat(op, "input", x);
        if (x.dim() == 3) return convTranspose2d(x.unsqueeze(0), w, b, o).squeeze(0);
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape())
                    + " must be 4-D [N, C_in, H, W] (or 3-D [C_in, H, W])");
        }
        requireFloat(op, "weight", w);
        if (w.dim() != 4) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape())
                    + " must be 4-D [C_in, C_out/groups, kH, kW]");
        }
        int groups = o.groups(), cin = x.size(1);
        if (w.size(2) < 1 || w.size(3) < 1) {
            throw new IllegalArgumentException(op + ": weight of shape " + Shape.format(w.shape()) + " has an empty kernel");
        }
        if (w.size(0) != cin) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " has " + cin
                    + " channels, but weight of shape " + Shape.format(w.shape()) + " expects " + w.size(0));
        }
        if (cin % groups != 0) {
            throw new IllegalArgumentException(op + ": " + cin + " input channels are not divisible by groups=" + groups);
        }
        int cout = w.size(1) * groups;
        checkBias(op, b, cout);
        int n = x.size(0), h = x.size(2), wd = x.size(3), kh = w.size(2), kw = w.size(3);
        int oh = (h - 1) * o.strideHeight() - 2 * o.paddingHeight() + o.dilationHeight() * (kh - 1) + o.outputPaddingHeight() + 1;
        int ow = (wd - 1) * o.strideWidth() - 2 * o.paddingWidth() + o.dilationWidth() * (kw - 1) + o.outputPaddingWidth() + 1;
        if (oh < 1 || ow < 1 || h < 1 || wd < 1) {
            throw new IllegalArgumentException(op + ": output size " + oh + "x" + ow + " is too small (input " + Shape.format(x.shape())
                    + ", weight " + Shape.format(w.shape()) + ", " + o + ")");
        }
        // The convolution whose input gradient this is: input [N, C_out, oh, ow], output [N, C_in, h, wd].
        ConvGeometry g = new ConvGeometry(n, cout, oh, ow, cin, kh, kw, o.strideHeight(), o.strideWidth(),
                o.paddingHeight(), o.paddingWidth(), o.dilationHeight(), o.dilationWidth(), groups, h, wd).check();
        Tensor xc = x.detach().contiguous(), wc = w.detach().contiguous();
        float[] out = new float[n * cout * oh * ow];
        ConvGemm.backwardInput(g, xc.storage(), xc.offset(), wc.storage(), wc.offset(), out, 0);
        if (b != null) {
            Tensor bc = b.detach().contiguous();
            addBias(out, n, cout, oh * ow, bc.storage(), bc.offset());
        }
        Tensor y = Tensor.wrap(out, n, cout, oh, ow);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Autograd.record(y, op, inputs, grad -> {
            Tensor gc = grad.contiguous();
            float[] gs = gc.storage();
            int go = gc.offset();
            Tensor dx = null, dwt = null, db = null;
            if (x.requiresGrad()) {
                float[] d = new float[xc.numel()];
                ConvGemm.forward(g, gs, go, wc.storage(), wc.offset(), null, 0, d, 0);
                dx = Tensor.wrap(d, xc.shape());
            }
            if (w.requiresGrad()) {
                float[] d = new float[wc.numel()];
                ConvGemm.backwardWeight(g, gs, go, xc.storage(), xc.offset(), d, 0);
                dwt = Tensor.wrap(d, wc.shape());
            }
            if (b != null && b.requiresGrad()) {
                float[] d = new float[cout];
                ConvGemm.biasGrad(gs, go, n, cout, oh * ow, d, 0);
                db = Tensor.wrap(d, cout);
            }
            return b == null ? new Tensor[] {dx, dwt} : new Tensor[] {dx, dwt, db};
        });
    }

    private static void addBias(float[] out, int n, int channels, int plane, float[] bias, int biasOff) {
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int row = (i * channels + c) * plane;
                dev.arabica.core.kernels.VectorOps.addScalar(out, row, bias[biasOff + c], out, row, plane);
            }
        }
    }
}
