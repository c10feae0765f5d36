package dev.arabica.nn.init;

import dev.arabica.core.GradMode;
import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * Parameter initialisers, following {@code torch.nn.init} ({@code kaiming_uniform_} is
 * {@link #kaimingUniform_}, ...). Each fills a tensor <b>in place</b> (hence the trailing
 * {@code _}, as in PyTorch), under {@link GradMode#noGrad()} so it works on parameters that require
 * grad, draws in C order from the given seeded {@link Generator} (or, in the overloads without
 * one, from {@link Generator#defaultGenerator()}), and returns the same tensor.
 *
 * <p>Fans are computed like PyTorch's {@code _calculate_fan_in_and_fan_out}: for a weight of shape
 * {@code [out, in, k1, k2, ...]} (linear {@code [out, in]}, conv {@code [C_out, C_in/groups, kH, kW]}),
 * {@code fanIn = in * k1 * k2 * ...} and {@code fanOut = out * k1 * k2 * ...}.
 */
public final class Init {
    private Init() {}

    /** Which fan scales the variance: {@code FAN_IN} preserves it in the forward pass, {@code FAN_OUT} in backward. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Nonlinearities known to {@link #calculateGain}; the conv and linear entries all have gain 1. */
    public enum Nonlinearity { LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D,
        SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /** Fan-in and fan-out of a weight tensor of rank >= 2. */
    public record Fans(int fanIn, int fanOut) {}

    /**
     * PyTorch's {@code calculate_gain}: 1 for linear/conv/sigmoid, 5/3 for tanh, sqrt(2) for relu,
     * {@code sqrt(2 / (1 + slope^2))} for leaky_relu ({@code param} = negative slope, NaN = default
     * 0.01), 3/4 for selu.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case SELU -> 3.0 / 4.0;
        };
    }

    /** {@link #calculateGain(Nonlinearity, double)} with the default parameter. */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    /** Fan-in and fan-out; see the class comment. */
    public static Fans fans(Tensor t) {
        int[] s = t.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("fans: fan in and fan out cannot be computed for a tensor with fewer than 2 dims, got shape "
                    + Shape.format(s));
        }
        int receptive = 1;
        for (int i = 2; i < s.length; i++) receptive *= s[i];
        return new Fans(s[1] * receptive, s[0] * receptive);
    }

    private static int fan(Tensor t, FanMode mode) {
        Fans f = fans(t);
        return mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
    }

    // ------------------------------------------------------------------ basic fills

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    public static Tensor constant_(Tensor t, double value) {
        try (var scope = GradMode.noGrad()) {
            return t.fill_((float) value);
        }
    }

    /** Values from {@code U(low, high)}. */
    public static Tensor uniform_(Tensor t, double low, double high, Generator gen) {
        if (!(low <= high)) throw new IllegalArgumentException("uniform_: low " + low + " must be <= high " + high);
        float lo = (float) low, width = (float) high - (float) low; // as Tensor.uniform: same values
        return fill(t, () -> lo + width * gen.nextFloat());
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor uniform_(Tensor t, double low, double high) {
        return uniform_(t, low, high, Generator.defaultGenerator());
    }

    /** Values from {@code N(mean, std^2)}. */
    public static Tensor normal_(Tensor t, double mean, double std, Generator gen) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal_: std must be >= 0, got " + std);
        return fill(t, () -> (float) (mean + std * gen.nextGaussian()));
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor normal_(Tensor t, double mean, double std) {
        return normal_(t, mean, std, Generator.defaultGenerator());
    }

    /**
     * Values from {@code N(mean, std^2)} restricted to {@code [a, b]} (redrawn until inside, as the
     * rejection form of {@code trunc_normal_}).
     */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b, Generator gen) {
        if (!(std > 0) || !(a < b) || b < mean - 6 * std || a > mean + 6 * std) {
            throw new IllegalArgumentException("truncNormal_: need std > 0 and [a, b] overlapping mean +- 6 std, got mean=" + mean
                    + ", std=" + std + ", a=" + a + ", b=" + b);
        }
        return fill(t, () -> {
            double x;
            do {
                x = mean + std * gen.nextGaussian();
            } while (x < a || x > b);
            return (float) x;
        });
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor truncNormal_(Tensor t, double mean, double std, double a, double b) {
        return truncNormal_(t, mean, std, a, b, Generator.defaultGenerator());
    }

    // ------------------------------------------------------------------ variance scaling

    /** Glorot uniform: {@code U(-a, a)}, {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform_(Tensor t, double gain, Generator gen) {
        Fans f = fans(t);
        if (f.fanIn() + f.fanOut() == 0) return t;
        double a = gain * Math.sqrt(6.0 / (f.fanIn() + f.fanOut()));
        return uniform_(t, -a, a, gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor xavierUniform_(Tensor t, double gain) {
        return xavierUniform_(t, gain, Generator.defaultGenerator());
    }

    /** {@code gain = 1}, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor xavierUniform_(Tensor t) {
        return xavierUniform_(t, 1.0);
    }

    /** Glorot normal: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal_(Tensor t, double gain, Generator gen) {
        Fans f = fans(t);
        if (f.fanIn() + f.fanOut() == 0) return t;
        return normal_(t, 0, gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut())), gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor xavierNormal_(Tensor t, double gain) {
        return xavierNormal_(t, gain, Generator.defaultGenerator());
    }

    /** {@code gain = 1}, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor xavierNormal_(Tensor t) {
        return xavierNormal_(t, 1.0);
    }

    /**
     * He uniform: {@code U(-bound, bound)}, {@code bound = gain * sqrt(3 / fan)} with
     * {@code gain = calculateGain(nonlinearity, a)}. PyTorch's defaults are {@code a = 0},
     * {@code FAN_IN}, {@code LEAKY_RELU}.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        int fan = fan(t, mode);
        if (fan == 0) return t; // PyTorch: "Initializing zero-element tensors is a no-op"
        double bound = calculateGain(nonlinearity, a) * Math.sqrt(3.0 / fan);
        return uniform_(t, -bound, bound, gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform_(t, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /** He uniform for ReLU layers: {@code U(-sqrt(6 / fanIn), sqrt(6 / fanIn))}. */
    public static Tensor kaimingUniform_(Tensor t, Generator gen) {
        return kaimingUniform_(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor kaimingUniform_(Tensor t) {
        return kaimingUniform_(t, Generator.defaultGenerator());
    }

    /** He normal: {@code N(0, std^2)}, {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Generator gen) {
        int fan = fan(t, mode);
        if (fan == 0) return t;
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan), gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal_(t, a, mode, nonlinearity, Generator.defaultGenerator());
    }

    /** He normal for ReLU layers: {@code N(0, 2 / fanIn)}. */
    public static Tensor kaimingNormal_(Tensor t, Generator gen) {
        return kaimingNormal_(t, 0, FanMode.FAN_IN, Nonlinearity.RELU, gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor kaimingNormal_(Tensor t) {
        return kaimingNormal_(t, Generator.defaultGenerator());
    }

    /**
     * LeCun normal: {@code N(0, 1 / fanIn)} (plain normal; Keras' {@code lecun_normal} draws from a
     * truncated normal with a corrected std instead, which has the same variance).
     */
    public static Tensor lecunNormal_(Tensor t, Generator gen) {
        if (fans(t).fanIn() == 0) return t;
        return normal_(t, 0, Math.sqrt(1.0 / fans(t).fanIn()), gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor lecunNormal_(Tensor t) {
        return lecunNormal_(t, Generator.defaultGenerator());
    }

    /** LeCun uniform: {@code U(-sqrt(3 / fanIn), sqrt(3 / fanIn))} (variance {@code 1 / fanIn}). */
    public static Tensor lecunUniform_(Tensor t, Generator gen) {
        if (fans(t).fanIn() == 0) return t;
        double limit = Math.sqrt(3.0 / fans(t).fanIn());
        return uniform_(t, -limit, limit, gen);
    }

    /** As above, drawing from {@link Generator#defaultGenerator()}. */
    public static Tensor lecunUniform_(Tensor t) {
        return lecunUniform_(t, Generator.defaultGenerator());
    }

    /** A source of values drawn in C order. */
    @FunctionalInterface
    private interface Draw {
        float next();
    }

    /**
     * Writes drawn values into {@code t} in C order, straight into its storage when it is
     * contiguous (every parameter a module creates), so a 100M-element weight needs no temporary.
     */
    private static Tensor fill(Tensor t, Draw draw) {
        if (t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("init: expected a float32 tensor, got " + t.dtype() + " of shape "
                    + Shape.format(t.shape()));
        }
        if (t.isContiguous()) {
            float[] s = t.storage();
            for (int i = t.offset(), end = t.offset() + t.numel(); i < end; i++) s[i] = draw.next();
            return t;
        }
        float[] v = new float[t.numel()];
        for (int i = 0; i < v.length; i++) v[i] = draw.next();
        try (var scope = GradMode.noGrad()) {
            return t.copy_(Tensor.wrap(v, t.shape()));
        }
    }
}
