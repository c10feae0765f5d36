package dev.arabica.spark;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.data.TensorDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * {@link Example}s from in-memory tensors (for a DataFrame see {@link DataFrames}).
 *
 * <p>{@link #parallelize} is for data that fits on the driver. Read larger data on the executors
 * (files, {@code spark.read}, or a parallelized list of ranges that each partition loads, as the
 * {@code spark-fashion} example does). Avoid {@code sc.parallelize} of a large list of examples:
 * Spark ships a parallelized partition's elements inside every task that computes it, and every
 * training step would send the data again.
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

    /**
     * {@link #of(TensorDataset)} spread over {@code partitions} partitions (see {@link #parallelize(JavaSparkContext, List, int)}).
     */
    public static JavaRDD<Example> parallelize(JavaSparkContext sc, TensorDataset data, int partitions) {
        return parallelize(sc, of(data), partitions);
    }

    /**
     * Examples held on the driver as an RDD of {@code partitions} partitions of consecutive slices
     * ({@code [p n / P, (p + 1) n / P)}, as {@code sc.parallelize} slices), for data that fits on the
     * driver. Unlike {@code sc.parallelize}, whose partitions carry their examples inside every task
     * that reads them (every training step would ship the data again), each slice goes out once in a
     * broadcast of its own, which only the executors computing that partition fetch. The broadcasts
     * live as long as the Spark context. The examples are not copied on the driver: do not change them.
     */
    public static JavaRDD<Example> parallelize(JavaSparkContext sc, List<Example> examples, int partitions) {
        Objects.requireNonNull(examples, "examples");
        if (partitions < 1) throw new IllegalArgumentException("Examples.parallelize: partitions must be >= 1, got " + partitions);
        int n = examples.size();
        List<Broadcast<Example[]>> slices = new ArrayList<>(partitions);
        List<Integer> indices = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            int from = (int) ((long) n * p / partitions), to = (int) ((long) n * (p + 1) / partitions);
            slices.add(sc.broadcast(examples.subList(from, to).toArray(new Example[0])));
            indices.add(p);
        }
        return sc.parallelize(indices, partitions).flatMap(p -> Arrays.asList(slices.get(p).value()).iterator());
    }
}
