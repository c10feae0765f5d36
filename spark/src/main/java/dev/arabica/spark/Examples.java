package dev.arabica.spark;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.TensorDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@link Example}s from in-memory tensors (for a DataFrame see {@link DataFrames}).
 *
 * <p>{@link #parallelize} is for small data: Spark ships each partition's examples inside every
 * task that reads that partition, so a large parallelized collection makes every training step
 * slow. Read large data on the executors instead (files, {@code spark.read}, or a parallelized
 * list of ranges that each partition loads, as the {@code spark-fashion} example does).
 */
public final class Examples {
    private Examples() {}

    /**
     * The examples of a data set held in tensors: {@code x} of shape {@code [n, ...]} (float32),
     * {@code y} either int64 class indices {@code [n]} or float32 targets {@code [n, ...]} (copies).
     */
    public static List<Example> of(TensorDataset data) {
        Objects.requireNonNull(data, "data");
        Tensor x = data.x().detach().toFloat().contiguous();
        Tensor y = data.y().detach();
        int n = data.size();
        int xs = n == 0 ? 0 : x.numel() / n;
        float[] xv = x.toFloatArray();
        boolean classes = y.dtype() == DType.INT64;
        if (classes && y.dim() != 1) {
            throw new IllegalArgumentException("Examples.of: int64 targets must be class indices of shape [n], got " + Shape.format(y.shape()));
        }
        float[] yv;
        if (classes) {
            long[] c = y.contiguous().toLongArray();
            yv = new float[n];
            for (int i = 0; i < n; i++) {
                if (c[i] < 0 || c[i] > 1 << 24) throw new IllegalArgumentException("Examples.of: class index " + c[i] + " of example " + i + " is out of range");
                yv[i] = c[i];
            }
        } else {
            yv = y.contiguous().toFloatArray();
        }
        int ys = n == 0 ? 0 : yv.length / n;
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[xs], t = new float[ys];
            System.arraycopy(xv, i * xs, f, 0, xs);
            System.arraycopy(yv, i * ys, t, 0, ys);
            out.add(new Example(f, t));
        }
        return out;
    }

    /** {@link #of(TensorDataset)} spread over {@code partitions} partitions (consecutive slices of equal size, as {@code parallelize}). */
    public static JavaRDD<Example> parallelize(JavaSparkContext sc, TensorDataset data, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("Examples.parallelize: partitions must be >= 1, got " + partitions);
        return sc.parallelize(of(data), partitions);
    }
}
