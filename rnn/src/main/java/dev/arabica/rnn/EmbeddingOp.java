package dev.arabica.rnn;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.VectorOps;

/** The embedding lookup and its gradient (rows added back at their indices). */
final class EmbeddingOp {
    private EmbeddingOp() {}

    static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx, boolean scaleGradByFreq) {
        if (indices == null || weight == null) throw new IllegalArgumentException("embedding: indices and weight must not be null");
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding: indices must be int64, got " + indices.dtype() + " of shape "
                    + Shape.format(indices.shape()));
        }
        if (weight.dtype() != DType.FLOAT32 || weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: weight must be a 2-D float32 tensor [numEmbeddings, dim], got "
                    + weight.dtype() + " of shape " + Shape.format(weight.shape()));
        }
        int num = weight.size(0), dim = weight.size(1);
        int pad = -1;
        if (paddingIdx != null) {
            pad = paddingIdx < 0 ? paddingIdx + num : paddingIdx;
            if (pad < 0 || pad >= num) {
                throw new IllegalArgumentException("embedding: paddingIdx " + paddingIdx + " is outside [-" + num + ", " + num
                        + ") for " + num + " embeddings");
            }
        }
        long[] idx = indices.toLongArray();
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            long v = idx[i];
            if (v < 0 || v >= num) {
                throw new IllegalArgumentException("embedding: index " + v + " at position "
                        + Shape.format(unravel(i, indices.shape())) + " of indices " + Shape.format(indices.shape())
                        + " is out of range for " + num + " embeddings (valid: 0.." + (num - 1) + ")");
            }
            rows[i] = (int) v;
        }
        Tensor wc = weight.detach().contiguous();
        float[] ws = wc.storage();
        int wo = wc.offset();
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) System.arraycopy(ws, wo + rows[i] * dim, out, i * dim, dim);
        int[] inShape = indices.shape();
        int[] outShape = java.util.Arrays.copyOf(inShape, inShape.length + 1);
        outShape[inShape.length] = dim;
        Tensor y = Tensor.wrap(out, outShape);
        final int padRow = pad;
        return Autograd.record(y, "embedding", new Tensor[] {weight}, g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.storage();
            int go = gc.offset();
            int[] counts = null;
            if (scaleGradByFreq) {
                counts = new int[num];
                for (int r : rows) counts[r]++;
            }
            float[] gw = new float[num * dim];
            for (int i = 0; i < rows.length; i++) {
                int r = rows[i];
                if (r == padRow) continue;
                float scale = counts == null ? 1f : 1f / counts[r];
                VectorOps.axpy(scale, gs, go + i * dim, gw, r * dim, dim);
            }
            return new Tensor[] {Tensor.wrap(gw, num, dim)};
        });
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
