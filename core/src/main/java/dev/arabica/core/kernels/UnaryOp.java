package dev.arabica.core.kernels;

/**
 * Elementwise unary operations {@code y = f(x; p, q)} understood by {@link Elementwise}; {@code p}
 * and {@code q} are per-op parameters (slope, alpha, exponent, bounds...).
 */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, RELU, SIGMOID, TANH,
    /** p * x */
    SCALE,
    /** x + p */
    ADD_SCALAR,
    /** p - x */
    RSUB_SCALAR,
    /** p / x */
    RDIV_SCALAR,
    /** x ^ p */
    POW_SCALAR,
    /** clamp to [p, q] (use +-infinity for a missing bound) */
    CLAMP,
    /** x > 0 ? x : p * x */
    LEAKY_RELU,
    /** x > 0 ? x : p * (exp(x) - 1) */
    ELU,
    /** log(1 + exp(p x)) / p, or x where p x > q */
    SOFTPLUS,
    /** x * Phi(x), exact (erf) */
    GELU,
    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
    GELU_TANH,
    /** sign(x): -1, 0 or 1 */
    SIGN,
    /** x * x */
    SQUARE,
    /** 1 / x */
    RECIPROCAL,
    /** 1 where x is nonzero, else 0 */
    NONZERO;

    /** The vector provider's op with the same semantics, or null if the provider has none. */
    public dev.arabica.core.simd.UnaryOp provider() {
        return switch (this) {
            case EXP -> dev.arabica.core.simd.UnaryOp.EXP;
            case LOG -> dev.arabica.core.simd.UnaryOp.LOG;
            case SQRT -> dev.arabica.core.simd.UnaryOp.SQRT;
            case TANH -> dev.arabica.core.simd.UnaryOp.TANH;
            case SIGMOID -> dev.arabica.core.simd.UnaryOp.SIGMOID;
            case RELU -> dev.arabica.core.simd.UnaryOp.RELU;
            case NEG -> dev.arabica.core.simd.UnaryOp.NEG;
            case ABS -> dev.arabica.core.simd.UnaryOp.ABS;
            default -> null;
        };
    }

    /** The scalar definition, used by strided paths and as the reference for fast paths. */
    public float apply(float x, float p, float q) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case RELU -> x > 0f ? x : (x != x ? x : 0f);
            case SIGMOID -> sigmoid(x);
            case TANH -> (float) Math.tanh(x);
            case SCALE -> p * x;
            case ADD_SCALAR -> x + p;
            case RSUB_SCALAR -> p - x;
            case RDIV_SCALAR -> p / x;
            case POW_SCALAR -> pow(x, p);
            case CLAMP -> x != x ? x : Math.min(Math.max(x, p), q);
            case LEAKY_RELU -> x > 0f ? x : p * x;
            case ELU -> x > 0f ? x : (float) (p * Math.expm1(x));
            case SOFTPLUS -> softplus(x, p, q);
            case GELU -> (float) (0.5 * x * (1.0 + MathUtil.erf(x / Math.sqrt(2.0))));
            case GELU_TANH -> geluTanh(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case NONZERO -> x != 0f ? 1f : 0f;
        };
    }

    static float sigmoid(float x) {
        // Numerically stable for both signs.
        if (x >= 0f) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    static float pow(float x, float p) {
        if (p == 2f) return x * x;
        if (p == 1f) return x;
        if (p == 0.5f) return (float) Math.sqrt(x);
        return (float) Math.pow(x, p);
    }

    static float softplus(float x, float beta, float threshold) {
        double bx = (double) beta * x;
        if (bx > threshold) return x;
        return (float) (Math.log1p(Math.exp(bx)) / beta);
    }

    static float geluTanh(float x) {
        double k = Math.sqrt(2.0 / Math.PI);
        double inner = k * (x + 0.044715 * x * (double) x * x);
        return (float) (0.5 * x * (1.0 + Math.tanh(inner)));
    }
}
