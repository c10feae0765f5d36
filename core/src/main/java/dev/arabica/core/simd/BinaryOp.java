package dev.arabica.core.simd;

/**
 * Element-wise binary operations {@code c = f(a, b; p, q)}: arithmetic, comparisons, and the
 * gradient helpers of the activations ({@code a} the upstream gradient, {@code b} the activation's
 * input or output, {@code p, q} its parameters). The one set of binary ops of the library: the
 * tensor ops, the strided kernels and every {@link VectorProvider} use it.
 *
 * <p>{@link #apply} is the exact semantics every provider reproduces, bit for bit: Java
 * {@code float} arithmetic (IEEE 754 rounding, no fused multiply-add unless stated),
 * {@link Math#max(float, float)}/{@link Math#min(float, float)} for MAX and MIN (NaN propagates,
 * {@code -0.0 < 0.0}); the gradients that need a transcendental function evaluate it in double.
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
    /** 1 where {@code a == b}, else 0. */
    EQ,
    /** 1 where {@code a > b}, else 0. */
    GT,
    /** 1 where {@code a < b}, else 0. */
    LT,
    /** 1 where {@code a >= b}, else 0. */
    GE,
    /** 1 where {@code a <= b}, else 0. */
    LE,
    /** {@code b > 0 ? a : 0}: the ReLU gradient ({@code b} the ReLU input or output; relu'(0) = 0). */
    RELU_GRAD,
    /** {@code b > 0 ? a : a * p}: the leaky ReLU gradient, {@code b} the input, {@code p} the negative slope. */
    LEAKY_RELU_GRAD,
    /** {@code a * b * (1 - b)} (left to right): the sigmoid gradient, {@code b} the output. */
    SIGMOID_GRAD,
    /** {@code a * (1 - b * b)}: the tanh gradient, {@code b} the output. */
    TANH_GRAD,
    /** {@code p <= b <= q ? a : 0}: the clamp gradient (bounds inclusive, as PyTorch), {@code b} the input. */
    CLAMP_GRAD,
    /** {@code b > 0 ? a : a * p * exp(b)}: the ELU gradient, {@code b} the input, {@code p} alpha. */
    ELU_GRAD,
    /** {@code a * sigmoid(p * b)}, or {@code a} where {@code p * b > q}: the softplus gradient (beta p, threshold q). */
    SOFTPLUS_GRAD,
    /** {@code a * (Phi(b) + b * phi(b))}: the exact GELU gradient, {@code b} the input. */
    GELU_GRAD,
    /** The gradient of the tanh-approximated GELU, {@code b} the input. */
    GELU_TANH_GRAD;

    /** The operation on one pair of values without parameters. */
    public float apply(float a, float b) {
        return apply(a, b, 0f, 0f);
    }

    /** The operation on one pair of values with the op's parameters {@code p, q} (ignored by most ops). */
    public float apply(float a, float b, float p, float q) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1f : 0f;
            case GT -> a > b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case RELU_GRAD -> b > 0f ? a : 0f;
            case LEAKY_RELU_GRAD -> b > 0f ? a : a * p;
            case SIGMOID_GRAD -> a * b * (1f - b);
            case TANH_GRAD -> a * (1f - b * b);
            case CLAMP_GRAD -> b >= p && b <= q ? a : 0f;
            case ELU_GRAD -> b > 0f ? a : (float) (a * (p * Math.exp(b)));
            case SOFTPLUS_GRAD -> softplusGrad(a, b, p, q);
            case GELU_GRAD -> (float) (a * geluDerivative(b));
            case GELU_TANH_GRAD -> (float) (a * geluTanhDerivative(b));
        };
    }

    /** True for the ops that compare ({@link #EQ} to {@link #LE}): their result is a 0/1 mask. */
    public boolean isComparison() {
        return this.compareTo(EQ) >= 0 && this.compareTo(LE) <= 0;
    }

    private static float softplusGrad(float a, float x, float beta, float threshold) {
        double bx = (double) beta * x;
        if (bx > threshold) return a;
        return (float) (a / (1.0 + Math.exp(-bx)));
    }

    private static double geluDerivative(float x) {
        double cdf = 0.5 * (1.0 + MathUtil.erf(x / Math.sqrt(2.0)));
        double pdf = Math.exp(-0.5 * (double) x * x) / Math.sqrt(2.0 * Math.PI);
        return cdf + x * pdf;
    }

    private static double geluTanhDerivative(float x) {
        double k = Math.sqrt(2.0 / Math.PI);
        double x2 = (double) x * x;
        double t = Math.tanh(k * (x + 0.044715 * x2 * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x2);
    }
}
