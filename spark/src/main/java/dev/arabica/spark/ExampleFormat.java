package dev.arabica.spark;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.DataLoader.Batch;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Example}s become a mini-batch of tensors: inputs of shape {@code [n, ...featureShape]}
 * (float32) and targets either as int64 class indices of shape {@code [n]} ({@link #classification},
 * for {@code Losses::crossEntropy} and {@code Metrics.accuracy()}) or as float32 values of shape
 * {@code [n, ...targetShape]} ({@link #regression}). It travels to the executors with every task.
 *
 * <p>{@link #batch} copies the examples' values into fresh tensors, in the order given; it checks
 * every example against the format and names the first one that does not fit.
 */
public final class ExampleFormat implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] featureShape;
    private final int[] targetShape;
    private final boolean classIndices;
    private final int featureSize;
    private final int targetSize;

    private ExampleFormat(int[] featureShape, int[] targetShape, boolean classIndices) {
        this.featureShape = checkShape(featureShape, "featureShape");
        this.targetShape = checkShape(targetShape, "targetShape");
        this.classIndices = classIndices;
        this.featureSize = size(this.featureShape);
        this.targetSize = size(this.targetShape);
    }

    private static int[] checkShape(int[] shape, String what) {
        Objects.requireNonNull(shape, "ExampleFormat: " + what);
        long n = 1;
        for (int d : shape) {
            if (d < 1) throw new IllegalArgumentException("ExampleFormat: " + what + " " + Arrays.toString(shape) + " has a size < 1");
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("ExampleFormat: " + what + " " + Arrays.toString(shape) + " is too large");
        }
        return shape.clone();
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /**
     * Inputs of shape {@code [n, ...featureShape]}; each example's target is one class index,
     * batched as int64 {@code [n]}.
     */
    public static ExampleFormat classification(int... featureShape) {
        return new ExampleFormat(featureShape, new int[0], true);
    }

    /**
     * Inputs of shape {@code [n, ...featureShape]}; targets of float32 shape {@code [n, ...targetShape]}
     * ({@code [n]} when {@code targetShape} is empty, e.g. for {@code Losses.binaryCrossEntropy} on
     * {@code [n]} outputs).
     */
    public static ExampleFormat regression(int[] featureShape, int... targetShape) {
        return new ExampleFormat(featureShape, targetShape, false);
    }

    /** The shape of one example's input (a copy). */
    public int[] featureShape() {
        return featureShape.clone();
    }

    /** The shape of one example's target (a copy; empty for class indices and scalar targets). */
    public int[] targetShape() {
        return targetShape.clone();
    }

    /** Whether targets are class indices (int64). */
    public boolean classIndices() {
        return classIndices;
    }

    /** The number of input values per example. */
    public int featureSize() {
        return featureSize;
    }

    /** The number of target values per example. */
    public int targetSize() {
        return targetSize;
    }

    /**
     * Throws unless {@code example} fits: {@link #featureSize()} input values and {@link #targetSize()}
     * target values, a class index being a whole number >= 0.
     *
     * @param where names the example in the message (e.g. "example 17 of partition 2")
     */
    public void check(Example example, String where) {
        if (example == null) throw new IllegalArgumentException("ExampleFormat: " + where + " is null");
        if (example.features().length != featureSize) {
            throw new IllegalArgumentException("ExampleFormat: " + where + " has " + example.features().length
                    + " input values, expected " + featureSize + " (shape " + Shape.format(featureShape) + ")");
        }
        if (example.target().length != targetSize) {
            throw new IllegalArgumentException("ExampleFormat: " + where + " has " + example.target().length + " target values, expected "
                    + targetSize + (classIndices ? " (one class index)" : " (shape " + Shape.format(targetShape) + ")"));
        }
        if (classIndices) {
            float c = example.target()[0];
            if (!(c >= 0) || c != Math.rint(c) || c > (1 << 24)) {
                throw new IllegalArgumentException("ExampleFormat: " + where + " has class index " + c + "; class indices are whole numbers >= 0");
            }
        }
    }

    /** {@code examples} as one batch: fresh input and target tensors, examples in the order given. */
    public Batch batch(List<Example> examples) {
        int n = examples.size();
        float[] x = new float[n * featureSize];
        float[] t = new float[n * targetSize];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            check(e, "example " + i + " of the batch");
            System.arraycopy(e.features(), 0, x, i * featureSize, featureSize);
            System.arraycopy(e.target(), 0, t, i * targetSize, targetSize);
        }
        return new Batch(Tensor.wrap(x, prepend(n, featureShape)), targets(t, n));
    }

    /** The targets of {@code n} examples, flattened in order ({@code n * targetSize()} values), as a tensor. */
    public Tensor targets(float[] flat, int n) {
        if (flat.length != (long) n * targetSize) {
            throw new IllegalArgumentException("ExampleFormat.targets: " + flat.length + " values for " + n + " examples of " + targetSize);
        }
        if (!classIndices) return Tensor.wrap(flat, prepend(n, targetShape));
        long[] c = new long[n];
        for (int i = 0; i < n; i++) c[i] = (long) flat[i];
        return Tensor.wrapLongs(c, n);
    }

    private static int[] prepend(int n, int[] shape) {
        int[] s = new int[shape.length + 1];
        s[0] = n;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExampleFormat f && classIndices == f.classIndices && Arrays.equals(featureShape, f.featureShape)
                && Arrays.equals(targetShape, f.targetShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classIndices, Arrays.hashCode(featureShape), Arrays.hashCode(targetShape));
    }

    @Override
    public String toString() {
        return classIndices ? "ExampleFormat.classification(" + Shape.format(featureShape) + ")"
                : "ExampleFormat.regression(" + Shape.format(featureShape) + " -> " + Shape.format(targetShape) + ")";
    }
}
