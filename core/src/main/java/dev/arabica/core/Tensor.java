package dev.arabica.core;

import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.UnaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of float32 (or int64) values with reverse-mode automatic differentiation.
 *
 * <p>A tensor is a view into a backing array: {@code shape}, {@code strides} (in elements) and an
 * {@code offset}. {@link #reshape}, {@link #transpose}, {@link #permute}, {@link #slice},
 * {@link #expand}, {@link #squeeze} and {@link #unsqueeze} return views that share the backing
 * array; {@link #contiguous()} copies only when the layout requires it.
 *
 * <p>Operations follow NumPy/PyTorch broadcasting and semantics and are differentiable: when
 * gradient recording is enabled ({@link GradMode}) and an input {@linkplain #requiresGrad()
 * requires grad}, the result remembers how it was computed, and {@link #backward()} accumulates
 * gradients into the {@link #grad()} of the leaf tensors.
 *
 * <p>Tensors are not thread-safe for mutation (in-place ops, gradient accumulation); reading a
 * tensor from several threads is safe.
 */
public final class Tensor {
    final DType dtype;
    final float[] data;   // FLOAT32 storage, null for INT64
    final long[] ldata;   // INT64 storage, null for FLOAT32
    final int[] shape;
    final int[] strides;
    final int offset;

    boolean requiresGrad;
    Tensor grad;
    Node gradFn;
    int outputIndex;

    Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.dtype = DType.FLOAT32;
        this.data = data;
        this.ldata = null;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    Tensor(long[] ldata, int[] shape, int[] strides, int offset) {
        this.dtype = DType.INT64;
        this.data = null;
        this.ldata = ldata;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * A contiguous float32 tensor <em>around</em> {@code data}, without copying it: the way an op
     * returns a result it has just computed into a fresh array. The tensor takes ownership of the
     * array; the caller must not write it afterwards (autograd may hand the same array on as a
     * gradient, and views of the tensor share it).
     *
     * @param data exactly {@code numel(shape)} values in C order
     * @throws IllegalArgumentException if the length does not match the shape or a size is negative
     */
    public static Tensor wrap(float[] data, int... shape) {
        checkWrap("wrap", data.length, shape);
        return new Tensor(data, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    /** The int64 form of {@link #wrap(float[], int...)}: a contiguous tensor around {@code data}, no copy. */
    public static Tensor wrapLongs(long[] data, int... shape) {
        checkWrap("wrapLongs", data.length, shape);
        return new Tensor(data, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    private static void checkWrap(String op, int length, int[] shape) {
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException(op + ": negative size in shape " + Shape.format(shape));
        }
        int n = Shape.numel(shape);
        if (length != n) {
            throw new IllegalArgumentException(op + ": array of " + length + " values does not match shape "
                    + Shape.format(shape) + " (" + n + " elements)");
        }
    }

    // ------------------------------------------------------------------ creation

    /** A tensor holding a copy of {@code data} with the given shape (C order). */
    public static Tensor of(float[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("of: " + data.length + " values cannot fill shape "
                    + Shape.format(shape) + " (" + n + " elements)");
        }
        return wrap(data.clone(), shape.clone());
    }

    /** A 1-D tensor holding a copy of {@code values}. */
    public static Tensor of(float... values) {
        return wrap(values.clone(), new int[] {values.length});
    }

    /** An int64 tensor (indices, class labels, masks) holding a copy of {@code data}. */
    public static Tensor ofLongs(long[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("ofLongs: " + data.length + " values cannot fill shape "
                    + Shape.format(shape) + " (" + n + " elements)");
        }
        return wrapLongs(data.clone(), shape.clone());
    }

    /** An int64 tensor from int values (convenience for class labels). */
    public static Tensor ofInts(int[] data, int... shape) {
        long[] l = new long[data.length];
        for (int i = 0; i < data.length; i++) l[i] = data[i];
        return ofLongs(l, shape);
    }

    /** A 0-d (scalar) tensor. */
    public static Tensor scalar(float value) {
        return wrap(new float[] {value}, new int[0]);
    }

    /** A new float32 tensor of the given shape filled with 0. */
    public static Tensor zeros(int... shape) {
        return wrap(new float[Shape.numel(shape)], shape.clone());
    }

    /** A new float32 tensor of the given shape filled with 1. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A new float32 tensor of the given shape filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        if (value != 0f) Arrays.fill(d, value);
        return wrap(d, shape.clone());
    }

    /** A new float32 tensor of zeros with the shape of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    /** A new float32 tensor of ones with the shape of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return ones(t.shape);
    }

    /** {@code [0, 1, ..., n-1]} as floats. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** Values {@code start, start+step, ...} below {@code end} (above it for a negative step). */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be nonzero, got " + step);
        double count = Math.ceil((end - start) / step);
        int n = (int) Math.max(0, count);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + i * step);
        return wrap(d, new int[] {n});
    }

    /** {@code steps} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: steps must be >= 0, got " + steps);
        float[] d = new float[steps];
        if (steps == 1) d[0] = (float) start;
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Like PyTorch: fill from both ends so the last value is exactly end.
        int half = steps / 2;
        for (int i = 0; i < steps; i++) {
            d[i] = (float) (i < half ? start + step * i : end - step * (steps - 1 - i));
        }
        return wrap(d, new int[] {steps});
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return eye(n, n);
    }

    /** An n x m matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m) {
        Tensor t = zeros(n, m);
        for (int i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1f;
        return t;
    }

    /** Uniform values in [0, 1) drawn from {@code gen}. */
    public static Tensor rand(Generator gen, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = gen.nextFloat();
        return wrap(d, shape.clone());
    }

    /** Uniform values in [low, high) drawn from {@code gen}. */
    public static Tensor uniform(Generator gen, float low, float high, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = low + (high - low) * gen.nextFloat();
        return wrap(d, shape.clone());
    }

    /** Standard normal values drawn from {@code gen}. */
    public static Tensor randn(Generator gen, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) gen.nextGaussian();
        return wrap(d, shape.clone());
    }

    /** Random integers in [low, high) as an int64 tensor. */
    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: empty range [" + low + ", " + high + ")");
        long[] d = new long[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = low + gen.nextLong(high - low);
        return wrapLongs(d, shape.clone());
    }

    /** {@link #rand(Generator, int...)} from {@link Generator#defaultGenerator()}. */
    public static Tensor rand(int... shape) {
        return rand(Generator.defaultGenerator(), shape);
    }

    /** {@link #uniform(Generator, float, float, int...)} from {@link Generator#defaultGenerator()}. */
    public static Tensor uniform(float low, float high, int... shape) {
        return uniform(Generator.defaultGenerator(), low, high, shape);
    }

    /** {@link #randn(Generator, int...)} from {@link Generator#defaultGenerator()}. */
    public static Tensor randn(int... shape) {
        return randn(Generator.defaultGenerator(), shape);
    }

    /** {@link #randint(Generator, long, long, int...)} from {@link Generator#defaultGenerator()}. */
    public static Tensor randint(long low, long high, int... shape) {
        return randint(Generator.defaultGenerator(), low, high, shape);
    }

    // ------------------------------------------------------------------ metadata and access

    /** The element type (float32, or int64 for indices). */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Offset of element {@code [0,...,0]} in the backing array. */
    public int offset() {
        return offset;
    }

    /** Number of dimensions (0 for a scalar). */
    public int dim() {
        return shape.length;
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shape.normalizeDim("size", d, shape.length)];
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public int numel() {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** True if the elements are laid out in C order without gaps starting at the offset. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) continue;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /**
     * The backing float array of a contiguous tensor that starts at offset 0, for kernels and
     * optimizers that update values in place. Writes are visible through every view of the same
     * storage and are not recorded by autograd.
     *
     * @throws IllegalStateException if the tensor is a non-contiguous or offset view (call
     *     {@link #contiguous()} first) or is int64
     */
    public float[] array() {
        requireFloat("array");
        if (offset != 0 || !isContiguous()) {
            throw new IllegalStateException("array: tensor of shape " + Shape.format(shape)
                    + " is a strided or offset view; call contiguous() first");
        }
        return data;
    }

    /**
     * The backing float array, shared and not copied, for ops written outside core. Element
     * {@code (i0, ..., ik)} is at {@code storage()[offset() + i0*strides()[0] + ... + ik*strides()[k]]};
     * for a {@linkplain #isContiguous() contiguous} tensor, the elements in C order are the range
     * {@code [offset(), offset() + numel())}. Call {@code detach().contiguous()} first to get that
     * layout without recording a copy in the graph (it copies only when the layout requires it).
     *
     * <p>The array may be shared with other tensors (views, the caller's inputs) and may be longer
     * than the tensor. An op reads its inputs' storage and never writes it: it writes its result
     * into a fresh array and returns it with {@link #wrap(float[], int...)}. See
     * {@code docs/adding-an-op.md}.
     *
     * @throws IllegalStateException if the tensor is int64 (use {@link #longStorage()})
     */
    public float[] storage() {
        if (dtype != DType.FLOAT32) {
            throw new IllegalStateException("storage: tensor of shape " + Shape.format(shape) + " is " + dtype
                    + "; use longStorage()");
        }
        return data;
    }

    /** The backing long array of an int64 tensor; see {@link #storage()} for the layout and the rules. */
    public long[] longStorage() {
        if (dtype != DType.INT64) {
            throw new IllegalStateException("longStorage: tensor of shape " + Shape.format(shape) + " is " + dtype
                    + "; use storage()");
        }
        return ldata;
    }

    /** The backing long array of a contiguous int64 tensor starting at offset 0. */
    public long[] longArray() {
        if (dtype != DType.INT64) throw new IllegalStateException("longArray: tensor is " + dtype + ", not int64");
        if (offset != 0 || !isContiguous()) {
            throw new IllegalStateException("longArray: tensor of shape " + Shape.format(shape)
                    + " is a strided or offset view; call contiguous() first");
        }
        return ldata;
    }

    /** The elements in C order as a new float array (int64 values are converted). */
    public float[] toFloatArray() {
        if (dtype == DType.INT64) {
            long[] l = toLongArray();
            float[] f = new float[l.length];
            for (int i = 0; i < l.length; i++) f[i] = l[i];
            return f;
        }
        float[] out = new float[numel()];
        dev.arabica.core.kernels.Strided.copy(data, offset, shape, strides, out, 0);
        return out;
    }

    /** The elements in C order as a new long array (float values are truncated toward zero). */
    public long[] toLongArray() {
        if (dtype == DType.FLOAT32) {
            float[] f = toFloatArray();
            long[] l = new long[f.length];
            for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
            return l;
        }
        long[] out = new long[numel()];
        dev.arabica.core.kernels.Strided.copy(ldata, offset, shape, strides, out, 0);
        return out;
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shape.format(shape) + " has " + numel()
                    + " elements, expected exactly 1");
        }
        return dtype == DType.FLOAT32 ? data[offset] : ldata[offset];
    }

    /** The element at {@code index} (one index per dim; negative counts from the end). */
    public float get(int... index) {
        int pos = position("get", index);
        return dtype == DType.FLOAT32 ? data[pos] : ldata[pos];
    }

    /** The int64 element at {@code index}. */
    public long getLong(int... index) {
        int pos = position("getLong", index);
        return dtype == DType.INT64 ? ldata[pos] : (long) data[pos];
    }

    /** Sets one element in place (not recorded by autograd). */
    public void set(float value, int... index) {
        checkInPlace("set");
        int pos = position("set", index);
        if (dtype == DType.FLOAT32) data[pos] = value;
        else ldata[pos] = (long) value;
    }

    private int position(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank "
                    + shape.length + " (shape " + Shape.format(shape) + ")");
        }
        int pos = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[d] + " out of range for dim " + d
                        + " of size " + shape[d] + " (shape " + Shape.format(shape) + ")");
            }
            pos += i * strides[d];
        }
        return pos;
    }

    void requireFloat(String op) {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor, got " + dtype + " of shape "
                    + Shape.format(shape));
        }
    }

    // ------------------------------------------------------------------ autograd

    /** Whether gradients are tracked for this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as requiring (or not) gradients; returns {@code this}.
     *
     * @throws IllegalStateException for non-leaf tensors or int64 tensors
     */
    public Tensor requiresGrad_(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad_: only leaf tensors can change requiresGrad (this one was produced by "
                    + gradFn.name() + "); use detach()");
        }
        if (flag && dtype != DType.FLOAT32) {
            throw new IllegalStateException("requiresGrad_: only float32 tensors can require gradients, got " + dtype);
        }
        this.requiresGrad = flag;
        return this;
    }

    /** @deprecated renamed to {@link #requiresGrad_(boolean)} (it modifies this tensor). */
    @Deprecated
    public Tensor requiresGrad(boolean flag) {
        return requiresGrad_(flag);
    }

    /** True if this tensor was not produced by a recorded operation. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** Name of the operation that produced this tensor, or null for a leaf. */
    public String gradFnName() {
        return gradFn == null ? null : gradFn.name();
    }

    /** The accumulated gradient of a leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (e.g. for clipping or restoring state); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient of shape " + Shape.format(g.shape)
                    + " does not match tensor of shape " + Shape.format(shape));
        }
        this.grad = g;
    }

    /** Clears the gradient (sets it to null, like PyTorch's {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        this.grad = null;
    }

    /** A tensor sharing this storage but cut from the graph (no gradient flows through it). */
    public Tensor detach() {
        Tensor t = dtype == DType.FLOAT32 ? new Tensor(data, shape, strides, offset)
                : new Tensor(ldata, shape, strides, offset);
        return t;
    }

    /** Backpropagates from a one-element tensor (d this / d this = 1), freeing the graph. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for a one-element output, but this tensor has shape "
                    + Shape.format(shape) + "; pass an explicit upstream gradient");
        }
        backward(full(1f, shape), false);
    }

    /** Backpropagates with an explicit upstream gradient of this tensor's shape, freeing the graph. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /**
     * Backpropagates with an explicit upstream gradient; with {@code retainGraph} the saved tensors are
     * kept so that backward can run through the same graph again.
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(List.of(this), List.of(gradient), retainGraph);
    }

    // ------------------------------------------------------------------ views and copies

    /** A contiguous tensor with the same values: {@code this} if already contiguous at any offset. */
    public Tensor contiguous() {
        if (isContiguous()) return this;
        return ShapeOps.copyOf(this);
    }

    /** A contiguous copy with its own storage (differentiable, like PyTorch's clone). */
    public Tensor clone() {
        return ShapeOps.copyOf(this);
    }

    /** A view (or copy, if the layout does not allow a view) with a new shape; one dim may be -1. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape, false);
    }

    /** Like {@link #reshape} but fails instead of copying when a view is impossible. */
    public Tensor view(int... newShape) {
        return ShapeOps.reshape(this, newShape, true);
    }

    /** Swaps two dims (view). */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(this, dim0, dim1);
    }

    /** Transpose of a 2-D tensor (view); a 1-D or 0-d tensor is returned as is. */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dims, got shape " + Shape.format(shape));
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** Reorders dims (view). */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(this, dims);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code stop} along {@code dim} (view). Python slice
     * semantics: negative start/stop count from the end and out-of-range bounds are clamped.
     */
    public Tensor slice(int dim, int start, int stop, int step) {
        return ShapeOps.slice(this, dim, start, stop, step);
    }

    /** {@code slice(dim, start, stop, 1)}. */
    public Tensor slice(int dim, int start, int stop) {
        return ShapeOps.slice(this, dim, start, stop, 1);
    }

    /** The sub-tensor at {@code index} along {@code dim}, with that dim removed (view). */
    public Tensor select(int dim, int index) {
        return ShapeOps.select(this, dim, index);
    }

    /** Broadcasts size-1 dims (and new leading dims) to {@code sizes} without copying; -1 keeps a size. */
    public Tensor expand(int... sizes) {
        return ShapeOps.expand(this, sizes);
    }

    /** Expands to the shape of {@code other}. */
    public Tensor expandAs(Tensor other) {
        return ShapeOps.expand(this, other.shape);
    }

    /** Removes every size-1 dim (view). */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this, null);
    }

    /** Removes {@code dim} if its size is 1 (otherwise returns an equivalent view). */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** Inserts a size-1 dim at {@code dim} (view). */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /** Flattens all dims into one. */
    public Tensor flatten() {
        return ShapeOps.flatten(this, 0, -1);
    }

    /** Flattens dims {@code startDim..endDim} (inclusive) into one. */
    public Tensor flatten(int startDim, int endDim) {
        return ShapeOps.flatten(this, startDim, endDim);
    }

    /**
     * Constant padding; {@code pad} lists (left, right) pairs starting from the LAST dim, as in
     * {@code torch.nn.functional.pad}. Negative amounts crop.
     */
    public Tensor pad(int[] pad, float value) {
        return ShapeOps.pad(this, pad, value);
    }

    /** Concatenates tensors along an existing dim. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return ShapeOps.cat(tensors, dim);
    }

    /** Stacks same-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return ShapeOps.stack(tensors, dim);
    }

    // ------------------------------------------------------------------ elementwise arithmetic

    /** {@code this + other}, broadcast. */
    public Tensor add(Tensor other) { return ElementwiseOps.add(this, other); }
    /** {@code this + s}. */
    public Tensor add(float s) { return ElementwiseOps.addScalar(this, s); }
    /** {@code this - other}, broadcast. */
    public Tensor sub(Tensor other) { return ElementwiseOps.sub(this, other); }
    /** {@code this - s}. */
    public Tensor sub(float s) { return ElementwiseOps.addScalar(this, -s); }
    /** {@code s - this}. */
    public Tensor rsub(float s) { return ElementwiseOps.rsubScalar(this, s); }
    /** {@code this * other} element-wise, broadcast. */
    public Tensor mul(Tensor other) { return ElementwiseOps.mul(this, other); }
    /** {@code this * s}. */
    public Tensor mul(float s) { return ElementwiseOps.mulScalar(this, s); }
    /** {@code this / other} element-wise, broadcast. */
    public Tensor div(Tensor other) { return ElementwiseOps.div(this, other); }
    /** {@code this / s}. */
    public Tensor div(float s) { return ElementwiseOps.div(this, scalar(s)); }
    /** {@code s / this}. */
    public Tensor rdiv(float s) { return ElementwiseOps.rdivScalar(this, s); }
    /** {@code -this}. */
    public Tensor neg() { return ElementwiseOps.neg(this); }
    /** Element-wise {@code e^x}. */
    public Tensor exp() { return ElementwiseOps.exp(this); }
    /** Element-wise natural logarithm. */
    public Tensor log() { return ElementwiseOps.log(this); }
    /** Element-wise square root. */
    public Tensor sqrt() { return ElementwiseOps.sqrt(this); }

    // out= variants (PyTorch's torch.add(a, b, out=c)): the result is written into out, which must
    // already have the result's shape, and out is returned. A contiguous out that is disjoint from
    // the operands, or is this tensor itself, is written directly with no allocation at all, so a
    // loop can reuse one buffer. Like PyTorch, they are not recorded by autograd: with gradients
    // enabled, an argument that requires grad is an error.

    /** {@code out = this + other} (broadcast), written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor add(Tensor other, Tensor out) { return ElementwiseOps.binaryInto("add", BinaryOp.ADD, this, other, out); }
    /** {@code out = this - other} (broadcast), written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor sub(Tensor other, Tensor out) { return ElementwiseOps.binaryInto("sub", BinaryOp.SUB, this, other, out); }
    /** {@code out = this * other} (broadcast), written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor mul(Tensor other, Tensor out) { return ElementwiseOps.binaryInto("mul", BinaryOp.MUL, this, other, out); }
    /** {@code out = this / other} (broadcast), written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor div(Tensor other, Tensor out) { return ElementwiseOps.binaryInto("div", BinaryOp.DIV, this, other, out); }
    /** {@code out = -this}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor neg(Tensor out) { return ElementwiseOps.unaryInto("neg", UnaryOp.NEG, 0f, 0f, this, out); }
    /** {@code out = e^this}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor exp(Tensor out) { return ElementwiseOps.unaryInto("exp", UnaryOp.EXP, 0f, 0f, this, out); }
    /** {@code out = ln(this)}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor log(Tensor out) { return ElementwiseOps.unaryInto("log", UnaryOp.LOG, 0f, 0f, this, out); }
    /** {@code out = sqrt(this)}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor sqrt(Tensor out) { return ElementwiseOps.unaryInto("sqrt", UnaryOp.SQRT, 0f, 0f, this, out); }
    /** {@code out = |this|}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor abs(Tensor out) { return ElementwiseOps.unaryInto("abs", UnaryOp.ABS, 0f, 0f, this, out); }
    /** {@code out = tanh(this)}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor tanh(Tensor out) { return ElementwiseOps.unaryInto("tanh", UnaryOp.TANH, 0f, 0f, this, out); }
    /** {@code out = sigmoid(this)}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor sigmoid(Tensor out) { return ElementwiseOps.unaryInto("sigmoid", UnaryOp.SIGMOID, 0f, 0f, this, out); }
    /** {@code out = max(this, 0)}, written into {@code out}; returns out. Not recorded by autograd. */
    public Tensor relu(Tensor out) { return ElementwiseOps.unaryInto("relu", UnaryOp.RELU, 0f, 0f, this, out); }

    /** Element-wise {@code x^2}. */
    public Tensor square() { return ElementwiseOps.powScalar(this, 2f); }
    /** Element-wise {@code x^exponent}. */
    public Tensor pow(float exponent) { return ElementwiseOps.powScalar(this, exponent); }
    /** Element-wise absolute value. */
    public Tensor abs() { return ElementwiseOps.abs(this); }
    /** Clamps to [min, max]; pass {@code Float.NEGATIVE_INFINITY}/{@code POSITIVE_INFINITY} for no bound. */
    public Tensor clamp(float min, float max) { return ElementwiseOps.clamp(this, min, max); }
    /** Clamps from below: {@code max(x, min)}. */
    public Tensor clampMin(float min) { return ElementwiseOps.clamp(this, min, Float.POSITIVE_INFINITY); }
    /** Clamps from above: {@code min(x, max)}. */
    public Tensor clampMax(float max) { return ElementwiseOps.clamp(this, Float.NEGATIVE_INFINITY, max); }
    /** Elementwise maximum (on ties the gradient is split evenly). */
    public Tensor maximum(Tensor other) { return ElementwiseOps.maximum(this, other); }
    /** Elementwise minimum (on ties the gradient is split evenly). */
    public Tensor minimum(Tensor other) { return ElementwiseOps.minimum(this, other); }
    /** Replaces elements where {@code mask} is nonzero by {@code value}; this and mask broadcast together. */
    public Tensor maskedFill(Tensor mask, float value) { return ElementwiseOps.maskedFill(this, mask, value); }
    /** Elementwise choice: {@code x} where {@code condition} is nonzero, else {@code y} (all broadcast). */
    public static Tensor where(Tensor condition, Tensor x, Tensor y) { return ElementwiseOps.where(condition, x, y); }
    /** 1 where equal, else 0 (float32; not differentiable). */
    public Tensor eq(Tensor other) { return ElementwiseOps.compare(BinaryOp.EQ, this, other); }
    /** 1 where {@code this > other}, else 0 (float32; not differentiable). */
    public Tensor gt(Tensor other) { return ElementwiseOps.compare(BinaryOp.GT, this, other); }
    /** 1 where {@code this < other}, else 0 (float32; not differentiable). */
    public Tensor lt(Tensor other) { return ElementwiseOps.compare(BinaryOp.LT, this, other); }
    /** 1 where {@code this >= other}, else 0 (float32; not differentiable). */
    public Tensor ge(Tensor other) { return ElementwiseOps.compare(BinaryOp.GE, this, other); }
    /** 1 where {@code this <= other}, else 0 (float32; not differentiable). */
    public Tensor le(Tensor other) { return ElementwiseOps.compare(BinaryOp.LE, this, other); }
    /** 1 where {@code this > s}, else 0 (float32; not differentiable). */
    public Tensor gt(float s) { return gt(scalar(s)); }
    /** 1 where {@code this < s}, else 0 (float32; not differentiable). */
    public Tensor lt(float s) { return lt(scalar(s)); }
    /** Element-wise sign: -1, 0 or 1 (not differentiable). */
    public Tensor sign() { return ElementwiseOps.unaryNoGrad(this, UnaryOp.SIGN); }

    // ------------------------------------------------------------------ activations

    /** {@code max(x, 0)}. */
    public Tensor relu() { return ActivationOps.relu(this); }
    /** {@code x} where positive, else {@code negativeSlope * x}. */
    public Tensor leakyRelu(float negativeSlope) { return ActivationOps.leakyRelu(this, negativeSlope); }
    /** {@code 1 / (1 + exp(-x))}. */
    public Tensor sigmoid() { return ActivationOps.sigmoid(this); }
    /** Element-wise hyperbolic tangent. */
    public Tensor tanh() { return ActivationOps.tanh(this); }
    /** {@code x} where positive, else {@code alpha * (exp(x) - 1)}. */
    public Tensor elu(float alpha) { return ActivationOps.elu(this, alpha); }
    /** Softplus {@code log(1 + exp(beta x)) / beta}, linear where {@code beta x > threshold}. */
    public Tensor softplus(float beta, float threshold) { return ActivationOps.softplus(this, beta, threshold); }
    /** Exact GELU {@code x * Phi(x)}. */
    public Tensor gelu() { return ActivationOps.gelu(this, false); }
    /** GELU; with {@code tanhApproximation} the tanh form. */
    public Tensor gelu(boolean tanhApproximation) { return ActivationOps.gelu(this, tanhApproximation); }
    /** Softmax along {@code dim}: {@code exp(x - max) / sum(exp(x - max))}. */
    public Tensor softmax(int dim) { return ActivationOps.softmax(this, dim); }
    /** Log-softmax along {@code dim}: {@code x - logsumexp(x)}, computed stably. */
    public Tensor logSoftmax(int dim) { return ActivationOps.logSoftmax(this, dim); }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (0-d). */
    public Tensor sum() { return ReductionOps.sum(this, null, false); }
    /** Sum over one dim. */
    public Tensor sum(int dim, boolean keepdim) { return ReductionOps.sum(this, new int[] {dim}, keepdim); }
    /** {@link #sum(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public Tensor sum(int dim) { return sum(dim, false); }
    /** Sum over several dims ({@code null} = all). */
    public Tensor sum(int[] dims, boolean keepdim) { return ReductionOps.sum(this, dims, keepdim); }
    /** Mean of all elements (0-d). */
    public Tensor mean() { return ReductionOps.mean(this, null, false); }
    /** Mean over one dim; {@code keepdim} keeps it with size 1. */
    public Tensor mean(int dim, boolean keepdim) { return ReductionOps.mean(this, new int[] {dim}, keepdim); }
    /** {@link #mean(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public Tensor mean(int dim) { return mean(dim, false); }
    /** Mean over several dims ({@code null} = all). */
    public Tensor mean(int[] dims, boolean keepdim) { return ReductionOps.mean(this, dims, keepdim); }
    /** Variance over all elements; {@code unbiased} divides by n-1 instead of n. */
    public Tensor var(boolean unbiased) { return ReductionOps.var(this, null, unbiased, false); }
    /** Variance over several dims ({@code null} = all); {@code unbiased} divides by n-1 instead of n. */
    public Tensor var(int[] dims, boolean unbiased, boolean keepdim) { return ReductionOps.var(this, dims, unbiased, keepdim); }
    /** Maximum over all elements (gradient split evenly among ties). */
    public Tensor max() { return ReductionOps.maxAll(this); }
    /** Maximum over {@code dim}: values and the index of the first maximal element. */
    public ValuesIndices max(int dim, boolean keepdim) { return ReductionOps.maxDim(this, dim, keepdim, false); }
    /** {@link #max(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public ValuesIndices max(int dim) { return max(dim, false); }
    /** Minimum over all elements. */
    public Tensor min() { return ReductionOps.minAll(this); }
    /** Minimum over {@code dim}: values and the index of the first minimal element. */
    public ValuesIndices min(int dim, boolean keepdim) { return ReductionOps.maxDim(this, dim, keepdim, true); }
    /** {@link #min(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public ValuesIndices min(int dim) { return min(dim, false); }
    /** Index of the first maximal element of the flattened tensor (0-d int64). */
    public Tensor argmax() { return ReductionOps.argmax(this, null, false); }
    /** Index of the first maximal element of the flattened tensor; with keepdim, shaped [1,...,1]. */
    public Tensor argmax(boolean keepdim) { return ReductionOps.argmax(this, null, keepdim); }
    /** Indices of the first maximal elements along {@code dim} (int64). */
    public Tensor argmax(int dim, boolean keepdim) { return ReductionOps.argmax(this, dim, keepdim); }
    /** {@link #argmax(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public Tensor argmax(int dim) { return argmax(dim, false); }
    /** {@code log(sum(exp(x)))} over {@code dim}, computed stably. */
    public Tensor logsumexp(int dim, boolean keepdim) { return ReductionOps.logsumexp(this, new int[] {dim}, keepdim); }
    /** {@link #logsumexp(int, boolean)} with {@code keepdim = false} (PyTorch's default): dim {@code dim} is removed. */
    public Tensor logsumexp(int dim) { return logsumexp(dim, false); }
    /** {@code log(sum(exp(x)))} over several dims, computed stably. */
    public Tensor logsumexp(int[] dims, boolean keepdim) { return ReductionOps.logsumexp(this, dims, keepdim); }

    /** Result of {@link #max(int, boolean)}: the values and their int64 indices. */
    public record ValuesIndices(Tensor values, Tensor indices) {}

    // ------------------------------------------------------------------ linear algebra and indexing

    /** Matrix product with PyTorch's {@code matmul} semantics (1-D, 2-D, batched, broadcast batch). */
    public Tensor matmul(Tensor other) { return LinalgOps.matmul(this, other); }

    /** {@code this @ weight^T + bias} with weight {@code [out, in]}; bias may be null. */
    public Tensor linear(Tensor weight, Tensor bias) { return LinalgOps.linear(this, weight, bias); }

    /** Values at {@code index} along {@code dim} ({@code index} int64, same rank as this). */
    public Tensor gather(int dim, Tensor index) { return IndexOps.gather(this, dim, index); }

    /** Rows (slices along {@code dim}) picked by a 1-D or n-D int64 {@code index}. */
    public Tensor indexSelect(int dim, Tensor index) { return IndexOps.indexSelect(this, dim, index); }

    /** Float copy of an int64 tensor (or this, if already float). */
    public Tensor toFloat() {
        if (dtype == DType.FLOAT32) return this;
        return wrap(toFloatArray(), shape.clone());
    }

    /** Int64 copy of a float tensor (truncation toward zero), or this if already int64. */
    public Tensor toLong() {
        if (dtype == DType.INT64) return this;
        return wrapLongs(toLongArray(), shape.clone());
    }

    // ------------------------------------------------------------------ in-place (not recorded)
    //
    // As in PyTorch, a method whose name ends in '_' modifies this tensor and returns it; every
    // other method leaves this tensor unchanged and returns a new one (or a view).

    /** {@code this += alpha * other} in place (other broadcasts to this shape). Not recorded by autograd. */
    public Tensor add_(Tensor other, float alpha) {
        checkInPlace("add_");
        InPlaceOps.addScaled(this, other, alpha);
        return this;
    }

    /** {@code this += other} in place (other broadcasts to this shape). Not recorded by autograd. */
    public Tensor add_(Tensor other) {
        return add_(other, 1f);
    }

    /** {@code this += s} in place. Not recorded by autograd. */
    public Tensor add_(float s) {
        return add_(scalar(s), 1f);
    }

    /** {@code this -= other} in place (other broadcasts to this shape). Not recorded by autograd. */
    public Tensor sub_(Tensor other) {
        checkInPlace("sub_");
        InPlaceOps.addScaled(this, other, -1f);
        return this;
    }

    /** {@code this -= s} in place. Not recorded by autograd. */
    public Tensor sub_(float s) {
        checkInPlace("sub_");
        InPlaceOps.addScaled(this, scalar(s), -1f);
        return this;
    }

    /** {@code this *= s} in place. Not recorded by autograd. */
    public Tensor mul_(float s) {
        checkInPlace("mul_");
        InPlaceOps.scale(this, s);
        return this;
    }

    /** {@code this *= other} in place (other broadcasts to this shape). Not recorded by autograd. */
    public Tensor mul_(Tensor other) {
        return binary_("mul_", BinaryOp.MUL, other);
    }

    /** {@code this /= s} in place (a true division, as {@link #div(float)}). Not recorded by autograd. */
    public Tensor div_(float s) {
        return binary_("div_", BinaryOp.DIV, scalar(s));
    }

    /** {@code this /= other} in place (other broadcasts to this shape). Not recorded by autograd. */
    public Tensor div_(Tensor other) {
        return binary_("div_", BinaryOp.DIV, other);
    }

    /** Clamps every element to {@code [min, max]} in place, as {@link #clamp}. Not recorded by autograd. */
    public Tensor clamp_(float min, float max) {
        checkInPlace("clamp_");
        requireFloat("clamp_");
        ElementwiseOps.unaryInto("clamp_", UnaryOp.CLAMP, min, max, detach(), this);
        return this;
    }

    /** {@code this = op(this, other)} with other broadcast to this shape, written in place (no temporary when this is contiguous). */
    private Tensor binary_(String name, BinaryOp op, Tensor other) {
        checkInPlace(name);
        requireFloat(name);
        int[] result = Shape.broadcast(name, shape, other.shape);
        if (!Arrays.equals(result, shape)) {
            throw new IllegalArgumentException(name + ": the result of shape " + Shape.format(result)
                    + " does not fit this tensor of shape " + Shape.format(shape) + " (the other operand must broadcast to it)");
        }
        ElementwiseOps.binaryInto(name, op, detach(), other.detach(), this);
        return this;
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor. Not recorded by autograd. */
    public Tensor copy_(Tensor src) {
        checkInPlace("copy_");
        InPlaceOps.copy(this, src);
        return this;
    }

    /** Sets every element to {@code value}. Not recorded by autograd. */
    public Tensor fill_(float value) {
        checkInPlace("fill_");
        InPlaceOps.fill(this, value);
        return this;
    }

    /** Sets every element to 0. Not recorded by autograd. */
    public Tensor zero_() {
        return fill_(0f);
    }

    private void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a tensor that requires grad cannot be modified in place while gradients are recorded; use GradMode.noGrad()");
        }
    }

    // ------------------------------------------------------------------ misc

    /** True if shapes are equal and all elements satisfy {@code |a - b| <= atol + rtol * |b|}. */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!Arrays.equals(shape, other.shape)) return false;
        float[] a = toFloatArray(), b = other.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        if (dtype == DType.FLOAT32) {
            float[] v = toFloatArray();
            appendNested(sb, v, null, 0, 0);
        } else {
            long[] v = toLongArray();
            appendNested(sb, null, v, 0, 0);
        }
        sb.append(", shape=").append(Shape.format(shape));
        if (dtype != DType.FLOAT32) sb.append(", dtype=").append(dtype);
        if (gradFn != null) sb.append(", gradFn=").append(gradFn.name());
        else if (requiresGrad) sb.append(", requiresGrad=true");
        return sb.append(')').toString();
    }

    private int appendNested(StringBuilder sb, float[] f, long[] l, int dim, int pos) {
        if (dim == shape.length) {
            sb.append(f != null ? Float.toString(f[pos]) : Long.toString(l[pos]));
            return pos + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) sb.append(", ");
            if (sb.length() > 4000) {
                sb.append("...");
                int block = 1;
                for (int d = dim; d < shape.length; d++) block *= shape[d];
                return pos + block; // position no longer matters once truncated
            }
            pos = appendNested(sb, f, l, dim + 1, pos);
        }
        sb.append(']');
        return pos;
    }
}
