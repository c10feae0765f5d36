package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Assumptions;

/**
 * The Vector API provider against the scalar reference, at the vector width of this JVM (core's
 * Surefire executions run it at 128, 256 and 512 bits). Skipped (not failed) when the JVM runs
 * without {@code jdk.incubator.vector}, as in the {@code scalar-fallback} test execution.
 */
class VectorProviderParityTest {
    /**
     * Fixed awkward sizes plus sizes around one, two, four and eight vectors of the width under test
     * (the loops run 1, 2 or 4 vectors per step, then a scalar tail), and around the reduction
     * block.
     */
    static final int[] SIZES = sizes(VectorProviders.panama().map(VectorProvider::floatLanes).orElse(8));

    static int[] sizes(int lanes) {
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>(List.of(0, 1, 7, 8, 15, 16, 17, 33, 1023, 1024, 1025));
        for (int vectors : new int[] {1, 2, 4, 8}) {
            for (int d = -1; d <= 1; d++) sizes.add(vectors * lanes + d);
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
    private static final int A_OFF = 3, B_OFF = 5, C_OFF = 1;

    private final VectorProvider scalar = VectorProviders.scalar();
    private VectorProvider panama;

    @BeforeEach
    void requirePanama() {
        panama = VectorProviders.panama().orElse(null);
        Assumptions.assumeTrue(panama != null, "jdk.incubator.vector is not in the boot layer");
    }

    static IntStream sizes() {
        return Arrays.stream(SIZES);
    }

    /** Random values in [-range, range] with NaN, infinities and signed zeros sprinkled in. */
    static float[] input(int n, long seed, float range, boolean positive) {
        float[] x = TestData.uniform(n, seed, positive ? 0f : -range, range);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f};
        for (int i = 5; i < n; i += 11) x[i] = specials[(i / 11) % specials.length];
        return x;
    }

    static float[] padded(float[] x, int off) {
        float[] p = new float[x.length + off + 2];
        System.arraycopy(x, 0, p, off, x.length);
        return p;
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryOpsAreBitwiseIdentical(BinaryOp op) {
        for (int n : SIZES) {
            float[] a = padded(input(n, n, 10f, false), A_OFF);
            float[] b = padded(input(n, n + 1000L, 10f, false), B_OFF);
            float[] cs = new float[n + C_OFF + 2], cp = cs.clone();
            scalar.binary(op, a, A_OFF, b, B_OFF, cs, C_OFF, n);
            panama.binary(op, a, A_OFF, b, B_OFF, cp, C_OFF, n);
            assertBitwise(cs, cp, op + " n=" + n);
            for (float s : new float[] {2.5f, -0f, Float.NaN}) {
                scalar.binaryScalar(op, a, A_OFF, s, cs, C_OFF, n);
                panama.binaryScalar(op, a, A_OFF, s, cp, C_OFF, n);
                assertBitwise(cs, cp, op + " scalar right " + s + " n=" + n);
                scalar.scalarBinary(op, s, b, B_OFF, cs, C_OFF, n);
                panama.scalarBinary(op, s, b, B_OFF, cp, C_OFF, n);
                assertBitwise(cs, cp, op + " scalar left " + s + " n=" + n);
            }
            // In place, all offsets equal (the scalar provider's auto-vectorized loops).
            float[] xs = a.clone(), xp = a.clone();
            scalar.binary(op, xs, A_OFF, b, A_OFF, xs, A_OFF, n);
            panama.binary(op, xp, A_OFF, b, A_OFF, xp, A_OFF, n);
            assertBitwise(xs, xp, op + " in place n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"SQRT", "RELU", "NEG", "ABS"})
    void exactUnaryOpsAreBitwiseIdentical(UnaryOp op) {
        for (int n : SIZES) {
            float[] a = padded(input(n, n + 7L, 100f, false), A_OFF);
            float[] cs = new float[n + C_OFF + 2], cp = cs.clone();
            scalar.unary(op, a, A_OFF, cs, C_OFF, n);
            panama.unary(op, a, A_OFF, cp, C_OFF, n);
            assertBitwise(cs, cp, op + " n=" + n);
            float[] xs = a.clone(), xp = a.clone();
            scalar.unary(op, xs, A_OFF, xs, A_OFF, n);
            panama.unary(op, xp, A_OFF, xp, A_OFF, n);
            assertBitwise(xs, xp, op + " in place n=" + n);
        }
        for (int n : SIZES) {
            float[] a = padded(input(n, n + 8L, 100f, false), A_OFF);
            float[] cs = new float[n + C_OFF + 2], cp = cs.clone();
            scalar.scale(-1.5f, a, A_OFF, cs, C_OFF, n);
            panama.scale(-1.5f, a, A_OFF, cp, C_OFF, n);
            assertBitwise(cs, cp, "scale n=" + n);
            scalar.axpy(0.3f, a, A_OFF, cs, C_OFF, n);
            panama.axpy(0.3f, a, A_OFF, cp, C_OFF, n);
            assertBitwise(cs, cp, "axpy n=" + n);
            assertEquals(Float.floatToIntBits(scalar.max(a, A_OFF, n)), Float.floatToIntBits(panama.max(a, A_OFF, n)),
                    "max n=" + n);
            scalar.fill(cs, C_OFF, n, -0f);
            panama.fill(cp, C_OFF, n, -0f);
            assertBitwise(cs, cp, "fill n=" + n);
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "TANH", "SIGMOID"})
    void transcendentalsAgreeWithin1e6Relative(UnaryOp op) {
        float range = switch (op) {
            case EXP -> 100f;
            case LOG -> 1e4f;
            case TANH -> 12f;
            default -> 120f;
        };
        for (int n : SIZES) {
            float[] a = padded(input(n, n + 17L, range, op == UnaryOp.LOG), A_OFF);
            float[] cs = new float[n + C_OFF + 2], cp = cs.clone();
            scalar.unary(op, a, A_OFF, cs, C_OFF, n);
            panama.unary(op, a, A_OFF, cp, C_OFF, n);
            for (int i = 0; i < cs.length; i++) {
                ProviderContractTest.assertSame(cs[i], cp[i], 1e-6, op + "(" + (i >= C_OFF && i - C_OFF < n
                        ? a[A_OFF + i - C_OFF] : "outside") + ") n=" + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"EXP", "LOG", "TANH", "SIGMOID"})
    void vectorLanesAndScalarTailGiveTheSameBits(UnaryOp op) {
        float[] a = input(1025, 5, 30f, op == UnaryOp.LOG);
        float[] whole = new float[a.length];
        panama.unary(op, a, 0, whole, 0, a.length);
        float[] single = new float[1];
        for (int i = 0; i < a.length; i += 3) {
            panama.unary(op, a, i, single, 0, 1);
            assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(single[0]), op + "(" + a[i] + ")");
        }
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void reductionsAgreeWithADoubleReference(int n) {
        float[] a = padded(TestData.uniform(n, n, -1f, 1f), A_OFF);
        float[] b = padded(TestData.uniform(n, n + 1L, -1f, 1f), B_OFF);
        double sum = 0, dot = 0, absSum = 0, absDot = 0;
        for (int i = 0; i < n; i++) {
            sum += a[A_OFF + i];
            absSum += Math.abs(a[A_OFF + i]);
            dot += (double) a[A_OFF + i] * b[B_OFF + i];
            absDot += Math.abs((double) a[A_OFF + i] * b[B_OFF + i]);
        }
        for (VectorProvider p : new VectorProvider[] {scalar, panama}) {
            assertEquals(sum, p.sum(a, A_OFF, n), 1e-6 * absSum + 1e-7, p.name() + " sum n=" + n);
            assertEquals(dot, p.dot(a, A_OFF, b, B_OFF, n), 1e-6 * absDot + 1e-7, p.name() + " dot n=" + n);
        }
        float[] cs = new float[n + C_OFF], cp = cs.clone();
        float ss = scalar.expShiftSum(a, A_OFF, cs, C_OFF, n, 0.5f);
        float sp = panama.expShiftSum(a, A_OFF, cp, C_OFF, n, 0.5f);
        assertEquals(ss, sp, 1e-6 * Math.abs(ss), "expShiftSum n=" + n);
        for (int i = 0; i < cs.length; i++) ProviderContractTest.assertSame(cs[i], cp[i], 1e-6, "expShift n=" + n);
    }

    private static void assertBitwise(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", scalar gives " + expected[i]);
            }
        }
    }
}
