package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every available provider against double-precision references and the documented limits. */
class ProviderContractTest {
    static Stream<VectorProvider> providers() {
        List<VectorProvider> list = new ArrayList<>();
        list.add(VectorProviders.scalar());
        VectorProviders.panama().ifPresent(list::add);
        return list.stream();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void sumOfAMillionUniformValuesIsAccurate(VectorProvider provider) {
        Random rnd = new Random(1);
        float[] a = new float[1_000_003];
        double exact = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat();
            exact += a[i];
        }
        assertRelative(exact, provider.sum(a, 0, a.length), 1e-6, "sum");
        assertRelative(exact - a[0] - a[1], provider.sum(a, 2, a.length - 2), 1e-6, "sum from offset 2");
        float[] b = new float[a.length];
        java.util.Arrays.fill(b, 0.5f);
        assertRelative(exact * 0.5, provider.dot(a, 0, b, 0, a.length), 1e-6, "dot");
        assertEquals(0f, provider.sum(a, 5, 0));
        assertEquals(0f, provider.dot(a, 5, b, 7, 0));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void transcendentalLimits(VectorProvider provider) {
        float[] x = {-1000f, 100f, Float.NaN, -50f, 50f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0f, -0f};
        // Long spans exercise the vector loop, single elements the scalar tail.
        float[] in = new float[x.length * 20 + 1];
        for (int i = 0; i < in.length; i++) in[i] = x[i % x.length];
        float[] out = new float[in.length];
        provider.unary(UnaryOp.EXP, in, 0, out, 0, in.length);
        for (int i = 0; i < in.length; i++) assertSame((float) Math.exp(in[i]), out[i], 2e-7, "exp(" + in[i] + ")");
        provider.unary(UnaryOp.TANH, in, 0, out, 0, in.length);
        for (int i = 0; i < in.length; i++) assertSame((float) Math.tanh(in[i]), out[i], 2e-7, "tanh(" + in[i] + ")");
        provider.unary(UnaryOp.SIGMOID, in, 0, out, 0, in.length);
        for (int i = 0; i < in.length; i++) {
            assertSame((float) (1 / (1 + Math.exp(-(double) in[i]))), out[i], 3e-7, "sigmoid(" + in[i] + ")");
        }
        provider.unary(UnaryOp.LOG, in, 0, out, 0, in.length);
        for (int i = 0; i < in.length; i++) assertSame((float) Math.log(in[i]), out[i], 2e-7, "log(" + in[i] + ")");
        for (float v : x) {
            assertSame((float) Math.exp(v), unary(provider, UnaryOp.EXP, v), 2e-7, "exp(" + v + ") in the tail");
            assertSame((float) Math.tanh(v), unary(provider, UnaryOp.TANH, v), 2e-7, "tanh(" + v + ") in the tail");
            assertSame((float) (1 / (1 + Math.exp(-(double) v))), unary(provider, UnaryOp.SIGMOID, v), 3e-7,
                    "sigmoid(" + v + ") in the tail");
            assertSame((float) Math.log(v), unary(provider, UnaryOp.LOG, v), 2e-7, "log(" + v + ") in the tail");
        }
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(unary(provider, UnaryOp.TANH, -0f)));
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(unary(provider, UnaryOp.RELU, -0f)));
        assertTrue(Float.isNaN(unary(provider, UnaryOp.RELU, Float.NaN)));
        assertEquals((float) Math.log(1e-40f), unary(provider, UnaryOp.LOG, 1e-40f), 1e-5f); // subnormal input
    }

    @ParameterizedTest
    @MethodSource("providers")
    void maxPropagatesNanAndIsMinusInfinityWhenEmpty(VectorProvider provider) {
        float[] a = TestData.uniform(100, 3, -5f, 5f);
        float expected = Float.NEGATIVE_INFINITY;
        for (float v : a) expected = Math.max(expected, v);
        assertEquals(expected, provider.max(a, 0, a.length));
        assertEquals(Float.NEGATIVE_INFINITY, provider.max(a, 10, 0));
        a[57] = Float.NaN;
        assertTrue(Float.isNaN(provider.max(a, 0, a.length)));
        assertTrue(Float.isNaN(provider.max(a, 50, 8)));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void expShiftSumIsASoftmaxDenominator(VectorProvider provider) {
        float[] a = TestData.uniform(1025, 4, -30f, 30f);
        float shift = provider.max(a, 0, a.length);
        float[] c = new float[a.length + 3];
        float s = provider.expShiftSum(a, 0, c, 3, a.length, shift);
        double exact = 0;
        for (int i = 0; i < a.length; i++) {
            double e = Math.exp((double) (a[i] - shift));
            assertRelative(e, c[3 + i], 1e-6, "exp at " + i);
            exact += e;
        }
        assertRelative(exact, s, 1e-6, "sum");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void inPlaceAndBoundsChecks(VectorProvider provider) {
        float[] a = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f};
        provider.binaryScalar(BinaryOp.SUB, a, 1, 1f, a, 1, 10);
        assertEquals(1f, a[0]);
        assertEquals(1f, a[1]);
        assertEquals(10f, a[10]);
        provider.scalarBinary(BinaryOp.DIV, 1f, a, 0, a, 0, 11);
        assertEquals(0.1f, a[10]);
        provider.axpy(2f, a, 0, a, 0, 11);
        assertEquals(3f, a[0]);
        float[] b = new float[4];
        assertThrows(IndexOutOfBoundsException.class, () -> provider.binary(BinaryOp.ADD, a, 0, b, 1, b, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> provider.unary(UnaryOp.EXP, a, 8, b, 0, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> provider.sum(a, -1, 2));
        assertEquals(0f, b[0], "nothing written before the bounds check");
        provider.fill(b, 1, 2, 7f);
        assertEquals(List.of(0f, 7f, 7f, 0f), List.of(b[0], b[1], b[2], b[3]));
    }

    private static float unary(VectorProvider provider, UnaryOp op, float x) {
        float[] out = new float[1];
        provider.unary(op, new float[] {x}, 0, out, 0, 1);
        return out[0];
    }

    /**
     * Equal, both NaN, both the same infinity, within {@code rel} relative error, or both below
     * {@link Float#MIN_NORMAL} (subnormal results may be flushed to zero).
     */
    static void assertSame(float expected, float actual, double rel, String what) {
        if (Math.abs(expected) < Float.MIN_NORMAL && Math.abs(actual) < Float.MIN_NORMAL) return;
        if (Float.isNaN(expected) || Float.isInfinite(expected) || expected == 0f || rel == 0) {
            if (Float.isNaN(expected) && Float.isNaN(actual)) return;
            if (Float.isFinite(expected) && rel > 0 && Math.abs(actual - expected) <= rel * Math.abs(expected)) return;
            assertEquals(expected, actual, what);
            return;
        }
        assertRelative(expected, actual, rel, what);
    }

    static void assertRelative(double expected, double actual, double rel, String what) {
        double err = Math.abs(actual - expected);
        assertTrue(err <= rel * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual + " (relative error " + err / Math.abs(expected) + ")");
    }
}
