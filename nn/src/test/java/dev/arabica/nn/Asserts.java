package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

final class Asserts {
    private Asserts() {}

    /** Same shape and |a - e| <= atol + rtol |e| elementwise. */
    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape " + Shape.format(actual.shape()) + " vs expected "
                + Shape.format(expected.shape()));
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail("element " + i + ": actual " + a[i] + ", expected " + e[i] + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    static void assertClose(Tensor expected, Tensor actual) {
        assertClose(expected, actual, 1e-5, 1e-6);
    }

    /** Bitwise equality of values and shapes. */
    static void assertIdentical(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                fail("element " + i + " differs: " + a[i] + " vs " + e[i]);
            }
        }
    }

    /** A fresh leaf copy of {@code t} that requires grad. */
    static Tensor leaf(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape()).requiresGrad_(true);
    }
}
