package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** DataFrame rows to examples, on rows as Spark SQL hands them to {@code javaRDD()} (arrays as Scala sequences). */
class DataFramesTest {
    private static final StructType SCHEMA = new StructType().add("pixels", DataTypes.createArrayType(DataTypes.DoubleType))
            .add("label", DataTypes.IntegerType).add("name", DataTypes.StringType).add("box", DataTypes.createArrayType(DataTypes.FloatType));

    private static Row row(List<Double> pixels, Integer label, String name, List<Float> box) {
        return RowFactory.create(pixels == null ? null : CollectionConverters.asScala(pixels).toSeq(), label, name,
                CollectionConverters.asScala(box).toSeq());
    }

    @Test
    void numbersAndArraysOfNumbersBecomeFeaturesAndTargets() {
        Row r = row(List.of(0.5, 2.0), 3, "a", List.of(1f, 2f));
        assertEquals(Example.ofClass(new float[] {0.5f, 2}, 3), DataFrames.RowReader.of(SCHEMA, "pixels", "label").example(r));
        assertEquals(new Example(new float[] {0.5f, 2}, new float[] {1, 2}), DataFrames.RowReader.of(SCHEMA, "pixels", "box").example(r));
    }

    @Test
    void missingColumnsWrongTypesAndNullsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFrames.RowReader.of(SCHEMA, "image", "label"));
        assertEquals("DataFrames.examples: no column 'image' (columns: pixels, label, name, box)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataFrames.RowReader.of(SCHEMA, "pixels", "name"));
        assertEquals("DataFrames.examples: target column 'name' is string; expected an array of numbers or a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DataFrames.RowReader.of(SCHEMA, "label", "label"));
        assertTrue(e.getMessage().contains("features column 'label' is int; expected an array of numbers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataFrames.RowReader.of(SCHEMA, "pixels", "label").example(row(null, 1, "c", List.of())));
        assertEquals("DataFrames.examples: null in column 'pixels'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DataFrames.RowReader.of(SCHEMA, "pixels", "label").example(row(List.of(1.0), null, "c", List.of())));
        assertEquals("DataFrames.examples: null in column 'label'", e.getMessage());
    }
}
