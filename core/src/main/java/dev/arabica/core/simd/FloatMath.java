package dev.arabica.core.simd;

/**
 * Float approximations of exp, log, tanh and sigmoid, written as the exact scalar twins of the
 * vector code in {@link PanamaVectorProvider}: same constants, same operations in the same order
 * (every {@code Math.fma} here is a lane-wise {@code fma} there). The Panama provider uses them for
 * the tail of a span, so an element's result does not depend on whether it fell in a vector or in
 * the tail.
 *
 * <p>The polynomial coefficients were fitted for this class (weighted least squares on Chebyshev
 * nodes, iterated towards minimax); measured error is at most a few ulp (relative error below
 * {@code 5e-7}) over the whole float range; see {@code FloatMathTest}.
 */
final class FloatMath {
    private FloatMath() {}

    // exp(x) = 2^n * e^r, n = round(x / ln2), |r| <= ln2/2, e^r = 1 + r + r^2 * P(r).
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float ROUND_MAGIC = 12582912f;
    static final int ROUND_MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    static final float LN2_HI = (float) Math.log(2);
    static final float LN2_LO = (float) (Math.log(2) - LN2_HI);
    static final float EXP_P0 = 0.49999993450797f;
    static final float EXP_P1 = 0.16666520680904f;
    static final float EXP_P2 = 0.04166838754460f;
    static final float EXP_P3 = 0.00836871065473f;
    static final float EXP_P4 = 0.00138146044809f;
    /** Above this e^x overflows (ln(Float.MAX_VALUE) is 88.7228); between the two the scaling overflows by itself. */
    static final float EXP_OVERFLOW = 88.75f;
    /** Below this e^x is under half the smallest subnormal. */
    static final float EXP_UNDERFLOW = -104f;

    // tanh(x) = x + x^3 * P(x^2) for |x| < TANH_SMALL, else sign(x) * (1 - 2 / (e^{2|x|} + 1)).
    static final float TANH_SMALL = 0.625f;
    static final float TANH_P0 = -0.33333281934807f;
    static final float TANH_P1 = 0.13331442037912f;
    static final float TANH_P2 = -0.05373970351420f;
    static final float TANH_P3 = 0.02063905358771f;
    static final float TANH_P4 = -0.00570495281583f;
    static final int SIGN_BIT = 0x80000000;

    // log(x) = e*ln2 + log1p(f), x = 2^e * (1 + f), f in [sqrt(1/2) - 1, sqrt(2) - 1],
    // log1p(f) = f - f^2/2 + f^3 * P(f).
    static final float SQRT2 = 1.41421356237f;
    static final float TWO_POW_23 = 8388608f;
    static final int MANTISSA_MASK = 0x007fffff;
    static final int ONE_BITS = 0x3f800000;
    static final float LOG_P0 = 0.33333331715851f;
    static final float LOG_P1 = -0.25000821122642f;
    static final float LOG_P2 = 0.20001226024636f;
    static final float LOG_P3 = -0.16623353848603f;
    static final float LOG_P4 = 0.14201776209516f;
    static final float LOG_P5 = -0.13160233714782f;
    static final float LOG_P6 = 0.12761468263606f;
    static final float LOG_P7 = -0.07634225739420f;

    static float exp(float x) {
        float z = Math.fma(x, LOG2E, ROUND_MAGIC);
        float n = z - ROUND_MAGIC;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, EXP_P4, EXP_P3);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P1);
        p = Math.fma(p, r, EXP_P0);
        float q = Math.fma(p, r * r, r);
        float e = q + 1f;
        // 2^n as two factors so that subnormal results (n down to -150) are still reachable.
        int ni = Float.floatToRawIntBits(z) - ROUND_MAGIC_BITS;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        float y = e * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
        y = x > EXP_OVERFLOW ? Float.POSITIVE_INFINITY : y;
        return x < EXP_UNDERFLOW ? 0f : y;
    }

    static float tanh(float x) {
        float ax = Math.abs(x);
        float z = ax * ax;
        float p = Math.fma(z, TANH_P4, TANH_P3);
        p = Math.fma(p, z, TANH_P2);
        p = Math.fma(p, z, TANH_P1);
        p = Math.fma(p, z, TANH_P0);
        float small = Math.fma(p, ax * z, ax);
        float e = exp(ax * 2f);
        float large = 1f - 2f / (e + 1f);
        float t = ax < TANH_SMALL ? small : large;
        // t >= 0, so OR-ing in the sign bit of x gives the odd extension (and tanh(-0) = -0).
        return Float.intBitsToFloat(Float.floatToRawIntBits(t) | (Float.floatToRawIntBits(x) & SIGN_BIT));
    }

    static float sigmoid(float x) {
        return 1f / (exp(-x) + 1f);
    }

    static float log(float x) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float xs = subnormal ? x * TWO_POW_23 : x;
        int bits = Float.floatToRawIntBits(xs);
        float e = (float) (bits >> 23) - 127f;
        e = subnormal ? e - 23f : e;
        float m = Float.intBitsToFloat((bits & MANTISSA_MASK) | ONE_BITS);
        boolean big = m > SQRT2;
        m = big ? m * 0.5f : m;
        e = big ? e + 1f : e;
        float f = m - 1f;
        float p = Math.fma(f, LOG_P7, LOG_P6);
        p = Math.fma(p, f, LOG_P5);
        p = Math.fma(p, f, LOG_P4);
        p = Math.fma(p, f, LOG_P3);
        p = Math.fma(p, f, LOG_P2);
        p = Math.fma(p, f, LOG_P1);
        p = Math.fma(p, f, LOG_P0);
        float f2 = f * f;
        float t = Math.fma(p, f2 * f, f2 * -0.5f);
        float y = f + t;
        float res = Math.fma(e, LN2_HI, Math.fma(e, LN2_LO, y));
        res = x < 0f ? Float.NaN : res;
        res = x == 0f ? Float.NEGATIVE_INFINITY : res;
        res = x == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : res;
        return x != x ? x : res;
    }
}
