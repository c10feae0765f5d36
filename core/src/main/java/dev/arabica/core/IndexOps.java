package dev.arabica.core;

import dev.arabica.core.kernels.Indexing;

/** Integer indexing: gather, indexSelect and their scatter-add gradients. */
final class IndexOps {
    private IndexOps() {}

    private static Tensor requireIndex(String op, Tensor index) {
        if (index.dtype != DType.INT64) {
            throw new IllegalArgumentException(op + ": index must be int64, got " + index.dtype + " of shape "
                    + Shape.format(index.shape));
        }
        return index;
    }

    /** out[..., j, ...] = x[..., index[..., j, ...], ...] along dim; index has x's rank. */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        x.requireFloat("gather");
        requireIndex("gather", index);
        int rank = x.dim();
        if (index.dim() != rank) {
            throw new IllegalArgumentException("gather: index of shape " + Shape.format(index.shape)
                    + " must have the same rank as input of shape " + Shape.format(x.shape));
        }
        int d = Shape.normalizeDim("gather", dim, rank);
        for (int k = 0; k < rank; k++) {
            if (k != d && index.shape[k] > x.shape[k]) {
                throw new IllegalArgumentException("gather: index shape " + Shape.format(index.shape)
                        + " exceeds input shape " + Shape.format(x.shape) + " in dim " + k);
            }
        }
        long[] idx = index.toLongArray();
        int size = rank == 0 ? 1 : x.shape[d];
        checkRange("gather", idx, d, size, x.shape);
        float[] out = new float[idx.length];
        if (rank == 0) {
            if (out.length == 1) out[0] = x.data[x.offset];
        } else {
            Indexing.gather(x.data, x.offset, x.strides, d, size, idx, index.shape, out);
        }
        Tensor result = Tensor.wrap(out, index.shape);
        int[] inShape = x.shape;
        return Autograd.record(result, "gather", new Tensor[] {x},
                g -> new Tensor[] {scatterAdd(Tensor.zeros(inShape), d, index, g)});
    }

    private static void checkRange(String op, long[] idx, int d, int size, int[] shape) {
        for (long v : idx) {
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of range for dim " + d + " of size " + size
                        + " (shape " + Shape.format(shape) + ")");
            }
        }
    }

    /** A copy of {@code base} with {@code src} added at {@code index} along {@code dim} (not recorded). */
    static Tensor scatterAdd(Tensor base, int dim, Tensor index, Tensor src) {
        Tensor out = ShapeOps.copyOf(base.detach());
        long[] idx = index.toLongArray();
        int size = out.dim() == 0 ? 1 : out.shape[dim];
        checkRange("scatterAdd", idx, dim, size, out.shape);
        Tensor s = src.detach().contiguous();
        if (out.dim() == 0) {
            if (idx.length == 1) out.data[0] += s.data[s.offset];
        } else {
            Indexing.scatterAdd(out.data, 0, out.strides, dim, size, idx, index.shape, s.data, s.offset);
        }
        return out;
    }

    /**
     * Slices of {@code x} along {@code dim} picked by {@code index} (any rank): the result has shape
     * {@code x.shape[:dim] + index.shape + x.shape[dim+1:]} (an embedding lookup for dim 0).
     */
    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        requireIndex("indexSelect", index);
        int rank = x.dim();
        int d = Shape.normalizeDim("indexSelect", dim, rank);
        int size = rank == 0 ? 1 : x.shape[d];
        long[] idx = index.toLongArray();
        checkRange("indexSelect", idx, d, size, x.shape);
        Tensor c = x.detach().contiguous();
        int outer = 1, inner = 1;
        for (int k = 0; k < d; k++) outer *= x.shape[k];
        for (int k = d + 1; k < rank; k++) inner *= x.shape[k];
        int[] oshape = new int[rank - 1 + index.dim()];
        int j = 0;
        for (int k = 0; k < d; k++) oshape[j++] = x.shape[k];
        for (int k = 0; k < index.dim(); k++) oshape[j++] = index.shape[k];
        for (int k = d + 1; k < rank; k++) oshape[j++] = x.shape[k];
        boolean floats = x.dtype == DType.FLOAT32;
        int n = outer * idx.length * inner;
        if (!floats) {
            long[] dst = new long[n];
            Indexing.indexSelect(c.ldata, c.offset, outer, size, inner, idx, dst);
            return Tensor.wrapLongs(dst, oshape);
        }
        float[] out = new float[n];
        Indexing.indexSelect(c.data, c.offset, outer, size, inner, idx, out);
        Tensor result = Tensor.wrap(out, oshape);
        int[] inShape = x.shape;
        final int outerF = outer, innerF = inner;
        return Autograd.record(result, "indexSelect", new Tensor[] {x}, g -> {
            Tensor gc = g.contiguous();
            float[] gx = new float[Shape.numel(inShape)];
            Indexing.indexAdd(gx, outerF, size, innerF, idx, gc.data, gc.offset);
            return new Tensor[] {Tensor.wrap(gx, inShape)};
        });
    }
}
