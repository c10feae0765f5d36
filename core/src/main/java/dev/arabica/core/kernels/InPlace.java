package dev.arabica.core.kernels;

import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * In-place updates of a strided destination from a strided (possibly broadcast) source: the
 * kernels of {@code add_}, {@code copy_}, {@code mul_}, {@code fill_} and of
 * gradient accumulation. Shapes are checked by the caller; the source strides are already
 * broadcast to the destination's shape.
 */
public final class InPlace {
    private InPlace() {}

    private static final VectorProvider VP = VectorProviders.get();

    /** {@code dst += alpha * src}. */
    public static void addScaled(float[] dst, int dOff, int[] shape, int[] dStrides,
                                 float[] src, int sOff, int[] sStrides, float alpha) {
        rows(shape, dStrides, dOff, sStrides, sOff, (d, ds, s, ss, n) -> {
            if (ds == 1 && ss == 1) {
                VP.axpy(alpha, src, s, dst, d, n);
            } else {
                for (int j = 0; j < n; j++) dst[d + j * ds] += alpha * src[s + j * ss];
            }
        });
    }

    /** {@code dst = src}. */
    public static void copy(float[] dst, int dOff, int[] shape, int[] dStrides, float[] src, int sOff, int[] sStrides) {
        rows(shape, dStrides, dOff, sStrides, sOff, (d, ds, s, ss, n) -> {
            if (ds == 1 && ss == 1) System.arraycopy(src, s, dst, d, n);
            else for (int j = 0; j < n; j++) dst[d + j * ds] = src[s + j * ss];
        });
    }

    /** {@code dst = src} for int64 storage. */
    public static void copy(long[] dst, int dOff, int[] shape, int[] dStrides, long[] src, int sOff, int[] sStrides) {
        rows(shape, dStrides, dOff, sStrides, sOff, (d, ds, s, ss, n) -> {
            if (ds == 1 && ss == 1) System.arraycopy(src, s, dst, d, n);
            else for (int j = 0; j < n; j++) dst[d + j * ds] = src[s + j * ss];
        });
    }

    /** {@code dst *= s}. */
    public static void scale(float[] dst, int dOff, int[] shape, int[] dStrides, float s) {
        rows(shape, dStrides, dOff, dStrides, dOff, (d, ds, x, xs, n) -> {
            if (ds == 1) VP.scale(s, dst, d, dst, d, n);
            else for (int j = 0; j < n; j++) dst[d + j * ds] *= s;
        });
    }

    /** {@code dst = value}. */
    public static void fill(float[] dst, int dOff, int[] shape, int[] dStrides, float value) {
        rows(shape, dStrides, dOff, dStrides, dOff, (d, ds, x, xs, n) -> {
            if (ds == 1) VP.fill(dst, d, n, value);
            else for (int j = 0; j < n; j++) dst[d + j * ds] = value;
        });
    }

    /** {@code dst = value} for int64 storage. */
    public static void fill(long[] dst, int dOff, int[] shape, int[] dStrides, long value) {
        rows(shape, dStrides, dOff, dStrides, dOff, (d, ds, x, xs, n) -> {
            for (int j = 0; j < n; j++) dst[d + j * ds] = value;
        });
    }

    @FunctionalInterface
    private interface Row {
        void run(int dst, int dstStride, int src, int srcStride, int n);
    }

    private static void rows(int[] shape, int[] dStrides, int dOff, int[] sStrides, int sOff, Row row) {
        for (int s : shape) if (s == 0) return;
        Strided.Layout l = Strided.collapse(shape, dStrides, sStrides);
        int last = l.rank() - 1, inner = l.inner();
        int ds = l.strides()[0][last], ss = l.strides()[1][last];
        Strided.forEachRow(l, new int[] {dOff, sOff}, 0, Strided.rows(l), (r, o) -> row.run(o[0], ds, o[1], ss, inner));
    }
}
