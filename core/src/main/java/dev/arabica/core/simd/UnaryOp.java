package dev.arabica.core.simd;


/**
 * Element-wise unary operations {@code c = f(a; p, q)}, {@code p} and {@code q} being per-op
 * parameters (a scale, a slope, bounds). The one set of unary ops of the library: the tensor ops,
 * the strided kernels and every {@link VectorProvider} use it.
 *
 * <p>{@link #apply} is the reference semantics. NEG, ABS, RELU, SQRT, SIGN, SCALE, ADD_SCALAR,
 * RSUB_SCALAR, RDIV_SCALAR, CLAMP and LEAKY_RELU are exact (correctly rounded), so every provider
 * returns the same bits; so do ELU, SOFTPLUS, GELU, GELU_TANH and POW_SCALAR, which every provider
 * evaluates with {@link #apply} (in double). The vectorized EXP, LOG, TANH and SIGMOID are within a
 * few units in the last place of the exact result (relative error below about {@code 1e-6}); their
 * limits are exact: {@code exp(-1000) = 0}, {@code exp(100) = +Inf}, {@code tanh(+-50) = +-1},
 * {@code sigmoid(1000) = 1}, {@code sigmoid(-1000) = 0}, and NaN propagates. Results below
 * {@link Float#MIN_NORMAL} (subnormal) may be flushed to zero.
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
    ABS,
    /** {@code signum(a)}: -1, 0 or 1 (NaN stays NaN). */
    SIGN,
    /** {@code p * a}. */
    SCALE,
    /** {@code a + p}. */
    ADD_SCALAR,
    /** {@code p - a}. */
    RSUB_SCALAR,
    /** {@code p / a}. */
    RDIV_SCALAR,
    /** {@code a ^ p}. */
    POW_SCALAR,
    /** {@code min(max(a, p), q)}: clamp to {@code [p, q]} (infinite bounds for none; {@code p > q} gives {@code q}). */
    CLAMP,
    /** {@code a > 0 ? a : p * a}. */
    LEAKY_RELU,
    /** {@code a > 0 ? a : p * (e^a - 1)}. */
    ELU,
    /** {@code log(1 + e^(p a)) / p}, or {@code a} where {@code p a > q}. */
    SOFTPLUS,
    /** {@code a * Phi(a)}, exact (erf). */
    GELU,
    /** {@code 0.5 a (1 + tanh(sqrt(2/pi) (a + 0.044715 a^3)))}. */
    GELU_TANH;

    /** The operation without parameters. */
    public float apply(float x) {
        return apply(x, 0f, 0f);
    }

    /** The reference definition, with the op's parameters {@code p, q} (ignored by most ops). */
    public float apply(float x, float p, float q) {
        return switch (this) {
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-(double) x)));
            case RELU -> Math.max(x, 0f);
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SCALE -> p * x;
            case ADD_SCALAR -> x + p;
            case RSUB_SCALAR -> p - x;
            case RDIV_SCALAR -> p / x;
            case POW_SCALAR -> pow(x, p);
            case CLAMP -> Math.min(Math.max(x, p), q);
            case LEAKY_RELU -> x > 0f ? x : p * x;
            case ELU -> x > 0f ? x : (float) (p * Math.expm1(x));
            case SOFTPLUS -> softplus(x, p, q);
            case GELU -> (float) (0.5 * x * (1.0 + MathUtil.erf(x / Math.sqrt(2.0))));
            case GELU_TANH -> geluTanh(x);
        };
    }

    private static float pow(float x, float p) {
        if (p == 2f) return x * x;
        if (p == 1f) return x;
        if (p == 0.5f) return (float) Math.sqrt(x);
        return (float) Math.pow(x, p);
    }

    private static float softplus(float x, float beta, float threshold) {
        double bx = (double) beta * x;
        if (bx > threshold) return x;
        return (float) (Math.log1p(Math.exp(bx)) / beta);
    }

    private static float geluTanh(float x) {
        double k = Math.sqrt(2.0 / Math.PI);
        double inner = k * (x + 0.044715 * x * (double) x * x);
        return (float) (0.5 * x * (1.0 + Math.tanh(inner)));
    }
}
