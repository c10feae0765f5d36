package dev.arabica.core;

import dev.arabica.core.kernels.Strided;

/** In-place updates of a (possibly strided) destination; never recorded by autograd. */
final class InPlaceOps {
    private InPlaceOps() {}

    private static int[] sourceStrides(String op, Tensor dst, Tensor src) {
        if (src.shape.length > dst.shape.length) {
            throw new IllegalArgumentException(op + ": source of shape " + Shape.format(src.shape)
                    + " cannot be broadcast to destination of shape " + Shape.format(dst.shape));
        }
        int[] b = Shape.broadcast(op, dst.shape, src.shape);
        if (!java.util.Arrays.equals(b, dst.shape)) {
            throw new IllegalArgumentException(op + ": source of shape " + Shape.format(src.shape)
                    + " cannot be broadcast to destination of shape " + Shape.format(dst.shape));
        }
        return Shape.broadcastStrides(src.shape, src.strides, dst.shape);
    }

    /** dst += alpha * src. */
    static void addScaled(Tensor dst, Tensor src, float alpha) {
        dst.requireFloat("addInPlace");
        Tensor s = src.dtype == DType.FLOAT32 ? src : src.toFloat();
        int[] ss = sourceStrides("addInPlace", dst, s);
        loop(dst, s.data, s.offset, ss, alpha, Mode.ADD_SCALED);
    }

    /** dst = src (broadcast). */
    static void copy(Tensor dst, Tensor src) {
        if (dst.dtype == DType.INT64) {
            long[] v = src.toLongArray();
            Tensor s = Tensor.wrapLongs(v, src.shape.clone());
            int[] ss = sourceStrides("copyFrom", dst, s);
            // Int64 copies are rare (cat of labels); a simple odometer is enough.
            int n = dst.numel();
            int rank = dst.shape.length;
            int[] idx = new int[rank];
            for (int i = 0; i < n; i++) {
                int od = dst.offset, os = 0;
                for (int d = 0; d < rank; d++) {
                    od += idx[d] * dst.strides[d];
                    os += idx[d] * ss[d];
                }
                dst.ldata[od] = v[os];
                for (int d = rank - 1; d >= 0; d--) {
                    if (++idx[d] < dst.shape[d]) break;
                    idx[d] = 0;
                }
            }
            return;
        }
        Tensor s = src.dtype == DType.FLOAT32 ? src : src.toFloat();
        int[] ss = sourceStrides("copyFrom", dst, s);
        loop(dst, s.data, s.offset, ss, 1f, Mode.COPY);
    }

    static void scale(Tensor dst, float s) {
        dst.requireFloat("mulInPlace");
        loop(dst, dst.data, dst.offset, dst.strides, s, Mode.SCALE);
    }

    static void fill(Tensor dst, float v) {
        if (dst.dtype == DType.INT64) {
            copy(dst, Tensor.scalar(v));
            return;
        }
        loop(dst, dst.data, dst.offset, dst.strides, v, Mode.FILL);
    }

    private enum Mode { ADD_SCALED, COPY, SCALE, FILL }

    private static void loop(Tensor dst, float[] src, int srcOff, int[] srcStrides, float alpha, Mode mode) {
        int numel = dst.numel();
        if (numel == 0) return;
        Strided.Layout l = Strided.collapse(dst.shape, dst.strides, srcStrides);
        int rank = l.rank(), inner = l.inner();
        int[] sd = l.strides()[0], ss = l.strides()[1], dims = l.shape();
        int id = sd[rank - 1], is = ss[rank - 1];
        float[] d = dst.data;
        int rows = numel / inner;
        int[] idx = new int[rank];
        int od = dst.offset, os = srcOff;
        for (int r = 0; r < rows; r++) {
            switch (mode) {
                case ADD_SCALED -> {
                    if (id == 1 && is == 1) {
                        if (alpha == 1f) for (int j = 0; j < inner; j++) d[od + j] += src[os + j];
                        else for (int j = 0; j < inner; j++) d[od + j] += alpha * src[os + j];
                    } else {
                        for (int j = 0; j < inner; j++) d[od + j * id] += alpha * src[os + j * is];
                    }
                }
                case COPY -> {
                    if (id == 1 && is == 1) System.arraycopy(src, os, d, od, inner);
                    else for (int j = 0; j < inner; j++) d[od + j * id] = src[os + j * is];
                }
                case SCALE -> { for (int j = 0; j < inner; j++) d[od + j * id] *= alpha; }
                case FILL -> { for (int j = 0; j < inner; j++) d[od + j * id] = alpha; }
            }
            for (int k = rank - 2; k >= 0; k--) {
                od += sd[k];
                os += ss[k];
                if (++idx[k] < dims[k]) break;
                od -= sd[k] * dims[k];
                os -= ss[k] * dims[k];
                idx[k] = 0;
            }
        }
    }
}
