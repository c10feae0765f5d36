package dev.arabica.core.simd;

import java.util.Optional;

/**
 * Kernels on spans of {@code float[]}: a span is an array, an offset and a length {@code n}.
 *
 * <p>Outputs may be the same array <em>at the same offset</em> as an input (in-place update); any
 * other overlap of an output with an input gives unspecified results. Spans are bounds-checked
 * before any element is written ({@link IndexOutOfBoundsException}); {@code n == 0} is a no-op.
 *
 * <p>Element-wise results are independent of where an element sits in the span, so a span can be
 * split into pieces (for threads) without changing any bit. Reductions ({@link #sum}, {@link #dot},
 * {@link #expShiftSum}) use several accumulators and blocks; their rounding differs between
 * providers but is deterministic for a given provider and span length.
 *
 * <p>Obtain the best available implementation with {@link VectorProviders#get()}.
 */
public interface VectorProvider {

    /** A short name for logs, e.g. {@code "panama"} or {@code "scalar"}. */
    String name();

    /** Floats per hardware vector this provider uses (1 for the scalar provider). */
    int floatLanes();

    /** {@code sum_i a[aOff+i] * b[bOff+i]}, accumulated in blocks (accurate for long spans). */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} (a multiply then an add, not fused). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code c[cOff+i] = op(a[aOff+i], b[bOff+i])} for an op without parameters. */
    default void binary(BinaryOp op, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        binary(op, 0f, 0f, a, aOff, b, bOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = op(a[aOff+i], b[bOff+i]; p, q)}, bitwise as {@link BinaryOp#apply(float, float, float, float)}. */
    void binary(BinaryOp op, float p, float q, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n);

    /** {@code c[cOff+i] = op(a[aOff+i], b)} (scalar right operand). */
    void binaryScalar(BinaryOp op, float[] a, int aOff, float b, float[] c, int cOff, int n);

    /** {@code c[cOff+i] = op(a, b[bOff+i])} (scalar left operand, e.g. {@code 1 - x}, {@code 1 / x}). */
    void scalarBinary(BinaryOp op, float a, float[] b, int bOff, float[] c, int cOff, int n);

    /** {@code c[cOff+i] = op(a[aOff+i])} for an op without parameters; see {@link UnaryOp} for accuracy and limits. */
    default void unary(UnaryOp op, float[] a, int aOff, float[] c, int cOff, int n) {
        unary(op, 0f, 0f, a, aOff, c, cOff, n);
    }

    /** {@code c[cOff+i] = op(a[aOff+i]; p, q)}; see {@link UnaryOp} for accuracy and limits. */
    void unary(UnaryOp op, float p, float q, float[] a, int aOff, float[] c, int cOff, int n);

    /** {@code c[cOff+i] = s * a[aOff+i]}. */
    void scale(float s, float[] a, int aOff, float[] c, int cOff, int n);

    /**
     * {@code sum_i a[off+i]}: several accumulators over blocks of at most a few thousand elements,
     * blocks summed in double, so the error does not grow with {@code n} (relative error about
     * {@code 1e-7} for a million uniform values). Returns 0 for {@code n == 0}.
     */
    float sum(float[] a, int off, int n);

    /** Largest element ({@link Math#max(float, float)} semantics: NaN wins); {@code -Inf} if {@code n == 0}. */
    float max(float[] a, int off, int n);

    /**
     * Softmax helper: {@code c[cOff+i] = exp(a[aOff+i] - shift)} and returns the sum of the written
     * values (accumulated like {@link #sum}).
     */
    float expShiftSum(float[] a, int aOff, float[] c, int cOff, int n, float shift);

    /** {@code a[off+i] = value}. */
    void fill(float[] a, int off, int n, float value);

    /**
     * The register-blocked GEMM micro-kernel for {@link dev.arabica.core.kernels.Gemm}, if this
     * provider has one; empty means the GEMM uses its plain-Java path.
     */
    Optional<GemmMicroKernel> gemmMicroKernel();
}
