package dev.arabica.core.simd;

import static dev.arabica.core.simd.FloatMath.*;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorProvider} on the incubating Vector API, with the float species of
 * {@link PanamaSpecies} (the CPU's preferred width, or {@code -Darabica.simd.bits}).
 * Loaded only through {@link VectorProviders}, reflectively, when {@code jdk.incubator.vector} is in
 * the boot layer.
 *
 * <p>Each loop runs whole vectors up to {@code loopBound} and finishes with a scalar tail that
 * computes exactly what a lane would: plain float arithmetic for the exact ops and the
 * {@link FloatMath} twins for exp, log, tanh and sigmoid. Transcendentals are our own polynomials:
 * the Vector API's lane-wise {@code EXP}/{@code TANH}/{@code LOG} measured 8-18 ns per element on
 * JDK 25 (no SVML stub used on this AVX2 machine), slower than scalar {@code Math.exp}.
 *
 * <p>Float sums never use {@code reduceLanes(ADD)}: its order differs between the interpreter and
 * C2 (measured: different results for the same input before and after warm-up). The reductions add
 * the lanes in index order instead (see sumLanes below).
 */
final class PanamaVectorProvider implements VectorProvider {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int BLOCK = ScalarVectorProvider.BLOCK;

    private final GemmMicroKernel gemmKernel;

    PanamaVectorProvider() {
        if (L < 4) {
            // A 64-bit "preferred" species means no usable vector unit; scalar code is faster then.
            throw new UnsupportedOperationException("preferred float vector has only " + L + " lanes");
        }
        gemmKernel = PanamaGemmKernels.forSpecies();
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public int floatLanes() {
        return L;
    }

    private static FloatVector load(float[] a, int off) {
        return FloatVector.fromArray(S, a, off);
    }

    private static FloatVector splat(float v) {
        return FloatVector.broadcast(S, v);
    }

    /*
     * sumLanes: the lanes of a vector added in index order, deterministic in every execution mode.
     * Written out at each use, not as a method: C2 did not inline a 27-byte sumLanes(FloatVector)
     * ("callee uses too much stack"), so every reduction boxed its accumulator into a heap object.
     */

    // ---------------------------------------------------------------- reductions

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(bOff, n, b.length);
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            total += dotBlock(a, aOff + start, b, bOff + start, Math.min(BLOCK, n - start));
        }
        return (float) total;
    }

    private static float dotBlock(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = load(a, aOff + i).fma(load(b, bOff + i), s0);
            s1 = load(a, aOff + i + L).fma(load(b, bOff + i + L), s1);
            s2 = load(a, aOff + i + 2 * L).fma(load(b, bOff + i + 2 * L), s2);
            s3 = load(a, aOff + i + 3 * L).fma(load(b, bOff + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) s0 = load(a, aOff + i).fma(load(b, bOff + i), s0);
        FloatVector lanes = s0.add(s1).add(s2.add(s3));
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes.lane(l); // the lanes in index order (see sumLanes)
        for (; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
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
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = s0.add(load(a, off + i));
            s1 = s1.add(load(a, off + i + L));
            s2 = s2.add(load(a, off + i + 2 * L));
            s3 = s3.add(load(a, off + i + 3 * L));
        }
        for (; i <= n - L; i += L) s0 = s0.add(load(a, off + i));
        FloatVector lanes = s0.add(s1).add(s2.add(s3));
        float s = 0f;
        for (int l = 0; l < L; l++) s += lanes.lane(l); // the lanes in index order (see sumLanes)
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    @Override
    public float max(float[] a, int off, int n) {
        Objects.checkFromIndexSize(off, n, a.length);
        FloatVector m0 = splat(Float.NEGATIVE_INFINITY), m1 = m0;
        int i = 0;
        for (; i <= n - 2 * L; i += 2 * L) {
            m0 = m0.max(load(a, off + i));
            m1 = m1.max(load(a, off + i + L));
        }
        for (; i <= n - L; i += L) m0 = m0.max(load(a, off + i));
        // MAX is order-independent (Math.max semantics), so reduceLanes is safe here.
        float m = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) m = Math.max(m, a[off + i]);
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
            FloatVector acc = FloatVector.zero(S);
            int i = 0;
            for (; i <= len - L; i += L) {
                FloatVector e = exp(load(a, ai + i).sub(shift));
                e.intoArray(c, ci + i);
                acc = acc.add(e);
            }
            float s = 0f;
            for (int l = 0; l < L; l++) s += acc.lane(l); // the lanes in index order (see sumLanes)
            for (; i < len; i++) {
                float e = FloatMath.exp(a[ai + i] - shift);
                c[ci + i] = e;
                s += e;
            }
            total += s;
        }
        return (float) total;
    }

    @Override
    public void fill(float[] a, int off, int n, float value) {
        Objects.checkFromIndexSize(off, n, a.length);
        Arrays.fill(a, off, off + n, value);
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        Objects.checkFromIndexSize(yOff, n, y.length);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            load(x, xOff + i).mul(alpha).add(load(y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /**
     * The vector part of a binary op over {@code [0, bound)} (a multiple of the lane count); returns
     * where it stopped. One loop per op, called through {@link #BINARY}: the call site sees many
     * receiver classes, so C2 does not inline the loops into the dispatcher and compiles each on its
     * own budget (a dispatcher holding all loops inline exceeded it and ran the vector code boxed,
     * 50-200x slower, measured).
     */
    @FunctionalInterface
    private interface BinaryLoop {
        int run(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q);
    }

    private static final BinaryLoop[] BINARY = new BinaryLoop[BinaryOp.values().length];

    static {
        BINARY[BinaryOp.ADD.ordinal()] = PanamaVectorProvider::addLoop;
        BINARY[BinaryOp.SUB.ordinal()] = PanamaVectorProvider::subLoop;
        BINARY[BinaryOp.MUL.ordinal()] = PanamaVectorProvider::mulLoop;
        BINARY[BinaryOp.DIV.ordinal()] = PanamaVectorProvider::divLoop;
        BINARY[BinaryOp.MAX.ordinal()] = PanamaVectorProvider::maxLoop;
        BINARY[BinaryOp.MIN.ordinal()] = PanamaVectorProvider::minLoop;
        BINARY[BinaryOp.RELU_GRAD.ordinal()] = PanamaVectorProvider::reluGradLoop;
        BINARY[BinaryOp.SIGMOID_GRAD.ordinal()] = PanamaVectorProvider::sigmoidGradLoop;
        BINARY[BinaryOp.TANH_GRAD.ordinal()] = PanamaVectorProvider::tanhGradLoop;
        BINARY[BinaryOp.LEAKY_RELU_GRAD.ordinal()] = PanamaVectorProvider::leakyReluGradLoop;
        BINARY[BinaryOp.CLAMP_GRAD.ordinal()] = PanamaVectorProvider::clampGradLoop;
        BINARY[BinaryOp.EQ.ordinal()] = (a, ao, b, bo, c, co, bound, p, q) -> compareLoop(VectorOperators.EQ, a, ao, b, bo, c, co, bound);
        BINARY[BinaryOp.GT.ordinal()] = (a, ao, b, bo, c, co, bound, p, q) -> compareLoop(VectorOperators.GT, a, ao, b, bo, c, co, bound);
        BINARY[BinaryOp.LT.ordinal()] = (a, ao, b, bo, c, co, bound, p, q) -> compareLoop(VectorOperators.LT, a, ao, b, bo, c, co, bound);
        BINARY[BinaryOp.GE.ordinal()] = (a, ao, b, bo, c, co, bound, p, q) -> compareLoop(VectorOperators.GE, a, ao, b, bo, c, co, bound);
        BINARY[BinaryOp.LE.ordinal()] = (a, ao, b, bo, c, co, bound, p, q) -> compareLoop(VectorOperators.LE, a, ao, b, bo, c, co, bound);
        // ELU, softplus and GELU gradients: the double-precision reference per element (no entry).
    }

    @Override
    public void binary(BinaryOp op, float p, float q, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(bOff, n, b.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        BinaryLoop loop = BINARY[op.ordinal()];
        int i = loop == null ? 0 : loop.run(a, aOff, b, bOff, c, cOff, S.loopBound(n), p, q);
        for (; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], b[bOff + i], p, q);
    }

    private static int addLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).add(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static int subLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).sub(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static int mulLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).mul(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static int divLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).div(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static int maxLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).max(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static int minLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        int i = 0;
        for (; i < bound; i += L) load(a, aOff + i).min(load(b, bOff + i)).intoArray(c, cOff + i);
        return i;
    }

    private static VectorOperators.Comparison comparison(BinaryOp op) {
        return switch (op) {
            case EQ -> VectorOperators.EQ;
            case GT -> VectorOperators.GT;
            case LT -> VectorOperators.LT;
            case GE -> VectorOperators.GE;
            case LE -> VectorOperators.LE;
            default -> throw new IllegalArgumentException(op + " is not a comparison");
        };
    }

    private static int compareLoop(VectorOperators.Comparison cmp, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound) {
        FloatVector zero = FloatVector.zero(S), one = splat(1f);
        int i = 0;
        for (; i < bound; i += L) {
            zero.blend(one, load(a, aOff + i).compare(cmp, load(b, bOff + i))).intoArray(c, cOff + i);
        }
        return i;
    }

    private static int leakyReluGradLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float slope, float unused) {
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = load(a, aOff + i);
            g.mul(slope).blend(g, load(b, bOff + i).compare(VectorOperators.GT, 0f)).intoArray(c, cOff + i);
        }
        return i;
    }

    private static int clampGradLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float lo, float hi) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x = load(b, bOff + i);
            VectorMask<Float> inside = x.compare(VectorOperators.GE, lo).and(x.compare(VectorOperators.LE, hi));
            zero.blend(load(a, aOff + i), inside).intoArray(c, cOff + i);
        }
        return i;
    }

    private static int reluGradLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i < bound; i += L) {
            zero.blend(load(a, aOff + i), load(b, bOff + i).compare(VectorOperators.GT, 0f)).intoArray(c, cOff + i);
        }
        return i;
    }

    private static int sigmoidGradLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        FloatVector one = splat(1f);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector y = load(b, bOff + i);
            load(a, aOff + i).mul(y).mul(one.sub(y)).intoArray(c, cOff + i);
        }
        return i;
    }

    private static int tanhGradLoop(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int bound, float p, float q) {
        FloatVector one = splat(1f);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector y = load(b, bOff + i);
            load(a, aOff + i).mul(one.sub(y.mul(y))).intoArray(c, cOff + i);
        }
        return i;
    }

    @Override
    public void binaryScalar(BinaryOp op, float[] a, int aOff, float b, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        int bound = S.loopBound(n);
        int i = 0;
        switch (op) {
            case ADD -> { for (; i < bound; i += L) load(a, aOff + i).add(b).intoArray(c, cOff + i); }
            case SUB -> { for (; i < bound; i += L) load(a, aOff + i).sub(b).intoArray(c, cOff + i); }
            case MUL -> { for (; i < bound; i += L) load(a, aOff + i).mul(b).intoArray(c, cOff + i); }
            case DIV -> { for (; i < bound; i += L) load(a, aOff + i).div(b).intoArray(c, cOff + i); }
            case MAX -> { for (; i < bound; i += L) load(a, aOff + i).max(b).intoArray(c, cOff + i); }
            case MIN -> { for (; i < bound; i += L) load(a, aOff + i).min(b).intoArray(c, cOff + i); }
            case EQ, GT, LT, GE, LE -> {
                VectorOperators.Comparison cmp = comparison(op);
                FloatVector zero = FloatVector.zero(S), one = splat(1f);
                for (; i < bound; i += L) zero.blend(one, load(a, aOff + i).compare(cmp, b)).intoArray(c, cOff + i);
            }
            default -> { }
        }
        for (; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], b);
    }

    @Override
    public void scalarBinary(BinaryOp op, float a, float[] b, int bOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(bOff, n, b.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        int bound = S.loopBound(n);
        int i = 0;
        FloatVector av = splat(a);
        switch (op) {
            case ADD -> { for (; i < bound; i += L) av.add(load(b, bOff + i)).intoArray(c, cOff + i); }
            case SUB -> { for (; i < bound; i += L) av.sub(load(b, bOff + i)).intoArray(c, cOff + i); }
            case MUL -> { for (; i < bound; i += L) av.mul(load(b, bOff + i)).intoArray(c, cOff + i); }
            case DIV -> { for (; i < bound; i += L) av.div(load(b, bOff + i)).intoArray(c, cOff + i); }
            case MAX -> { for (; i < bound; i += L) av.max(load(b, bOff + i)).intoArray(c, cOff + i); }
            case MIN -> { for (; i < bound; i += L) av.min(load(b, bOff + i)).intoArray(c, cOff + i); }
            default -> { }
        }
        for (; i < n; i++) c[cOff + i] = op.apply(a, b[bOff + i]);
    }

    @Override
    public void scale(float s, float[] a, int aOff, float[] c, int cOff, int n) {
        binaryScalar(BinaryOp.MUL, a, aOff, s, c, cOff, n);
    }

    /** A whole unary loop (vector part and scalar tail), called through {@link #UNARY} like {@link BinaryLoop}. */
    @FunctionalInterface
    private interface UnaryLoop {
        void run(float[] a, int aOff, float[] c, int cOff, int n, float p, float q);
    }

    private static final UnaryLoop[] UNARY = new UnaryLoop[UnaryOp.values().length];

    static {
        UNARY[UnaryOp.EXP.ordinal()] = (a, ao, c, co, n, p, q) -> expLoop(a, ao, c, co, n);
        UNARY[UnaryOp.LOG.ordinal()] = (a, ao, c, co, n, p, q) -> logLoop(a, ao, c, co, n);
        UNARY[UnaryOp.TANH.ordinal()] = (a, ao, c, co, n, p, q) -> tanhLoop(a, ao, c, co, n);
        UNARY[UnaryOp.SIGMOID.ordinal()] = (a, ao, c, co, n, p, q) -> sigmoidLoop(a, ao, c, co, n);
        UNARY[UnaryOp.SQRT.ordinal()] = (a, ao, c, co, n, p, q) -> sqrtLoop(a, ao, c, co, n);
        UNARY[UnaryOp.RELU.ordinal()] = (a, ao, c, co, n, p, q) -> reluLoop(a, ao, c, co, n);
        UNARY[UnaryOp.NEG.ordinal()] = (a, ao, c, co, n, p, q) -> negLoop(a, ao, c, co, n);
        UNARY[UnaryOp.ABS.ordinal()] = (a, ao, c, co, n, p, q) -> absLoop(a, ao, c, co, n);
        UNARY[UnaryOp.CLAMP.ordinal()] = PanamaVectorProvider::clampLoop;
        UNARY[UnaryOp.LEAKY_RELU.ordinal()] = (a, ao, c, co, n, p, q) -> leakyReluLoop(a, ao, c, co, n, p);
        // SCALE, ADD_SCALAR, RSUB_SCALAR, RDIV_SCALAR and POW_SCALAR(2) go through the binary loops;
        // SIGN, ELU, SOFTPLUS, GELU, GELU_TANH: the double-precision reference per element.
    }

    @Override
    public void unary(UnaryOp op, float p, float q, float[] a, int aOff, float[] c, int cOff, int n) {
        Objects.checkFromIndexSize(aOff, n, a.length);
        Objects.checkFromIndexSize(cOff, n, c.length);
        UnaryLoop loop = UNARY[op.ordinal()];
        if (loop != null) {
            loop.run(a, aOff, c, cOff, n, p, q);
            return;
        }
        switch (op) {
            case SCALE -> binaryScalar(BinaryOp.MUL, a, aOff, p, c, cOff, n);
            case ADD_SCALAR -> binaryScalar(BinaryOp.ADD, a, aOff, p, c, cOff, n);
            case RSUB_SCALAR -> scalarBinary(BinaryOp.SUB, p, a, aOff, c, cOff, n);
            case RDIV_SCALAR -> scalarBinary(BinaryOp.DIV, p, a, aOff, c, cOff, n);
            case POW_SCALAR -> {
                if (p == 2f) binary(BinaryOp.MUL, a, aOff, a, aOff, c, cOff, n);
                else referenceLoop(op, p, q, a, aOff, c, cOff, n);
            }
            default -> referenceLoop(op, p, q, a, aOff, c, cOff, n);
        }
    }

    private static void referenceLoop(UnaryOp op, float p, float q, float[] a, int aOff, float[] c, int cOff, int n) {
        for (int i = 0; i < n; i++) c[cOff + i] = op.apply(a[aOff + i], p, q);
    }

    private static void clampLoop(float[] a, int aOff, float[] c, int cOff, int n, float lo, float hi) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) load(a, aOff + i).max(lo).min(hi).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = Math.min(Math.max(a[aOff + i], lo), hi);
    }

    private static void leakyReluLoop(float[] a, int aOff, float[] c, int cOff, int n, float slope) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector x = load(a, aOff + i);
            x.mul(slope).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(c, cOff + i);
        }
        for (; i < n; i++) c[cOff + i] = UnaryOp.LEAKY_RELU.apply(a[aOff + i], slope, 0f);
    }

    private static void expLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) exp(load(a, aOff + i)).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = FloatMath.exp(a[aOff + i]);
    }

    private static void logLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) log(load(a, aOff + i)).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = FloatMath.log(a[aOff + i]);
    }

    private static void tanhLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) tanh(load(a, aOff + i)).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = FloatMath.tanh(a[aOff + i]);
    }

    private static void sigmoidLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) sigmoid(load(a, aOff + i)).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = FloatMath.sigmoid(a[aOff + i]);
    }

    private static void sqrtLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) load(a, aOff + i).sqrt().intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = (float) Math.sqrt(a[aOff + i]);
    }

    private static void reluLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) load(a, aOff + i).max(0f).intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = Math.max(a[aOff + i], 0f);
    }

    private static void negLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) load(a, aOff + i).neg().intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = -a[aOff + i];
    }

    private static void absLoop(float[] a, int aOff, float[] c, int cOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) load(a, aOff + i).abs().intoArray(c, cOff + i);
        for (; i < n; i++) c[cOff + i] = Math.abs(a[aOff + i]);
    }

    @Override
    public Optional<GemmMicroKernel> gemmMicroKernel() {
        return Optional.of(gemmKernel);
    }

    // ---------------------------------------------------------------- vector twins of FloatMath

    // tanh inlines exp and then its own tail: with a broadcast inlined for every scalar operand, C2 hit
    // its inlining node budget there (NodeCountInliningCutoff: helpers such as splat stayed calls,
    // vectors were boxed and tanh ran at 40 ns per element instead of under 1, measured on JDK 25).
    // The tail therefore takes its constants as vectors, built once.
    private static final FloatVector V_ONE = splat(1f);
    private static final FloatVector V_TWO = splat(2f);
    private static final FloatVector V_TANH_SMALL = splat(TANH_SMALL);
    private static final IntVector V_SIGN_BIT = IntVector.broadcast(S.vectorShape().withLanes(int.class), SIGN_BIT);

    private static FloatVector exp(FloatVector x) {
        FloatVector z = x.fma(LOG2E, ROUND_MAGIC);
        FloatVector n = z.sub(ROUND_MAGIC);
        FloatVector r = n.fma(splat(-LN2_HI), x);
        r = n.fma(splat(-LN2_LO), r);
        FloatVector p = r.fma(EXP_P4, EXP_P3);
        p = p.fma(r, splat(EXP_P2));
        p = p.fma(r, splat(EXP_P1));
        p = p.fma(r, splat(EXP_P0));
        FloatVector e = p.fma(r.mul(r), r).add(1f);
        IntVector ni = z.reinterpretAsInts().sub(ROUND_MAGIC_BITS);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
        IntVector n2 = ni.sub(n1);
        FloatVector s1 = n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector y = e.mul(s1).mul(s2);
        y = y.blend(splat(Float.POSITIVE_INFINITY), x.compare(VectorOperators.GT, EXP_OVERFLOW));
        return y.blend(FloatVector.zero(S), x.compare(VectorOperators.LT, EXP_UNDERFLOW));
    }

    private static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = ax.mul(ax);
        FloatVector p = z.fma(TANH_P4, TANH_P3);
        p = p.fma(z, splat(TANH_P2));
        p = p.fma(z, splat(TANH_P1));
        p = p.fma(z, splat(TANH_P0));
        FloatVector small = p.fma(ax.mul(z), ax);
        FloatVector e = exp(ax.mul(V_TWO));
        FloatVector large = V_ONE.sub(V_TWO.div(e.add(V_ONE)));
        FloatVector t = large.blend(small, ax.compare(VectorOperators.LT, V_TANH_SMALL));
        IntVector sign = x.reinterpretAsInts().and(V_SIGN_BIT);
        return t.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    private static FloatVector sigmoid(FloatVector x) {
        return splat(1f).div(exp(x.neg()).add(1f));
    }

    private static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(TWO_POW_23), subnormal);
        IntVector bits = xs.reinterpretAsInts();
        FloatVector e = ((FloatVector) bits.lanewise(VectorOperators.ASHR, 23)
                .convert(VectorOperators.I2F, 0)).sub(127f);
        e = e.blend(e.sub(23f), subnormal);
        FloatVector m = bits.and(MANTISSA_MASK).or(ONE_BITS).reinterpretAsFloats();
        VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
        m = m.blend(m.mul(0.5f), big);
        e = e.blend(e.add(1f), big);
        FloatVector f = m.sub(1f);
        FloatVector p = f.fma(LOG_P7, LOG_P6);
        p = p.fma(f, splat(LOG_P5));
        p = p.fma(f, splat(LOG_P4));
        p = p.fma(f, splat(LOG_P3));
        p = p.fma(f, splat(LOG_P2));
        p = p.fma(f, splat(LOG_P1));
        p = p.fma(f, splat(LOG_P0));
        FloatVector f2 = f.mul(f);
        FloatVector y = f.add(p.fma(f2.mul(f), f2.mul(-0.5f)));
        FloatVector res = e.fma(splat(LN2_HI), e.fma(splat(LN2_LO), y));
        res = res.blend(splat(Float.NaN), x.compare(VectorOperators.LT, 0f));
        res = res.blend(splat(Float.NEGATIVE_INFINITY), x.compare(VectorOperators.EQ, 0f));
        res = res.blend(splat(Float.POSITIVE_INFINITY), x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        return res.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
