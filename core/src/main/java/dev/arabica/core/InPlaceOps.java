package dev.arabica.core;

import dev.arabica.core.kernels.InPlace;

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
        dst.requireFloat("add_");
        Tensor s = src.dtype == DType.FLOAT32 ? src : src.toFloat();
        int[] ss = sourceStrides("add_", dst, s);
        InPlace.addScaled(dst.data, dst.offset, dst.shape, dst.strides, s.data, s.offset, ss, alpha);
    }

    /** dst = src (broadcast). */
    static void copy(Tensor dst, Tensor src) {
        if (dst.dtype == DType.INT64) {
            Tensor s = src.toLong();
            InPlace.copy(dst.ldata, dst.offset, dst.shape, dst.strides, s.ldata, s.offset, sourceStrides("copy_", dst, s));
            return;
        }
        Tensor s = src.dtype == DType.FLOAT32 ? src : src.toFloat();
        InPlace.copy(dst.data, dst.offset, dst.shape, dst.strides, s.data, s.offset, sourceStrides("copy_", dst, s));
    }

    static void scale(Tensor dst, float s) {
        dst.requireFloat("mul_");
        InPlace.scale(dst.data, dst.offset, dst.shape, dst.strides, s);
    }

    static void fill(Tensor dst, float v) {
        if (dst.dtype == DType.INT64) {
            InPlace.fill(dst.ldata, dst.offset, dst.shape, dst.strides, (long) v);
            return;
        }
        InPlace.fill(dst.data, dst.offset, dst.shape, dst.strides, v);
    }
}
