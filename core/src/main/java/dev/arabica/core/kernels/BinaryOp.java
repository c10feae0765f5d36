package dev.arabica.core.kernels;

/** Elementwise binary operations {@code c = f(a, b)} understood by {@link Elementwise}. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, POW,
    /** a * (b > 0): the ReLU gradient with b the ReLU input or output. */
    RELU_GRAD,
    /** a * b * (1 - b): the sigmoid gradient with b the sigmoid output. */
    SIGMOID_GRAD,
    /** a * (1 - b * b): the tanh gradient with b the tanh output. */
    TANH_GRAD,
    /** 1 where a == b else 0. */
    EQ,
    /** 1 where a > b else 0. */
    GT,
    /** 1 where a < b else 0. */
    LT,
    /** 1 where a >= b else 0. */
    GE,
    /** 1 where a <= b else 0. */
    LE;

    /**
     * The vector provider's op with the same semantics, or null: plain arithmetic only
     * (MAXIMUM/MINIMUM keep their own NaN rules, the gradient helpers have their own provider calls).
     */
    public dev.arabica.core.simd.BinaryOp provider() {
        return switch (this) {
            case ADD -> dev.arabica.core.simd.BinaryOp.ADD;
            case SUB -> dev.arabica.core.simd.BinaryOp.SUB;
            case MUL -> dev.arabica.core.simd.BinaryOp.MUL;
            case DIV -> dev.arabica.core.simd.BinaryOp.DIV;
            default -> null;
        };
    }

    /**
     * The provider's op for two contiguous spans: the arithmetic ops plus the gradient helpers
     * (which the provider implements only for that layout).
     */
    public dev.arabica.core.simd.BinaryOp contiguousProvider() {
        return switch (this) {
            case RELU_GRAD -> dev.arabica.core.simd.BinaryOp.RELU_GRAD;
            case SIGMOID_GRAD -> dev.arabica.core.simd.BinaryOp.SIGMOID_GRAD;
            case TANH_GRAD -> dev.arabica.core.simd.BinaryOp.TANH_GRAD;
            default -> provider();
        };
    }

    /** The scalar definition, used by strided paths and as the reference for fast paths. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAXIMUM -> (a != a || b != b) ? Float.NaN : Math.max(a, b);
            case MINIMUM -> (a != a || b != b) ? Float.NaN : Math.min(a, b);
            case POW -> (float) Math.pow(a, b);
            case RELU_GRAD -> b > 0f ? a : 0f;
            case SIGMOID_GRAD -> a * b * (1f - b);
            case TANH_GRAD -> a * (1f - b * b);
            case EQ -> a == b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
        };
    }
}
