package dev.arabica.cnn;

import dev.arabica.cnn.kernels.PoolGeometry;
import dev.arabica.cnn.kernels.Pool2d;
import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/** The pooling ops with their backward: validation, the autograd record, and calls into {@link Pool2d}. */
final class PoolOps {
    private PoolOps() {}

    /** A 4-D view of a 3-D (unbatched) or 4-D input; throws for any other rank or dtype. */
    static Tensor batched(String op, Tensor x) {
        if (x.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": input must be float32, got " + x.dtype() + " of shape " + Shape.format(x.shape()));
        }
        if (x.dim() == 3) return x.unsqueeze(0);
        if (x.dim() != 4) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape())
                    + " must be 4-D [N, C, H, W] (or 3-D [C, H, W])");
        }
        return x;
    }

    private static Tensor unbatched(Tensor original, Tensor y) {
        return original.dim() == 3 ? y.squeeze(0) : y;
    }

    private static PoolGeometry geometry(String op, Tensor x, PoolOptions o, boolean dilated) {
        int h = x.size(2), w = x.size(3);
        int oh = PoolOptions.outputSize(h, o.kernelHeight(), o.paddingHeight(), o.strideHeight(), dilated ? o.dilationHeight() : 1, o.ceilMode());
        int ow = PoolOptions.outputSize(w, o.kernelWidth(), o.paddingWidth(), o.strideWidth(), dilated ? o.dilationWidth() : 1, o.ceilMode());
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " is too small for " + o
                    + " (output size " + oh + "x" + ow + ")");
        }
        return new PoolGeometry(x.size(0) * x.size(1), h, w, oh, ow, o.kernelHeight(), o.kernelWidth(), o.strideHeight(),
                o.strideWidth(), o.paddingHeight(), o.paddingWidth(), dilated ? o.dilationHeight() : 1, dilated ? o.dilationWidth() : 1);
    }

    /**
     * Max pooling values and, if {@code withIndices}, int64 indices (flat {@code ih * W + iw} within
     * each plane; else null); only the values are differentiable.
     */
    static Tensor.ValuesIndices maxPool2d(Tensor input, PoolOptions o, boolean withIndices) {
        String op = "max_pool2d";
        Tensor x = batched(op, input);
        PoolGeometry g = geometry(op, x, o, true);
        int n = x.size(0), c = x.size(1);
        Tensor xc = x.detach().contiguous();
        int[] inShape = x.shape(); // the backward keeps the shape, not the input
        float[] out = new float[g.planes() * g.outPlane()];
        // positions only for the backward or when asked for
        int[] argmax = withIndices || Autograd.needsGrad(x) ? new int[out.length] : null;
        Pool2d.maxForward(g, xc.storage(), xc.offset(), out, argmax);
        Tensor y = Autograd.record(Tensor.wrap(out, n, c, g.outHeight(), g.outWidth()), op, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            float[] dx = new float[g.planes() * g.inPlane()];
            Pool2d.maxBackward(g, gc.storage(), gc.offset(), argmax, dx);
            return new Tensor[] {Tensor.wrap(dx, inShape)};
        });
        return new Tensor.ValuesIndices(unbatched(input, y),
                withIndices ? unbatched(input, indices(argmax, n, c, g.outHeight(), g.outWidth())) : null);
    }

    /** The int64 index tensor of a max pooling (built only when asked for). */
    private static Tensor indices(int[] argmax, int... shape) {
        long[] l = new long[argmax.length];
        for (int i = 0; i < l.length; i++) l[i] = argmax[i];
        return Tensor.wrapLongs(l, shape);
    }

    static Tensor avgPool2d(Tensor input, PoolOptions o) {
        String op = "avg_pool2d";
        Tensor x = batched(op, input);
        if (o.dilationHeight() != 1 || o.dilationWidth() != 1) {
            throw new IllegalArgumentException(op + ": average pooling has no dilation, got (" + o.dilationHeight() + ", " + o.dilationWidth() + ")");
        }
        PoolGeometry g = geometry(op, x, o, false);
        int n = x.size(0), c = x.size(1);
        boolean include = o.countIncludePad();
        int divisor = o.divisorOverride();
        Tensor xc = x.detach().contiguous();
        int[] inShape = x.shape(); // the backward keeps the shape, not the input
        float[] out = new float[g.planes() * g.outPlane()];
        Pool2d.avgForward(g, include, divisor, xc.storage(), xc.offset(), out);
        Tensor y = Autograd.record(Tensor.wrap(out, n, c, g.outHeight(), g.outWidth()), op, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            float[] dx = new float[g.planes() * g.inPlane()];
            Pool2d.avgBackward(g, include, divisor, gc.storage(), gc.offset(), dx);
            return new Tensor[] {Tensor.wrap(dx, inShape)};
        });
        return unbatched(input, y);
    }

    private static PoolGeometry adaptiveGeometry(String op, Tensor x, int outH, int outW) {
        int h = x.size(2), w = x.size(3);
        int oh = outH == -1 ? h : outH, ow = outW == -1 ? w : outW;
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException(op + ": output size must be >= 0 (or -1 to keep the input size), got (" + outH + ", " + outW + ")");
        }
        if ((h == 0 || w == 0) && oh * ow > 0) {
            throw new IllegalArgumentException(op + ": input of shape " + Shape.format(x.shape()) + " has an empty plane");
        }
        return new PoolGeometry(x.size(0) * x.size(1), h, w, oh, ow, 1, 1, 1, 1, 0, 0, 1, 1);
    }

    static Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        String op = "adaptive_avg_pool2d";
        Tensor x = batched(op, input);
        PoolGeometry g = adaptiveGeometry(op, x, outH, outW);
        int n = x.size(0), c = x.size(1);
        Tensor xc = x.detach().contiguous();
        int[] inShape = x.shape(); // the backward keeps the shape, not the input
        float[] out = new float[g.planes() * g.outPlane()];
        Pool2d.adaptiveAvgForward(g, xc.storage(), xc.offset(), out);
        Tensor y = Autograd.record(Tensor.wrap(out, n, c, g.outHeight(), g.outWidth()), op, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            float[] dx = new float[g.planes() * g.inPlane()];
            Pool2d.adaptiveAvgBackward(g, gc.storage(), gc.offset(), dx);
            return new Tensor[] {Tensor.wrap(dx, inShape)};
        });
        return unbatched(input, y);
    }

    static Tensor.ValuesIndices adaptiveMaxPool2d(Tensor input, int outH, int outW, boolean withIndices) {
        String op = "adaptive_max_pool2d";
        Tensor x = batched(op, input);
        PoolGeometry g = adaptiveGeometry(op, x, outH, outW);
        int n = x.size(0), c = x.size(1);
        Tensor xc = x.detach().contiguous();
        int[] inShape = x.shape(); // the backward keeps the shape, not the input
        float[] out = new float[g.planes() * g.outPlane()];
        int[] argmax = new int[out.length];
        Pool2d.adaptiveMaxForward(g, xc.storage(), xc.offset(), out, argmax);
        Tensor y = Autograd.record(Tensor.wrap(out, n, c, g.outHeight(), g.outWidth()), op, new Tensor[] {x}, grad -> {
            Tensor gc = grad.contiguous();
            float[] dx = new float[g.planes() * g.inPlane()];
            Pool2d.maxBackward(g, gc.storage(), gc.offset(), argmax, dx);
            return new Tensor[] {Tensor.wrap(dx, inShape)};
        });
        return new Tensor.ValuesIndices(unbatched(input, y),
                withIndices ? unbatched(input, indices(argmax, n, c, g.outHeight(), g.outWidth())) : null);
    }
}
