package dev.arabica.spark;

import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/** {@link Example}s from a DataFrame (Spark SQL), kept apart so that RDD-only users need no spark-sql classes. */
public final class DataFrames {
    private DataFrames() {}

    /**
     * The rows of a DataFrame as examples: {@code featuresColumn} an array of numbers (any numeric
     * element type, read as float), {@code targetColumn} a number (a class index or one value) or an
     * array of numbers. A null cell fails the task that reads it, naming the column.
     */
    public static JavaRDD<Example> examples(Dataset<Row> rows, String featuresColumn, String targetColumn) {
        Objects.requireNonNull(rows, "rows");
        int fi = index(rows, featuresColumn, "features", false);
        int ti = index(rows, targetColumn, "target", true);
        boolean scalarTarget = rows.schema().fields()[ti].dataType() instanceof NumericType;
        return rows.javaRDD().map(row -> {
            float[] features = floats(row, fi, featuresColumn);
            float[] target;
            if (scalarTarget) {
                if (row.isNullAt(ti)) throw new IllegalArgumentException("DataFrames.examples: null in column '" + targetColumn + "'");
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
                throw new IllegalArgumentException("DataFrames.examples: " + what + " column '" + column + "' is " + t.simpleString()
                        + "; expected an array of numbers" + (scalarAllowed ? " or a number" : ""));
            }
            return i;
        }
        throw new IllegalArgumentException("DataFrames.examples: no column '" + column + "' (columns: " + String.join(", ", rows.columns()) + ")");
    }

    private static float[] floats(Row row, int index, String column) {
        if (row.isNullAt(index)) throw new IllegalArgumentException("DataFrames.examples: null in column '" + column + "'");
        List<Object> values = row.getList(index);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            Object v = values.get(i);
            if (v == null) throw new IllegalArgumentException("DataFrames.examples: null element " + i + " in column '" + column + "'");
            out[i] = ((Number) v).floatValue();
        }
        return out;
    }
}
