package dev.arabica.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** {@link Example}s from a DataFrame (Spark SQL), kept apart so that RDD-only users need no spark-sql classes. */
public final class DataFrames {
    private DataFrames() {}

    /**
     * The rows of a DataFrame as examples: {@code featuresColumn} an array of numbers (any numeric
     * element type, read as float), {@code targetColumn} a number (a class index or one value) or an
     * array of numbers. The column types are checked here; a null cell fails the task that reads it,
     * naming the column.
     *
     * @throws IllegalArgumentException naming the column if one is missing or of another type
     */
    public static JavaRDD<Example> examples(Dataset<Row> rows, String featuresColumn, String targetColumn) {
        Objects.requireNonNull(rows, "rows");
        RowReader reader = RowReader.of(rows.schema(), featuresColumn, targetColumn);
        return rows.javaRDD().map(reader::example);
    }

    /** Turns rows of one schema into examples; shipped to the executors. */
    static final class RowReader implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int features;
        private final int target;
        private final boolean scalarTarget;
        private final String featuresColumn;
        private final String targetColumn;

        private RowReader(int features, int target, boolean scalarTarget, String featuresColumn, String targetColumn) {
            this.features = features;
            this.target = target;
            this.scalarTarget = scalarTarget;
            this.featuresColumn = featuresColumn;
            this.targetColumn = targetColumn;
        }

        static RowReader of(StructType schema, String featuresColumn, String targetColumn) {
            int fi = index(schema, featuresColumn, "features", false);
            int ti = index(schema, targetColumn, "target", true);
            return new RowReader(fi, ti, schema.fields()[ti].dataType() instanceof NumericType, featuresColumn, targetColumn);
        }

        Example example(Row row) {
            float[] t;
            if (scalarTarget) {
                if (row.isNullAt(target)) throw new IllegalArgumentException("DataFrames.examples: null in column '" + targetColumn + "'");
                t = new float[] {((Number) row.get(target)).floatValue()};
            } else {
                t = floats(row, target, targetColumn);
            }
            return new Example(floats(row, features, featuresColumn), t);
        }

        private static int index(StructType schema, String column, String what, boolean scalarAllowed) {
            Objects.requireNonNull(column, what + " column");
            StructField[] fields = schema.fields();
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
            throw new IllegalArgumentException("DataFrames.examples: no column '" + column + "' (columns: "
                    + String.join(", ", schema.fieldNames()) + ")");
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
}
