package dev.arabica.core.kernels;

import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * Integer-indexed reads and their scatter-add adjoints: the kernels of {@code gather},
 * {@code indexSelect} (embedding lookups) and their gradients. Indices must already be checked to
 * lie in {@code [-size, size)}; negative ones count from the end.
 */
public final class Indexing {
    private Indexing() {}

    private static final VectorProvider VP = VectorProviders.get();

    private static int wrap(long v, int size) {
        return (int) (v < 0 ? v + size : v);
    }

    /**
     * {@code out[i] = x[position i of index, with dim d replaced by index[i]]}: {@code index} is
     * contiguous with shape {@code indexShape} (the rank of x), {@code x} strided.
     */
    public static void gather(float[] x, int xOff, int[] xStrides, int d, int size, long[] index, int[] indexShape,
                              float[] out) {
        int[] st = xStrides.clone();
        int stepD = st[d];
        st[d] = 0;
        Strided.forEach(indexShape, new int[][] {st}, new int[] {xOff}, 0, index.length,
                (i, o) -> out[i] = x[o[0] + wrap(index[i], size) * stepD]);
    }

    /** The adjoint of {@link #gather}: {@code dst[position i with dim d replaced by index[i]] += src[i]}. */
    public static void scatterAdd(float[] dst, int dOff, int[] dStrides, int d, int size, long[] index, int[] indexShape,
                                  float[] src, int sOff) {
        int[] st = dStrides.clone();
        int stepD = st[d];
        st[d] = 0;
        Strided.forEach(indexShape, new int[][] {st}, new int[] {dOff}, 0, index.length,
                (i, o) -> dst[o[0] + wrap(index[i], size) * stepD] += src[sOff + i]);
    }

    /**
     * Row copies of a contiguous {@code [outer, size, inner]} source: {@code dst[o, i, :] =
     * src[o, index[i], :]} into a contiguous {@code [outer, index.length, inner]} destination.
     * {@code src} and {@code dst} are both {@code float[]} or both {@code long[]}.
     */
    public static void indexSelect(Object src, int srcOff, int outer, int size, int inner, long[] index, Object dst) {
        int k = index.length;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < k; i++) {
                System.arraycopy(src, srcOff + (o * size + wrap(index[i], size)) * inner, dst, (o * k + i) * inner, inner);
            }
        }
    }

    /** The adjoint of {@link #indexSelect}: {@code dst[o, index[i], :] += src[o, i, :]} (repeated indices accumulate). */
    public static void indexAdd(float[] dst, int outer, int size, int inner, long[] index, float[] src, int srcOff) {
        int k = index.length;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < k; i++) {
                int to = (o * size + wrap(index[i], size)) * inner;
                VP.axpy(1f, src, srcOff + (o * k + i) * inner, dst, to, inner);
            }
        }
    }
}
