package dev.arabica.core.simd;

/**
 * Element-wise unary operations {@code c = f(a)} of {@link VectorProvider}.
 *
 * <p>NEG, ABS, RELU and SQRT are exact (correctly rounded), so every provider returns the same bits.
 * EXP, LOG, TANH and SIGMOID are within a few units in the last place of the exact result
 * (relative error below about {@code 1e-6}); their limits are exact: {@code exp(-1000) = 0},
 * {@code exp(100) = +Inf}, {@code tanh(+-50) = +-1}, {@code sigmoid(1000) = 1},
 * {@code sigmoid(-1000) = 0}, and NaN propagates. Results below {@link Float#MIN_NORMAL} (subnormal)
 * may be flushed to zero.
 */
public enum UnaryOp {
    /** {@code e^a}. */
    EXP,
    /** Natural logarithm: {@code -Inf} at 0, NaN below 0. */
    LOG,
    /** Square root: NaN below 0 (but {@code sqrt(-0.0) = -0.0}). */
    SQRT,
    /** Hyperbolic tangent. */
    TANH,
    /** Logistic function {@code 1 / (1 + e^-a)}. */
    SIGMOID,
    /** {@code Math.max(a, 0)}: NaN propagates, {@code relu(-0.0) = 0.0}. */
    RELU,
    /** {@code -a}. */
    NEG,
    /** {@code Math.abs(a)}. */
    ABS
}
