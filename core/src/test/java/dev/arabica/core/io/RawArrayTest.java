package dev.arabica.core.io;

import dev.arabica.core.DType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawArrayTest {

    @Test
    void factoriesWrapWithoutCopying() {
        float[] data = {1, 2, 3, 4, 5, 6};
        RawArray a = RawArray.ofFloats(data, 2, 3);
        assertSame(data, a.floats());
        assertEquals(DType.FLOAT32, a.dtype());
        assertEquals(6, a.numel());
        assertEquals(2, a.ndim());

        RawArray scalar = RawArray.ofLongs(new long[] {7});
        assertEquals(0, scalar.ndim());
        assertEquals(1, scalar.numel());

        RawArray empty = RawArray.ofFloats(new float[0], 0, 3);
        assertEquals(0, empty.numel());
    }

    @Test
    void validatesShapeAgainstData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RawArray.ofFloats(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RawArray.ofFloats(new float[0]));   // 0-d needs one element
        assertThrows(IllegalArgumentException.class, () -> RawArray.ofFloats(new float[0], -1, 0));
        assertThrows(IllegalArgumentException.class, () -> RawArray.ofFloats(new float[1], 65536, 65536, 0));
        assertThrows(IllegalArgumentException.class, () -> RawArray.ofFloats(new float[0], 65536, 65536));
        // a zero dimension makes the product 0 however large the others are
        assertEquals(0, RawArray.ofFloats(new float[0], 65536, 65536, 65536, 65536, 0).numel());
        assertThrows(IllegalArgumentException.class, () -> new RawArray(DType.FLOAT32, new int[] {1}, null, new long[1]));
        assertThrows(IllegalArgumentException.class, () -> new RawArray(DType.INT64, new int[] {1}, new float[1], new long[1]));
        assertThrows(NullPointerException.class, () -> new RawArray(null, new int[] {1}, new float[1], null));
        // a product that overflows int (and long, if multiplied naively) is rejected, not wrapped around
        assertThrows(IllegalArgumentException.class,
                () -> RawArray.ofFloats(new float[1], Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 2, 1));
    }

    @Test
    void equalityComparesContents() {
        assertEquals(RawArray.ofFloats(new float[] {1, Float.NaN}, 2), RawArray.ofFloats(new float[] {1, Float.NaN}, 2));
        assertEquals(RawArray.ofFloats(new float[] {1, 2}, 2).hashCode(), RawArray.ofFloats(new float[] {1, 2}, 2).hashCode());
        assertNotEquals(RawArray.ofFloats(new float[] {1, 2}, 2), RawArray.ofFloats(new float[] {1, 2}, 1, 2));
        assertNotEquals(RawArray.ofFloats(new float[] {0f}), RawArray.ofFloats(new float[] {-0f}));
        assertNotEquals(RawArray.ofFloats(new float[] {1}, 1), RawArray.ofLongs(new long[] {1}, 1));
        assertEquals("RawArray[int64, shape=[2], data=[3, 4]]", RawArray.ofLongs(new long[] {3, 4}, 2).toString());
    }
}
