package dev.arabica.core.simd;

import java.util.Objects;
import java.util.Optional;

/**
 * Plain-Java {@link VectorProvider}: always available, and the semantic reference for the others
 * (transcendental functions go through {@link Math} in double precision, so they are within half
 * an ulp or so of the exact value).
 *
 * <p>C2 (JDK 25) only auto-vectorizes a loop whose stores provably do not overlap its loads at a
 * different index. With {@code c[cOff+i] = a[aOff+i] + b[bOff+i]} it cannot rule out that
 * {@code c} is {@code a} shifted by a few elements, so the loop stays scalar (about 4x slower). When
 * all offsets are equal (the common contiguous case, and in-place updates) the loops below index
 * every array with the same {@code [i]}, which C2 does vectorize.
 */
public final class ScalarVectorProvider implements VectorProvider {
    /** Elements per block of the blocked reductions; each block's partial sum goes into a double. */
    static final int BLOCK = 1024;

    /** Public so benchmarks and tests can compare against it directly; production code uses {@link VectorProviders#get()}. */
    public ScalarVectorProvider() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int floatLanes() {
        return 1;
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(bOff, n, b.length);
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            total += dotBlock(a, aOff + start, b, bOff + start, len);
        }
        return (float) total;
    }

    private static float dotBlock(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            int ai = aOff + i, bi = bOff + i;
            s0 += a[ai] * b[bi];
            s1 += a[ai + 1] * b[bi + 1];
            s2 += a[ai + 2] * b[bi + 2];
            s3 += a[ai + 3] * b[bi + 3];
            s4 += a[ai + 4] * b[bi + 4];
            s5 += a[ai + 5] * b[bi + 5];
            s6 += a[ai + 6] * b[bi + 6];
            s7 += a[ai + 7] * b[bi + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < n; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        Objects.checkFromIndexSize(yOff, n, y.length);
        if (xOff == yOff) {
            for (int i = yOff, end = yOff + n; i < end; i++) y[i] += alpha * x[i];
        } else {
            for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void binary(BinaryOp op, float p, float q, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(bOff, n, b.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        if (op.ordinal() > BinaryOp.MIN.ordinal()) {
            // Comparisons and gradient helpers: the reference definition per element.
            for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], b[bOff + i], p, q);
            return;
        }
        if (aOff == cOff && bOff == cOff) {
            binarySameOffset(op, a, b, c, cOff, cOff + n);
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] + b[bOff + i]; }
            case SUB -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] - b[bOff + i]; }
            case MUL -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] * b[bOff + i]; }
            case DIV -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] / b[bOff + i]; }
            case MAX -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.max(a[aOff + i], b[bOff + i]); }
            case MIN -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.min(a[aOff + i], b[bOff + i]); }
            default -> { for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], b[bOff + i]); }
        }
    }

    private static void binarySameOffset(BinaryOp op, float[] a, float[] b, float[] c, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) c[i] = a[i] + b[i]; }
            case SUB -> { for (int i = from; i < to; i++) c[i] = a[i] - b[i]; }
            case MUL -> { for (int i = from; i < to; i++) c[i] = a[i] * b[i]; }
            case DIV -> { for (int i = from; i < to; i++) c[i] = a[i] / b[i]; }
            case MAX -> { for (int i = from; i < to; i++) c[i] = Math.max(a[i], b[i]); }
            case MIN -> { for (int i = from; i < to; i++) c[i] = Math.min(a[i], b[i]); }
            default -> { for (int i = from; i < to; i++) c[i] = op.apply(a[i], b[i]); }
        }
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int aOff, float b, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        if (aOff == cOff) {
            int to = cOff + n;
            switch (op) {
                case ADD -> { for (int i = cOff; i < to; i++) c[i] = a[i] + b; }
                case SUB -> { for (int i = cOff; i < to; i++) c[i] = a[i] - b; }
                case MUL -> { for (int i = cOff; i < to; i++) c[i] = a[i] * b; }
                case DIV -> { for (int i = cOff; i < to; i++) c[i] = a[i] / b; }
                case MAX -> { for (int i = cOff; i < to; i++) c[i] = Math.max(a[i], b); }
                case MIN -> { for (int i = cOff; i < to; i++) c[i] = Math.min(a[i], b); }
                default -> { for (int i = cOff; i < to; i++) c[i] = op.apply(a[i], b); }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] + b; }
            case SUB -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] - b; }
            case MUL -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] * b; }
            case DIV -> { for (int i = 0; i < n; i++) c[cOff + i] = a[aOff + i] / b; }
            case MAX -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.max(a[aOff + i], b); }
            case MIN -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.min(a[aOff + i], b); }
            default -> { for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], b); }
        }
    }

    @Override
    public void scalarBinary(BinaryOp op, float a, float[] b, int bOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(bOff, n, b.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        if (bOff == cOff) {
            int to = cOff + n;
            switch (op) {
                case ADD -> { for (int i = cOff; i < to; i++) c[i] = a + b[i]; }
                case SUB -> { for (int i = cOff; i < to; i++) c[i] = a - b[i]; }
                case MUL -> { for (int i = cOff; i < to; i++) c[i] = a * b[i]; }
                case DIV -> { for (int i = cOff; i < to; i++) c[i] = a / b[i]; }
                case MAX -> { for (int i = cOff; i < to; i++) c[i] = Math.max(a, b[i]); }
                case MIN -> { for (int i = cOff; i < to; i++) c[i] = Math.min(a, b[i]); }
                default -> { for (int i = cOff; i < to; i++) c[i] = op.apply(a, b[i]); }
            }
            return;
        }
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) c[cOff + i] = a + b[bOff + i]; }
            case SUB -> { for (int i = 0; i < n; i++) c[cOff + i] = a - b[bOff + i]; }
            case MUL -> { for (int i = 0; i < n; i++) c[cOff + i] = a * b[bOff + i]; }
            case DIV -> { for (int i = 0; i < n; i++) c[cOff + i] = a / b[bOff + i]; }
            case MAX -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.max(a, b[bOff + i]); }
            case MIN -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.min(a, b[bOff + i]); }
            default -> { for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a, b[bOff + i]); }
        }
    }

    @Override
    public void unary(UnaryOp op, float p, float q, float[] a, int aOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        switch (op) {
            case SCALE -> binaryScalar(BinaryOp.MUL, a, aOff, p, c, cOff, n);
            case ADD_SCALAR -> binaryScalar(BinaryOp.ADD, a, aOff, p, c, cOff, n);
            case RSUB_SCALAR -> scalarBinary(BinaryOp.SUB, p, a, aOff, c, cOff, n);
            case RDIV_SCALAR -> scalarBinary(BinaryOp.DIV, p, a, aOff, c, cOff, n);
            case CLAMP -> {
                binaryScalar(BinaryOp.MAX, a, aOff, p, c, cOff, n);
                binaryScalar(BinaryOp.MIN, c, cOff, q, c, cOff, n);
            }
            // Math.exp/log/tanh are not vectorized by C2 anyway, one loop shape is enough.
            case EXP -> { for (int i = 0; i < n; i++) c[cOff + i] = exp(a[aOff + i]); }
            case LOG -> { for (int i = 0; i < n; i++) c[cOff + i] = (float) Math.log(a[aOff + i]); }
            case TANH -> { for (int i = 0; i < n; i++) c[cOff + i] = (float) Math.tanh(a[aOff + i]); }
            case SIGMOID -> { for (int i = 0; i < n; i++) c[cOff + i] = sigmoid(a[aOff + i]); }
            case SQRT, RELU, NEG, ABS -> {
                if (aOff == cOff) unaryExactSameOffset(op, a, c, cOff, cOff + n);
                else unaryExact(op, a, aOff, c, cOff, n);
            }
            default -> { for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], p, q); }
        }
    }

    private static float exp(float x) {
        return UnaryOp.EXP.apply(x);
    }

    private static float sigmoid(float x) {
        return UnaryOp.SIGMOID.apply(x);
    }

    private static void unaryExactSameOffset(UnaryOp op, float[] a, float[] c, int from, int to) {
        switch (op) {
            case SQRT -> { for (int i = from; i < to; i++) c[i] = (float) Math.sqrt(a[i]); }
            case RELU -> { for (int i = from; i < to; i++) c[i] = Math.max(a[i], 0f); }
            case NEG -> { for (int i = from; i < to; i++) c[i] = -a[i]; }
            case ABS -> { for (int i = from; i < to; i++) c[i] = Math.abs(a[i]); }
            default -> throw new AssertionError(op);
        }
    }

    private static void unaryExact(UnaryOp op, float[] a, int aOff, float[] c, int cOff, int n) {
        switch (op) {
            case SQRT -> { for (int i = 0; i < n; i++) c[cOff + i] = (float) Math.sqrt(a[aOff + i]); }
            case RELU -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.max(a[aOff + i], 0f); }
            case NEG -> { for (int i = 0; i < n; i++) c[cOff + i] = -a[aOff + i]; }
            case ABS -> { for (int i = 0; i < n; i++) c[cOff + i] = Math.abs(a[aOff + i]); }
            default -> throw new AssertionError(op);
        }
    }

    @Override
    public void scale(float s, float[] a, int aOff, float[] c, int cOff, int n) {
        binaryScalar(BinaryOp.MUL, a, aOff, s, c, cOff, n);
    }

    @Override
    public float sum(float[] a, int off, int n) {
        Objects.checkFromIndexSize(off, n, a.length);
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            total += sumBlock(a, off + start, Math.min(BLOCK, n - start));
        }
        return (float) total;
    }

    private static float sumBlock(float[] a, int off, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = off, end = off + n;
        for (; i + 8 <= end; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; i < end; i++) s += a[i];
        return s;
    }

    @Override
    public float max(float[] a, int off, int n) {
        Objects.checkFromIndexSize(off, n, a.length);
        float m0 = Float.NEGATIVE_INFINITY, m1 = m0, m2 = m0, m3 = m0;
        int i = off, end = off + n;
        for (; i + 4 <= end; i += 4) {
            m0 = Math.max(m0, a[i]);
            m1 = Math.max(m1, a[i + 1]);
            m2 = Math.max(m2, a[i + 2]);
            m3 = Math.max(m3, a[i + 3]);
        }
        float m = Math.max(Math.max(m0, m1), Math.max(m2, m3));
        for (; i < end; i++) m = Math.max(m, a[i]);
        return m;
    }

    @Override
    public float expShiftSum(float[] a, int aOff, float[] c, int cOff, int n, float shift) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int len = Math.min(BLOCK, n - start);
            int ai = aOff + start, ci = cOff + start;
            for (int i = 0; i < len; i++) c[ci + i] = exp(a[ai + i] - shift);
            total += sumBlock(c, ci, len);
        }
        return (float) total;
    }

    @Override
    public void fill(float[] a, int off, int n, float value) {
        Objects.checkFromIndexSize(off, n, a.length);
        java.util.Arrays.fill(a, off, off + n, value);
    }

    @Override
    public Optional<GemmMicroKernel> gemmMicroKernel() {
        return Optional.empty();
    }
}
