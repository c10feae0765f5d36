package dev.arabica.core;

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
        int[] oshape = index.shape.clone();
        float[] out = new float[idx.length];
        int[] pos = new int[rank];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            int size = rank == 0 ? 1 : x.shape[d];
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("gather: index " + v + " is out of bounds for dim " + d + " with size " + size);
            }
            int off = x.offset;
            for (int k = 0; k < rank; k++) {
                int p = k == d ? (int) (v < 0 ? v + size : v) : pos[k];
                off += p * x.strides[k];
            }
            out[i] = x.data[off];
            for (int k = rank - 1; k >= 0; k--) {
                if (++pos[k] < oshape[k]) break;
                pos[k] = 0;
            }
        }
        Tensor result = Tensor.wrap(out, oshape);
        int[] inShape = x.shape;
        return Autograd.record(result, "gather", new Tensor[] {x},
                g -> new Tensor[] {scatterAdd(Tensor.zeros(inShape), d, index, g)});
    }

    /** A copy of {@code base} with {@code src} added at {@code index} along {@code dim} (not recorded). */
    static Tensor scatterAdd(Tensor base, int dim, Tensor index, Tensor src) {
        Tensor out = ShapeOps.copyOf(base.detach());
        int rank = out.dim();
        long[] idx = index.toLongArray();
        float[] s = src.toFloatArray();
        int[] ishape = index.shape;
        int[] pos = new int[rank];
        int[] strides = out.strides;
        int size = rank == 0 ? 1 : out.shape[dim];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("scatterAdd: index " + v + " is out of bounds for dim " + dim + " with size " + size);
            }
            int off = 0;
            for (int k = 0; k < rank; k++) off += (k == dim ? (int) (v < 0 ? v + size : v) : pos[k]) * strides[k];
            out.data[off] += s[i];
            for (int k = rank - 1; k >= 0; k--) {
                if (++pos[k] < ishape[k]) break;
                pos[k] = 0;
            }
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
        for (long v : idx) {
            if (v < -size || v >= size) {
                throw new IndexOutOfBoundsException("indexSelect: index " + v + " is out of range for dim " + d + " of size " + size
                        + " (shape " + Shape.format(x.shape) + ")");
            }
        }
        Tensor c = x.detach().contiguous();
        int outer = 1, inner = 1;
        for (int k = 0; k < d; k++) outer *= x.shape[k];
        for (int k = d + 1; k < rank; k++) inner *= x.shape[k];
        int[] oshape = new int[rank - 1 + index.dim()];
        int j = 0;
        for (int k = 0; k < d; k++) oshape[j++] = x.shape[k];
        for (int k = 0; k < index.dim(); k++) oshape[j++] = index.shape[k];
        for (int k = d + 1; k < rank; k++) oshape[j++] = x.shape[k];
        // One row copy for both dtypes (labels are int64): System.arraycopy is type-generic.
        boolean floats = x.dtype == DType.FLOAT32;
        Object src = floats ? c.data : c.ldata;
        Object dst = floats ? new float[outer * idx.length * inner] : new long[outer * idx.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < idx.length; i++) {
                int row = (int) (idx[i] < 0 ? idx[i] + size : idx[i]);
                System.arraycopy(src, c.offset + (o * size + row) * inner, dst, (o * idx.length + i) * inner, inner);
            }
        }
        if (!floats) return Tensor.wrapLongs((long[]) dst, oshape);
        float[] out = (float[]) dst;
        Tensor result = Tensor.wrap(out, oshape);
        int[] inShape = x.shape;
        final int outerF = outer, innerF = inner;
        return Autograd.record(result, "indexSelect", new Tensor[] {x}, g -> {
            float[] gv = g.toFloatArray();
            float[] gx = new float[Shape.numel(inShape)];
            for (int o = 0; o < outerF; o++) {
                for (int i = 0; i < idx.length; i++) {
                    int row = (int) (idx[i] < 0 ? idx[i] + size : idx[i]);
                    int from = (o * idx.length + i) * innerF, to = (o * size + row) * innerF;
                    for (int k = 0; k < innerF; k++) gx[to + k] += gv[from + k];
                }
            }
            return new Tensor[] {Tensor.wrap(gx, inShape.clone())};
        });
    }
}
