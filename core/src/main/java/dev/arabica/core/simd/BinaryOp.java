package dev.arabica.core.simd;

/**
 * Element-wise binary operations {@code c = a op b} of {@link VectorProvider}. All follow Java
 * {@code float} semantics: IEEE 754 rounding for the arithmetic ops, {@link Math#max(float, float)}
 * and {@link Math#min(float, float)} for MAX and MIN (NaN propagates, {@code -0.0 < 0.0}).
 */
public enum BinaryOp {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}. */
    DIV,
    /** {@code Math.max(a, b)}. */
    MAX,
    /** {@code Math.min(a, b)}. */
    MIN,
    /** {@code b > 0 ? a : 0}: the ReLU gradient ({@code a} upstream gradient, {@code b} ReLU input or output). */
    RELU_GRAD,
    /** {@code a * b * (1 - b)} (left to right, no fused multiply-add): the sigmoid gradient, {@code b} the output. */
    SIGMOID_GRAD,
    /** {@code a * (1 - b * b)} (no fused multiply-add): the tanh gradient, {@code b} the output. */
    TANH_GRAD;

    /** The operation on one pair of values: the exact semantics every provider must reproduce. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case RELU_GRAD -> b > 0f ? a : 0f;
            case SIGMOID_GRAD -> a * b * (1f - b);
            case TANH_GRAD -> a * (1f - b * b);
        };
    }
}
