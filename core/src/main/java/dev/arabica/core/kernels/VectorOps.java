package dev.arabica.core.kernels;

import dev.arabica.core.simd.BinaryOp;
import dev.arabica.core.simd.UnaryOp;
import dev.arabica.core.simd.VectorProvider;
import dev.arabica.core.simd.VectorProviders;

/**
 * Vectorized loops over array ranges, for ops written in any module: the public face of the SIMD
 * provider ({@link VectorProviders#get()}: the Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise).
 *
 * <p>A range is an array, an offset and a length {@code n}. An output range may be the same array
 * at the same offset as an input (an in-place update); any other overlap gives unspecified results.
 * Ranges are bounds-checked before anything is written ({@link IndexOutOfBoundsException});
 * {@code n == 0} does nothing.
 *
 * <p>Element-wise results do not depend on where an element sits in its range, so a range may be
 * cut into pieces for threads ({@link Parallel#forRange}) without changing a bit. The reductions
 * ({@link #dot}, {@link #sum}, {@link #expShiftSum}) accumulate over fixed blocks and are
 * deterministic for a given length; cut a long range at fixed block boundaries (not per thread) if
 * their result must not depend on the thread count.
 */
public final class VectorOps {
    private VectorOps() {}

    private static final VectorProvider VP = VectorProviders.get();

    /** Floats per vector register in use (1 for the scalar provider); see {@code -Darabica.simd.bits}. */
    public static int lanes() {
        return VP.floatLanes();
    }

    // ---------------------------------------------------------------- reductions

    /** {@code sum_i a[aOff+i] * b[bOff+i]}. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return VP.dot(a, aOff, b, bOff, n);
    }

    /** {@code sum_i x[off+i]} (blocks summed in double: the error does not grow with {@code n}). */
    public static float sum(float[] x, int off, int n) {
        return VP.sum(x, off, n);
    }

    /** The largest of {@code x[off..off+n)} (NaN wins); {@code -Infinity} for {@code n == 0}. */
    public static float max(float[] x, int off, int n) {
        return VP.max(x, off, n);
    }

    /**
     * {@code y[yOff+i] = exp(x[xOff+i] - shift)}, returning the sum of the values written: the middle
     * pass of a softmax.
     */
    public static float expShiftSum(float[] x, int xOff, float[] y, int yOff, int n, float shift) {
        return VP.expShiftSum(x, xOff, y, yOff, n, shift);
    }

    // ---------------------------------------------------------------- element-wise, two operands

    /** {@code y[yOff+i] += alpha * x[xOff+i]}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        VP.axpy(alpha, x, xOff, y, yOff, n);
    }

    /** {@code c[cOff+i] = a[aOff+i] + b[bOff+i]}. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        VP.binary(BinaryOp.ADD, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = a[aOff+i] - b[bOff+i]}. */
    public static void sub(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        VP.binary(BinaryOp.SUB, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = a[aOff+i] * b[bOff+i]}. */
    public static void mul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        VP.binary(BinaryOp.MUL, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = a[aOff+i] / b[bOff+i]}. */
    public static void div(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        VP.binary(BinaryOp.DIV, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = op(a[aOff+i], b[bOff+i])} for any {@link BinaryOp}. */
    public static void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        VP.binary(op, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = op(a[aOff+i], b)} for any {@link BinaryOp} without parameters (a scalar right operand). */
    public static void binaryScalar(BinaryOp op, float[] a, int aOff, float b, float[] c, int cOff, int n) {
        VP.binaryScalar(op, a, aOff, b, c, cOff, n);
    }

    // ---------------------------------------------------------------- element-wise, one operand

    /** {@code y[yOff+i] = s * x[xOff+i]}. */
    public static void scale(float s, float[] x, int xOff, float[] y, int yOff, int n) {
        VP.scale(s, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = x[xOff+i] + s}. */
    public static void addScalar(float[] x, int xOff, float s, float[] y, int yOff, int n) {
        VP.binaryScalar(BinaryOp.ADD, x, xOff, s, y, yOff, n);
    }

    /** {@code y[yOff+i] = exp(x[xOff+i])}. */
    public static void exp(float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(UnaryOp.EXP, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = log(x[xOff+i])}. */
    public static void log(float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(UnaryOp.LOG, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = tanh(x[xOff+i])}. */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(UnaryOp.TANH, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = 1 / (1 + exp(-x[xOff+i]))}. */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(UnaryOp.SIGMOID, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = max(x[xOff+i], 0)}. */
    public static void relu(float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(UnaryOp.RELU, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = op(x[xOff+i])} for any {@link UnaryOp} without parameters. */
    public static void unary(UnaryOp op, float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(op, x, xOff, y, yOff, n);
    }

    /** {@code y[yOff+i] = op(x[xOff+i]; p, q)}, e.g. {@code unary(UnaryOp.CLAMP, lo, hi, ...)}. */
    public static void unary(UnaryOp op, float p, float q, float[] x, int xOff, float[] y, int yOff, int n) {
        VP.unary(op, p, q, x, xOff, y, yOff, n);
    }

    /** {@code x[off+i] = value}. */
    public static void fill(float[] x, int off, int n, float value) {
        VP.fill(x, off, n, value);
    }
}
