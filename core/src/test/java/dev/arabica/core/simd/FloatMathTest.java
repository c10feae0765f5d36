package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Accuracy of the polynomial approximations, sampled over their whole range. */
class FloatMathTest {
    interface FloatFunction {
        float apply(float x);
    }

    /** Max error in ulps over about {@code samples} floats evenly spaced (by bit pattern) in [lo, hi]. */
    private static double maxUlpError(FloatFunction f, DoubleUnaryOperator exact, float lo, float hi, int samples) {
        int from = Float.floatToRawIntBits(lo), to = Float.floatToRawIntBits(hi);
        double worst = 0;
        // lo and hi have the same sign in every call below, so bit patterns are monotonic between them.
        long step = Math.max(1, Math.abs((long) to - from) / samples);
        for (long bits = Math.min(from, to); bits <= Math.max(from, to); bits += step) {
            float x = Float.intBitsToFloat((int) bits);
            double e = exact.applyAsDouble(x);
            float ef = (float) e;
            if (Float.isInfinite(ef) || Math.abs(ef) < Float.MIN_NORMAL) continue;
            worst = Math.max(worst, Math.abs(f.apply(x) - e) / Math.ulp(ef));
        }
        return worst;
    }

    private static void assertUlps(String name, double ulps, double limit) {
        assertTrue(ulps <= limit, name + ": " + ulps + " ulp > " + limit);
    }

    @Test
    void expIsWithinTwoUlps() {
        assertUlps("exp-", maxUlpError(FloatMath::exp, Math::exp, -0f, -87.3f, 400_000), 2);
        assertUlps("exp+", maxUlpError(FloatMath::exp, Math::exp, 0f, 88.72f, 400_000), 2);
    }

    @Test
    void logIsWithinTwoUlps() {
        assertUlps("log", maxUlpError(FloatMath::log, Math::log, Float.MIN_VALUE, Float.MAX_VALUE, 800_000), 2);
        assertUlps("log near 1", maxUlpError(FloatMath::log, Math::log, 0.5f, 2f, 400_000), 2);
    }

    @Test
    void tanhAndSigmoidAreWithinThreeUlps() {
        assertUlps("tanh-", maxUlpError(FloatMath::tanh, Math::tanh, -0f, -12f, 400_000), 3);
        assertUlps("tanh+", maxUlpError(FloatMath::tanh, Math::tanh, 1e-30f, 12f, 400_000), 3);
        DoubleUnaryOperator sigmoid = x -> 1 / (1 + Math.exp(-x));
        assertUlps("sigmoid-", maxUlpError(FloatMath::sigmoid, sigmoid, -0f, -87f, 400_000), 3);
        assertUlps("sigmoid+", maxUlpError(FloatMath::sigmoid, sigmoid, 0f, 20f, 400_000), 3);
    }
}
