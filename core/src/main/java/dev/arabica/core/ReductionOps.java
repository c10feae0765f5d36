package dev.arabica.core;

import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.kernels.Reductions;

/** Reductions (sum, mean, var, max, argmax, logsumexp) and their gradients. */
final class ReductionOps {
    private ReductionOps() {}

    /** Flags the reduced dims; {@code dims == null} means all. */
    static boolean[] reduceMask(String op, int[] dims, int rank) {
        boolean[] mask = new boolean[rank];
        if (dims == null) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        for (int dim : dims) {
            int d = Shape.normalizeDim(op, dim, rank);
            if (rank == 0) continue;
            if (mask[d]) throw new IllegalArgumentException(op + ": dim " + d + " appears more than once in " + Shape.format(dims));
            mask[d] = true;
        }
        return mask;
    }

    static int[] reducedShape(int[] shape, boolean[] mask, boolean keepdim) {
        int n = 0;
        for (int d = 0; d < shape.length; d++) if (keepdim || !mask[d]) n++;
        int[] out = new int[n];
        for (int d = 0, j = 0; d < shape.length; d++) {
            if (mask[d]) {
                if (keepdim) out[j++] = 1;
            } else {
                out[j++] = shape[d];
            }
        }
        return out;
    }

    static int reducedCount(int[] shape, boolean[] mask) {
        int n = 1;
        for (int d = 0; d < shape.length; d++) if (mask[d]) n *= shape[d];
        return n;
    }

    static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        x.requireFloat("sum");
        boolean[] mask = reduceMask("sum", dims, x.shape.length);
        float[] v = Reductions.reduce(Reductions.Kind.SUM, x.data, x.offset, x.shape, x.strides, mask);
        Tensor out = Tensor.wrap(v, reducedShape(x.shape, mask, keepdim));
        int[] keepShape = reducedShape(x.shape, mask, true), inShape = x.shape;
        return Autograd.record(out, "sum", new Tensor[] {x}, g -> new Tensor[] {g.reshape(keepShape).expand(inShape)});
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        x.requireFloat("mean");
        boolean[] mask = reduceMask("mean", dims, x.shape.length);
        int count = reducedCount(x.shape, mask);
        float[] v = Reductions.reduce(Reductions.Kind.SUM, x.data, x.offset, x.shape, x.strides, mask);
        // Divide in float like PyTorch (count == 0 gives NaN).
        for (int i = 0; i < v.length; i++) v[i] = v[i] / count;
        Tensor out = Tensor.wrap(v, reducedShape(x.shape, mask, keepdim));
        int[] keepShape = reducedShape(x.shape, mask, true), inShape = x.shape;
        return Autograd.record(out, "mean", new Tensor[] {x},
                g -> new Tensor[] {g.reshape(keepShape).div((float) count).expand(inShape)});
    }

    /** Variance as a composite of primitives (two-pass: mean first, then squared deviations). */
    static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepdim) {
        x.requireFloat("var");
        boolean[] mask = reduceMask("var", dims, x.shape.length);
        int count = reducedCount(x.shape, mask);
        int[] all = dims == null ? null : dims;
        Tensor dev = x.sub(x.mean(all, true));
        Tensor ss = dev.mul(dev).sum(all, keepdim);
        return ss.div((float) Math.max(0, count - (unbiased ? 1 : 0)));
    }

    static Tensor maxAll(Tensor x) {
        return extremumAll(x, false);
    }

    static Tensor minAll(Tensor x) {
        return extremumAll(x, true);
    }

    private static Tensor extremumAll(Tensor x, boolean min) {
        String name = min ? "min" : "max";
        x.requireFloat(name);
        if (x.numel() == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce a tensor of shape " + Shape.format(x.shape)
                    + " with no elements (no identity)");
        }
        boolean[] mask = reduceMask(name, null, x.shape.length);
        float[] v = Reductions.reduce(min ? Reductions.Kind.MIN : Reductions.Kind.MAX, x.data, x.offset, x.shape, x.strides, mask);
        Tensor out = Tensor.wrap(v, new int[0]);
        // The gradient is split evenly among all elements equal to the extremum.
        return Autograd.record(out, name, new Tensor[] {x}, g -> {
            Tensor hits = ElementwiseOps.binaryRaw(name, BinaryOp.EQ, x, out);
            Tensor count = hits.sum();
            return new Tensor[] {hits.mul(g.div(count))};
        });
    }

    static Tensor.ValuesIndices maxDim(Tensor x, int dim, boolean keepdim, boolean min) {
        String name = min ? "min" : "max";
        x.requireFloat(name);
        int rank = x.shape.length;
        int d = Shape.normalizeDim(name, dim, rank);
        int n = rank == 0 ? 1 : x.shape[d];
        if (n == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce over dim " + d + " of size 0 (shape "
                    + Shape.format(x.shape) + ")");
        }
        Tensor c = x.detach().contiguous();
        int[] oi = ActivationOps.outerInner(x.shape, d);
        float[] values = new float[oi[0] * oi[1]];
        long[] indices = new long[values.length];
        Reductions.argExtremum(c.data, c.offset, oi[0], n, oi[1], min, values, indices);
        boolean[] mask = new boolean[rank];
        if (rank > 0) mask[d] = true;
        int[] outShape = reducedShape(x.shape, mask, keepdim);
        int[] keepShape = reducedShape(x.shape, mask, true);
        Tensor idx = Tensor.wrapLongs(indices, outShape.clone());
        Tensor val = Tensor.wrap(values, outShape);
        int[] inShape = x.shape;
        Autograd.record(val, name, new Tensor[] {x}, g -> new Tensor[] {
            rank == 0 ? g : IndexOps.scatterAdd(Tensor.zeros(inShape), d, idx.reshape(keepShape), g.reshape(keepShape))});
        return new Tensor.ValuesIndices(val, idx);
    }

    static Tensor argmax(Tensor x, Integer dim, boolean keepdim) {
        x.requireFloat("argmax");
        if (dim == null) {
            if (x.numel() == 0) throw new IllegalArgumentException("argmax: cannot take the argmax of an empty tensor of shape "
                    + Shape.format(x.shape));
            Tensor flat = x.detach().reshape(-1);
            Tensor.ValuesIndices vi = maxDim(flat, 0, false, false);
            if (!keepdim) return vi.indices();
            int[] ones = new int[x.shape.length];
            java.util.Arrays.fill(ones, 1);
            return vi.indices().reshape(ones);
        }
        try (var scope = GradMode.noGrad()) {
            return maxDim(x, dim, keepdim, false).indices();
        }
    }

    static Tensor logsumexp(Tensor x, int[] dims, boolean keepdim) {
        x.requireFloat("logsumexp");
        boolean[] mask = reduceMask("logsumexp", dims, x.shape.length);
        Tensor m;
        try (var scope = GradMode.noGrad()) {
            float[] mv = Reductions.reduce(Reductions.Kind.MAX, x.data, x.offset, x.shape, x.strides, mask);
            for (int i = 0; i < mv.length; i++) if (Float.isInfinite(mv[i])) mv[i] = 0f;
            m = Tensor.wrap(mv, reducedShape(x.shape, mask, true));
        }
        // m is a constant shift: d lse / dx does not depend on it.
        Tensor s = x.sub(m).exp().sum(dims, true).log().add(m);
        return keepdim ? s : s.reshape(reducedShape(x.shape, mask, false));
    }

    /** Sums a (broadcast) gradient back to {@code shape}. */
    static Tensor sumToShape(Tensor g, int[] shape) {
        int lead = g.shape.length - shape.length;
        if (lead < 0) {
            throw new IllegalArgumentException("cannot reduce shape " + Shape.format(g.shape) + " to " + Shape.format(shape));
        }
        boolean[] mask = new boolean[g.shape.length];
        for (int d = 0; d < g.shape.length; d++) {
            if (d < lead) {
                mask[d] = true;
            } else if (shape[d - lead] != g.shape[d]) {
                if (shape[d - lead] != 1) {
                    throw new IllegalArgumentException("cannot reduce shape " + Shape.format(g.shape) + " to " + Shape.format(shape));
                }
                mask[d] = true;
            }
        }
        float[] v = Reductions.reduce(Reductions.Kind.SUM, g.data, g.offset, g.shape, g.strides, mask);
        return Tensor.wrap(v, shape.clone());
    }
}
