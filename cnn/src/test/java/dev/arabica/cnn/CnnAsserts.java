package dev.arabica.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/** Assertions shared by the cnn tests. */
public final class CnnAsserts {
    private CnnAsserts() {}

    /** Same shape and |a - e| <= atol + rtol |e| elementwise (NaN never passes). */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape " + Shape.format(actual.shape()) + " vs expected "
                + Shape.format(expected.shape()));
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < e.length; i++) {
            double excess = Math.abs(a[i] - e[i]) - (atol + rtol * Math.abs(e[i]));
            if (!(excess <= 0) && (worstAt < 0 || excess > worst || Double.isNaN(excess))) {
                worst = excess;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            fail("element " + worstAt + " (worst of " + e.length + "): actual " + a[worstAt] + ", expected " + e[worstAt]
                    + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }

    /** Same shape and values as {@code expected} laid out with {@code shape}. */
    public static void assertClose(float[] expected, int[] shape, Tensor actual, double rtol, double atol) {
        assertClose(Tensor.of(expected, shape), actual, rtol, atol);
    }

    /** Bitwise equality of values and shapes. */
    public static void assertIdentical(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), () -> "shape " + Shape.format(actual.shape()) + " vs expected "
                + Shape.format(expected.shape()));
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                fail("element " + i + " differs: " + a[i] + " vs " + e[i]);
            }
        }
    }
}
