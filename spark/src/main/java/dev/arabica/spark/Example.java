package dev.arabica.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training example as an element of a Spark RDD: the input's values and the target's values,
 * both flattened in C order. How they become tensors ({@code [n, ...featureShape]} inputs; int64
 * class indices or float targets) is said once for the whole data set by an {@link ExampleFormat}.
 *
 * <p>Examples are shipped between JVMs by Spark's serializer, so they hold nothing but two float
 * arrays. The arrays are not copied: treat an example as immutable once it is in an RDD (Spark may
 * hand the same object to several tasks in one executor, and {@link SparkTrainer} never writes it).
 * {@link #equals} and {@link #hashCode} compare contents.
 *
 * @param features the input values, {@code ExampleFormat.featureSize()} of them
 * @param target the target values: one class index (0, 1, 2, ... stored as a float) for
 *     classification, or {@code ExampleFormat.targetSize()} values for regression
 */
public record Example(float[] features, float[] target) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Example {
        Objects.requireNonNull(features, "Example: features");
        Objects.requireNonNull(target, "Example: target");
    }

    /** An example of class {@code label} (stored as the one target value). */
    public static Example ofClass(float[] features, int label) {
        if (label < 0) throw new IllegalArgumentException("Example.ofClass: class index must be >= 0, got " + label);
        return new Example(features, new float[] {label});
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e && Arrays.equals(features, e.features) && Arrays.equals(target, e.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "Example(features=" + features.length + " values, target="
                + (target.length <= 8 ? Arrays.toString(target) : target.length + " values") + ")";
    }
}
