package dev.arabica.core;

import dev.arabica.core.kernels.Strided;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Movement ops: views (reshape, transpose, permute, slice, expand, squeeze...) and copies (cat, pad). */
final class ShapeOps {
    private ShapeOps() {}

    static Tensor view(Tensor t, int[] shape, int[] strides, int offset) {
        return t.dtype == DType.FLOAT32 ? new Tensor(t.data, shape, strides, offset)
                : new Tensor(t.ldata, shape, strides, offset);
    }

    /** A contiguous copy with its own storage; gradient passes straight through. */
    static Tensor copyOf(Tensor t) {
        Tensor out;
        if (t.dtype == DType.FLOAT32) {
            float[] d = new float[t.numel()];
            Strided.copy(t.data, t.offset, t.shape, t.strides, d, 0);
            out = Tensor.wrap(d, t.shape.clone());
        } else {
            long[] d = new long[t.numel()];
            Strided.copy(t.ldata, t.offset, t.shape, t.strides, d, 0);
            return Tensor.wrapLongs(d, t.shape.clone());
        }
        return Autograd.record(out, "clone", new Tensor[] {t}, g -> new Tensor[] {g});
    }

    static int[] inferShape(String op, int[] requested, int numel, int[] from) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one dimension can be inferred (-1) in " + Shape.format(requested));
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + shape[i] + " in " + Shape.format(requested));
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": shape " + Shape.format(requested) + " is invalid for input of shape "
                        + Shape.format(from) + " (" + numel + " elements)");
            }
            shape[infer] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + Shape.format(requested) + " is invalid for input of shape "
                    + Shape.format(from) + " (" + numel + " elements)");
        }
        return shape;
    }

    static Tensor reshape(Tensor t, int[] requested, boolean viewOnly) {
        String op = viewOnly ? "view" : "reshape";
        int[] shape = inferShape(op, requested, t.numel(), t.shape);
        int[] strides = t.isContiguous() ? Shape.contiguousStrides(shape) : viewStrides(t.shape, t.strides, shape);
        Tensor out;
        if (strides != null) {
            out = view(t, shape, strides, t.offset);
        } else if (viewOnly) {
            throw new IllegalStateException("view: cannot view a tensor of shape " + Shape.format(t.shape) + " with strides "
                    + Shape.format(t.strides) + " as " + Shape.format(shape) + " without copying; use reshape()");
        } else {
            Tensor c = copyOf(t.detach());
            out = view(c, shape, Shape.contiguousStrides(shape), 0);
        }
        int[] inShape = t.shape;
        return Autograd.record(out, op, new Tensor[] {t}, g -> new Tensor[] {g.reshape(inShape)});
    }

    /** Strides that view (oldShape, oldStrides) as newShape without copying, or null (PyTorch's computeStride). */
    static int[] viewStrides(int[] oldShape, int[] oldStrides, int[] newShape) {
        int numel = 1;
        for (int d : oldShape) numel *= d;
        if (numel == 0 || oldShape.length == 0) return Shape.contiguousStrides(newShape);
        int[] newStrides = new int[newShape.length];
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides[oldStrides.length - 1];
        long tensorNumel = 1, viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = (int) (viewNumel * chunkBaseStride);
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? newStrides : null;
    }

    static Tensor transpose(Tensor t, int dim0, int dim1) {
        int rank = t.shape.length;
        if (rank == 0) {
            Shape.normalizeDim("transpose", dim0, rank);
            Shape.normalizeDim("transpose", dim1, rank);
            return t;
        }
        int d0 = Shape.normalizeDim("transpose", dim0, rank), d1 = Shape.normalizeDim("transpose", dim1, rank);
        int[] shape = t.shape.clone(), strides = t.strides.clone();
        shape[d0] = t.shape[d1];
        shape[d1] = t.shape[d0];
        strides[d0] = t.strides[d1];
        strides[d1] = t.strides[d0];
        Tensor out = view(t, shape, strides, t.offset);
        return Autograd.record(out, "transpose", new Tensor[] {t}, g -> new Tensor[] {g.transpose(d0, d1)});
    }

    static Tensor permute(Tensor t, int[] dims) {
        int rank = t.shape.length;
        if (dims.length != rank) {
            throw new IllegalArgumentException("permute: " + dims.length + " dims " + Shape.format(dims)
                    + " given for a tensor of rank " + rank + " (shape " + Shape.format(t.shape) + ")");
        }
        int[] perm = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.normalizeDim("permute", dims[i], rank);
            if (seen[d]) {
                throw new IllegalArgumentException("permute: dims " + Shape.format(dims) + " repeat dim " + d);
            }
            seen[d] = true;
            perm[i] = d;
        }
        int[] shape = new int[rank], strides = new int[rank], inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = t.shape[perm[i]];
            strides[i] = t.strides[perm[i]];
            inverse[perm[i]] = i;
        }
        Tensor out = view(t, shape, strides, t.offset);
        return Autograd.record(out, "permute", new Tensor[] {t}, g -> new Tensor[] {g.permute(inverse)});
    }

    static Tensor slice(Tensor t, int dim, int start, int stop, int step) {
        int rank = t.shape.length;
        if (rank == 0) throw new IllegalArgumentException("slice: cannot slice a 0-d tensor");
        int d = Shape.normalizeDim("slice", dim, rank);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int size = t.shape[d];
        int s = start < 0 ? Math.max(start + size, 0) : Math.min(start, size);
        int e = stop < 0 ? Math.max(stop + size, 0) : Math.min(stop, size);
        int len = e > s ? (e - s + step - 1) / step : 0;
        int[] shape = t.shape.clone(), strides = t.strides.clone();
        shape[d] = len;
        strides[d] = t.strides[d] * step;
        Tensor out = view(t, shape, strides, t.offset + (len > 0 ? s * t.strides[d] : 0));
        int[] inShape = t.shape;
        final int from = s;
        return Autograd.record(out, "slice", new Tensor[] {t}, g -> {
            Tensor z = Tensor.zeros(inShape);
            InPlaceOps.copy(z.slice(d, from, from + (len == 0 ? 0 : (len - 1) * step + 1), step), g);
            return new Tensor[] {z};
        });
    }

    static Tensor select(Tensor t, int dim, int index) {
        int rank = t.shape.length;
        if (rank == 0) throw new IllegalArgumentException("select: cannot select from a 0-d tensor");
        int d = Shape.normalizeDim("select", dim, rank);
        int size = t.shape[d];
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for dim " + d + " of size " + size
                    + " (shape " + Shape.format(t.shape) + ")");
        }
        int[] shape = new int[rank - 1], strides = new int[rank - 1];
        for (int k = 0, j = 0; k < rank; k++) {
            if (k == d) continue;
            shape[j] = t.shape[k];
            strides[j++] = t.strides[k];
        }
        Tensor out = view(t, shape, strides, t.offset + i * t.strides[d]);
        int[] inShape = t.shape;
        return Autograd.record(out, "select", new Tensor[] {t}, g -> {
            Tensor z = Tensor.zeros(inShape);
            InPlaceOps.copy(z.select(d, i), g);
            return new Tensor[] {z};
        });
    }

    static Tensor expand(Tensor t, int[] sizes) {
        int rank = t.shape.length;
        if (sizes.length < rank) {
            throw new IllegalArgumentException("expand: the number of sizes " + Shape.format(sizes)
                    + " must be >= the number of dims of shape " + Shape.format(t.shape));
        }
        int[] shape = new int[sizes.length], strides = new int[sizes.length];
        int shift = sizes.length - rank;
        for (int i = 0; i < sizes.length; i++) {
            int target = sizes[i];
            if (i < shift) {
                if (target < 0) throw new IllegalArgumentException("expand: size -1 not allowed for new leading dim " + i
                        + " in " + Shape.format(sizes));
                shape[i] = target;
                strides[i] = 0;
                continue;
            }
            int have = t.shape[i - shift];
            if (target == -1) target = have;
            if (target == have) {
                shape[i] = have;
                strides[i] = t.strides[i - shift];
            } else if (have == 1 && target >= 0) {
                shape[i] = target;
                strides[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: the expanded size " + target + " must match the existing size "
                        + have + " at non-singleton dim " + i + "; target sizes " + Shape.format(sizes) + ", tensor shape "
                        + Shape.format(t.shape));
            }
        }
        Tensor out = view(t, shape, strides, t.offset);
        // The engine sums the gradient back to the input's shape.
        return Autograd.record(out, "expand", new Tensor[] {t}, g -> new Tensor[] {g});
    }

    static Tensor squeeze(Tensor t, Integer dim) {
        int rank = t.shape.length;
        boolean[] drop = new boolean[rank];
        if (dim == null) {
            for (int i = 0; i < rank; i++) drop[i] = t.shape[i] == 1;
        } else {
            if (rank == 0) {
                Shape.normalizeDim("squeeze", dim, rank);
                return t;
            }
            int d = Shape.normalizeDim("squeeze", dim, rank);
            drop[d] = t.shape[d] == 1;
        }
        int n = 0;
        for (boolean b : drop) if (!b) n++;
        int[] shape = new int[n], strides = new int[n];
        for (int i = 0, j = 0; i < rank; i++) {
            if (drop[i]) continue;
            shape[j] = t.shape[i];
            strides[j++] = t.strides[i];
        }
        Tensor out = view(t, shape, strides, t.offset);
        int[] inShape = t.shape;
        return Autograd.record(out, "squeeze", new Tensor[] {t}, g -> new Tensor[] {g.reshape(inShape)});
    }

    static Tensor unsqueeze(Tensor t, int dim) {
        int rank = t.shape.length;
        if (dim < -rank - 1 || dim > rank) {
            throw new IllegalArgumentException("unsqueeze: dim " + dim + " out of range for a tensor of rank " + rank
                    + " (expected in [" + (-rank - 1) + ", " + rank + "])");
        }
        int d = dim < 0 ? dim + rank + 1 : dim;
        int[] shape = new int[rank + 1], strides = new int[rank + 1];
        for (int i = 0, j = 0; i <= rank; i++) {
            if (i == d) {
                shape[i] = 1;
                strides[i] = d < rank ? t.strides[d] * t.shape[d] : 1;
            } else {
                shape[i] = t.shape[j];
                strides[i] = t.strides[j++];
            }
        }
        Tensor out = view(t, shape, strides, t.offset);
        int[] inShape = t.shape;
        return Autograd.record(out, "unsqueeze", new Tensor[] {t}, g -> new Tensor[] {g.reshape(inShape)});
    }

    static Tensor flatten(Tensor t, int startDim, int endDim) {
        int rank = t.shape.length;
        if (rank == 0) return t.reshape(1);
        int s = Shape.normalizeDim("flatten", startDim, rank), e = Shape.normalizeDim("flatten", endDim, rank);
        if (s > e) throw new IllegalArgumentException("flatten: start dim " + startDim + " comes after end dim " + endDim
                + " for shape " + Shape.format(t.shape));
        int[] shape = new int[rank - (e - s)];
        int j = 0;
        for (int i = 0; i < s; i++) shape[j++] = t.shape[i];
        int prod = 1;
        for (int i = s; i <= e; i++) prod *= t.shape[i];
        shape[j++] = prod;
        for (int i = e + 1; i < rank; i++) shape[j++] = t.shape[i];
        return t.reshape(shape);
    }

    static Tensor pad(Tensor t, int[] pad, float value) {
        t.requireFloat("pad");
        int rank = t.shape.length;
        if (pad.length % 2 != 0 || pad.length / 2 > rank) {
            throw new IllegalArgumentException("pad: padding " + Shape.format(pad) + " must have an even length of at most 2 * rank ("
                    + 2 * rank + ") for shape " + Shape.format(t.shape));
        }
        int[] outShape = t.shape.clone();
        int[] left = new int[rank], right = new int[rank];
        for (int k = 0; k < pad.length / 2; k++) {
            int d = rank - 1 - k;
            left[d] = pad[2 * k];
            right[d] = pad[2 * k + 1];
            outShape[d] = t.shape[d] + left[d] + right[d];
            if (outShape[d] < 0) {
                throw new IllegalArgumentException("pad: padding " + Shape.format(pad) + " gives a negative size for dim " + d
                        + " of shape " + Shape.format(t.shape));
            }
        }
        Tensor out = Tensor.full(value, outShape);
        Tensor src = t.detach(), dst = out;
        for (int d = 0; d < rank; d++) {
            int srcFrom = Math.max(0, -left[d]), srcTo = t.shape[d] - Math.max(0, -right[d]);
            int dstFrom = Math.max(0, left[d]);
            int len = Math.max(0, srcTo - srcFrom);
            src = slice(src, d, srcFrom, srcFrom + len, 1);
            dst = slice(dst, d, dstFrom, dstFrom + len, 1);
        }
        InPlaceOps.copy(dst, src);
        int[] inShape = t.shape;
        return Autograd.record(out, "pad", new Tensor[] {t}, g -> {
            Tensor gs = g, z = Tensor.zeros(inShape), zd = z;
            for (int d = 0; d < rank; d++) {
                int srcFrom = Math.max(0, -left[d]), srcTo = inShape[d] - Math.max(0, -right[d]);
                int dstFrom = Math.max(0, left[d]);
                int len = Math.max(0, srcTo - srcFrom);
                gs = gs.slice(d, dstFrom, dstFrom + len);
                zd = zd.slice(d, srcFrom, srcFrom + len);
            }
            InPlaceOps.copy(zd, gs);
            return new Tensor[] {z};
        });
    }

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        Tensor first = tensors.get(0);
        int rank = first.shape.length;
        if (rank == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        int d = Shape.normalizeDim("cat", dim, rank);
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (t.dtype != first.dtype) {
                throw new IllegalArgumentException("cat: tensor " + i + " is " + t.dtype + " but tensor 0 is " + first.dtype);
            }
            boolean ok = t.shape.length == rank;
            for (int k = 0; ok && k < rank; k++) ok = k == d || t.shape[k] == first.shape[k];
            if (!ok) {
                throw new IllegalArgumentException("cat: shapes " + Shape.format(first.shape) + " (tensor 0) and "
                        + Shape.format(t.shape) + " (tensor " + i + ") must match except in dim " + d);
            }
            total += t.shape[d];
        }
        int[] outShape = first.shape.clone();
        outShape[d] = total;
        Tensor out = first.dtype == DType.FLOAT32 ? Tensor.zeros(outShape) : Tensor.wrapLongs(new long[Shape.numel(outShape)], outShape);
        int pos = 0;
        int[] sizes = new int[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            sizes[i] = t.shape[d];
            InPlaceOps.copy(slice(out, d, pos, pos + sizes[i], 1), t.detach());
            pos += sizes[i];
        }
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        return Autograd.record(out, "cat", inputs, g -> {
            Tensor[] grads = new Tensor[sizes.length];
            int p = 0;
            for (int i = 0; i < sizes.length; i++) {
                grads[i] = g.slice(d, p, p + sizes[i]);
                p += sizes[i];
            }
            return grads;
        });
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        int[] shape = tensors.get(0).shape;
        int rank = shape.length;
        if (dim < -rank - 1 || dim > rank) {
            throw new IllegalArgumentException("stack: dim " + dim + " out of range for tensors of rank " + rank
                    + " (expected in [" + (-rank - 1) + ", " + rank + "])");
        }
        List<Tensor> expanded = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!Arrays.equals(t.shape, shape)) {
                throw new IllegalArgumentException("stack: expects each tensor to be equal size, but got " + Shape.format(shape)
                        + " at entry 0 and " + Shape.format(t.shape) + " at entry " + i);
            }
            expanded.add(t.unsqueeze(dim));
        }
        return cat(expanded, dim < 0 ? dim + rank + 1 : dim);
    }
}
