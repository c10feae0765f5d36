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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/** Ways to get an RDD of {@link Example}s: from in-memory tensors, or from a DataFrame's columns. */
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

    /**
     * The rows of a DataFrame as examples: {@code featuresColumn} an array of numbers (any numeric
     * element type, read as float), {@code targetColumn} a number (a class index or one value) or an
     * array of numbers. A null cell fails the task that reads it, naming the column.
     */
    public static JavaRDD<Example> fromRows(Dataset<Row> rows, String featuresColumn, String targetColumn) {
        Objects.requireNonNull(rows, "rows");
        int fi = index(rows, featuresColumn, "features", false);
        int ti = index(rows, targetColumn, "target", true);
        boolean scalarTarget = rows.schema().fields()[ti].dataType() instanceof NumericType;
        return rows.javaRDD().map(row -> {
            float[] features = floats(row, fi, featuresColumn);
            float[] target;
            if (scalarTarget) {
                if (row.isNullAt(ti)) throw new IllegalArgumentException("Examples.fromRows: null in column '" + targetColumn + "'");
                target = new float[] {((Number) row.get(ti)).floatValue()};
            } else {
                target = floats(row, ti, targetColumn);
            }
            return new Example(features, target);
        });
    }

    private static int index(Dataset<Row> rows, String column, String what, boolean scalarAllowed) {
        Objects.requireNonNull(column, what + " column");
        StructField[] fields = rows.schema().fields();
        for (int i = 0; i < fields.length; i++) {
            if (!fields[i].name().equals(column)) continue;
            DataType t = fields[i].dataType();
            boolean ok = t instanceof ArrayType a && a.elementType() instanceof NumericType || scalarAllowed && t instanceof NumericType;
            if (!ok) {
                throw new IllegalArgumentException("Examples.fromRows: " + what + " column '" + column + "' is " + t.simpleString()
                        + "; expected an array of numbers" + (scalarAllowed ? " or a number" : ""));
            }
            return i;
        }
        throw new IllegalArgumentException("Examples.fromRows: no column '" + column + "' (columns: " + String.join(", ", rows.columns()) + ")");
    }

    private static float[] floats(Row row, int index, String column) {
        if (row.isNullAt(index)) throw new IllegalArgumentException("Examples.fromRows: null in column '" + column + "'");
        List<Object> values = row.getList(index);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v == null) throw new IllegalArgumentException("Examples.fromRows: null element " + i + " in column '" + column + "'");
            out[i] = ((Number) v).floatValue();
        }
        return out;
    }
}
