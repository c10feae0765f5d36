package dev.arabica.core;

import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.Strided;
import dev.arabica.core.kernels.VectorOps;

/** Matrix products: {@code matmul} with PyTorch's rank rules and {@code linear}. */
final class LinalgOps {
    private LinalgOps() {}

    static Tensor matmul(Tensor a, Tensor b) {
        a.requireFloat("matmul");
        b.requireFloat("matmul");
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Shape.format(a.shape) + " and " + Shape.format(b.shape));
        }
        if (a.dim() == 1 && b.dim() == 1) {
            if (a.shape[0] != b.shape[0]) {
                throw new IllegalArgumentException("matmul: shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape)
                        + " do not align (" + a.shape[0] + " != " + b.shape[0] + ")");
            }
            return a.unsqueeze(0).matmul(b.unsqueeze(1)).reshape();
        }
        if (a.dim() == 1) {
            checkAlign(a.shape, b.shape, a.shape[0], b.shape[b.dim() - 2]);
            return a.unsqueeze(0).matmul(b).squeeze(-2);
        }
        if (b.dim() == 1) {
            checkAlign(a.shape, b.shape, a.shape[a.dim() - 1], b.shape[0]);
            return a.matmul(b.unsqueeze(1)).squeeze(-1);
        }
        int ra = a.dim(), rb = b.dim();
        int m = a.shape[ra - 2], k = a.shape[ra - 1], n = b.shape[rb - 1];
        checkAlign(a.shape, b.shape, k, b.shape[rb - 2]);
        if (ra > 2 && rb == 2 && a.isContiguous()) {
            // Fold the batch into the rows: one large GEMM instead of many small ones.
            int[] outShape = a.shape.clone();
            outShape[ra - 1] = n;
            return a.reshape(-1, k).matmul(b).reshape(outShape);
        }
        int[] batchA = java.util.Arrays.copyOf(a.shape, ra - 2), batchB = java.util.Arrays.copyOf(b.shape, rb - 2);
        int[] batch;
        try {
            batch = Shape.broadcast("matmul", batchA, batchB);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape)
                    + " have batch dims " + Shape.format(batchA) + " and " + Shape.format(batchB) + " that cannot be broadcast");
        }
        int[] sa = Shape.broadcastStrides(batchA, java.util.Arrays.copyOf(a.strides, ra - 2), batch);
        int[] sb = Shape.broadcastStrides(batchB, java.util.Arrays.copyOf(b.strides, rb - 2), batch);
        int batchN = Shape.numel(batch);
        int[] outShape = java.util.Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        float[] out = new float[Shape.numel(outShape)];

        Tensor ac = a, bc = b;
        int[] la = gemmLayout(m, k, a.strides[ra - 2], a.strides[ra - 1]);
        if (la == null) { ac = ShapeOps.copyOf(a.detach()); la = new int[] {0, k}; sa = contiguousBatchStrides(a.shape, batch, m * k); }
        int[] lb = gemmLayout(k, n, b.strides[rb - 2], b.strides[rb - 1]);
        if (lb == null) { bc = ShapeOps.copyOf(b.detach()); lb = new int[] {0, n}; sb = contiguousBatchStrides(b.shape, batch, k * n); }

        float[] ad = ac.data, bd = bc.data;
        int[] gla = la, glb = lb;
        Strided.forEach(batch, new int[][] {sa, sb}, new int[] {ac.offset, bc.offset}, 0, batchN, (i, o) ->
                Gemm.sgemm(gla[0] == 1, glb[0] == 1, m, n, k, 1f, ad, o[0], gla[1], bd, o[1], glb[1], 0f, out, i * m * n, n));
        Tensor result = Tensor.wrap(out, outShape);
        return Autograd.record(result, "matmul", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad ? g.matmul(b.transpose(-1, -2)) : null,
            b.requiresGrad ? a.transpose(-1, -2).matmul(g) : null});
    }

    private static void checkAlign(int[] sa, int[] sb, int ka, int kb) {
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.format(sa) + " and " + Shape.format(sb)
                    + " do not align (" + ka + " != " + kb + ")");
        }
    }

    /** Batch strides of a contiguous copy of a tensor with the given full shape, broadcast to {@code batch}. */
    private static int[] contiguousBatchStrides(int[] fullShape, int[] batch, int matrixSize) {
        int[] own = java.util.Arrays.copyOf(fullShape, fullShape.length - 2);
        int[] strides = new int[own.length];
        int s = matrixSize;
        for (int i = own.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= own[i];
        }
        return Shape.broadcastStrides(own, strides, batch);
    }

    /**
     * How a GEMM can read an r x c matrix with strides (sr, sc) without copying: {transposed?1:0, ld},
     * or null if it needs a copy.
     */
    static int[] gemmLayout(int r, int c, int sr, int sc) {
        if ((c == 1 || sc == 1) && (r == 1 || sr >= c)) return new int[] {0, r == 1 ? Math.max(c, 1) : sr};
        if ((r == 1 || sr == 1) && (c == 1 || sc >= r)) return new int[] {1, c == 1 ? Math.max(r, 1) : sc};
        return null;
    }

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be 2-D [out, in], got shape " + Shape.format(weight.shape));
        }
        if (x.dim() == 0 || x.shape[x.dim() - 1] != weight.shape[1]) {
            throw new IllegalArgumentException("linear: input shape " + Shape.format(x.shape) + " and weight shape "
                    + Shape.format(weight.shape) + " do not align (" + (x.dim() == 0 ? "scalar" : x.shape[x.dim() - 1])
                    + " != " + weight.shape[1] + ")");
        }
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0])) {
            throw new IllegalArgumentException("linear: bias shape " + Shape.format(bias.shape) + " does not match weight shape "
                    + Shape.format(weight.shape) + " (expected [" + weight.shape[0] + "])");
        }
        x.requireFloat("linear");
        weight.requireFloat("linear");
        int in = weight.shape[1], out = weight.shape[0];
        int leading = 1;
        for (int d = 0; d < x.shape.length - 1; d++) leading *= x.shape[d];
        final int rows = leading;
        Tensor xc = x.detach().contiguous();
        int[] lw = gemmLayout(out, in, weight.strides[0], weight.strides[1]);
        Tensor wc = weight.detach();
        if (lw == null) {
            wc = ShapeOps.copyOf(wc);
            lw = new int[] {0, in};
        }
        final Tensor w = wc;
        final int[] wl = lw;
        float[] y = new float[rows * out];
        // y = x W^T: op(B) = W^T, so B is read transposed when W is row-major.
        Gemm.sgemm(false, wl[0] == 0, rows, out, in, 1f, xc.data, xc.offset, in, w.data, w.offset, wl[1], 0f, y, 0, out);
        if (bias != null) {
            bias.requireFloat("linear");
            Tensor bc = bias.detach().contiguous();
            for (int r = 0; r < rows; r++) {
                VectorOps.add(y, r * out, bc.data, bc.offset, y, r * out, out);
            }
        }
        int[] outShape = x.shape.clone();
        outShape[outShape.length - 1] = out;
        Tensor result = Tensor.wrap(y, outShape);
        Tensor[] inputs = bias == null ? new Tensor[] {x, weight} : new Tensor[] {x, weight, bias};
        int[] xShape = x.shape;
        return Autograd.record(result, "linear", inputs, g -> {
            Tensor gc = g.contiguous();
            Tensor gx = null, gw = null, gb = null;
            if (x.requiresGrad) {
                // dx = g W: op(B) = W ([out, in]), read as stored.
                float[] d = new float[rows * in];
                Gemm.sgemm(false, wl[0] == 1, rows, in, out, 1f, gc.data, gc.offset, out, w.data, w.offset, wl[1], 0f, d, 0, in);
                gx = Tensor.wrap(d, xShape.clone());
            }
            if (weight.requiresGrad) {
                // dW = g^T x, written contiguously in W's own [out, in] layout.
                float[] d = new float[out * in];
                Gemm.sgemm(true, false, out, in, rows, 1f, gc.data, gc.offset, out, xc.data, xc.offset, in, 0f, d, 0, in);
                gw = Tensor.wrap(d, new int[] {out, in});
            }
            if (bias != null && bias.requiresGrad) {
                gb = gc.reshape(rows, out).sum(0, false);
            }
            return bias == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
        });
    }
}
