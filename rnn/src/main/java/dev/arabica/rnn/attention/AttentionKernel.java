package dev.arabica.rnn.attention;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Gemm;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.Softmax;
import dev.arabica.core.kernels.VectorOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fused attention core shared by {@link Attention#scaledDotProductAttention} and
 * {@link MultiheadAttention}: for each of {@code N} independent groups (batch x heads),
 *
 * <pre>
 *   P   = softmax(scale * Q K^T + masks)        [L, S]   (rows: queries, columns: keys)
 *   P'  = dropout(P)                            (P' = P when not dropping)
 *   O   = P' V                                  [L, dv]
 * </pre>
 *
 * with {@code Q [L, dk]}, {@code K [S, dk]}, {@code V [S, dv]} read in place from their tensors'
 * storage (row {@code i} of group {@code n} of an operand starts at {@code offsets[n] + i * ld}; the
 * columns are contiguous), so heads are column blocks of a projection and no tensor is copied.
 * Every product is one {@link Gemm#sgemm} call per group; the groups are split over threads in fixed
 * blocks ({@link Parallel#forRange}), so results do not depend on the thread count.
 *
 * <p>Backward, one recorded node for the whole core ({@code c} is a per-row scalar):
 * <pre>
 *   dV  = P'^T dO
 *   dP' = dO V^T (+ the gradient of the returned weights)
 *   dS  = P' * dP' - P * c,   c = sum_s P'[., s] dP'[., s]     (softmax backward; with P' = P: P * (dP - c))
 *   dQ  = scale * dS K,   dK = scale * dS^T Q
 * </pre>
 * The identity {@code P' * dP' = P * (dP' * mask / (1 - p))} lets backward use the saved {@code P}
 * and {@code P'} instead of the dropout mask.
 */
final class AttentionKernel {
    private AttentionKernel() {}

    private static final Logger LOG = LoggerFactory.getLogger(AttentionKernel.class);
    private static final AtomicBoolean WARNED_FULLY_MASKED = new AtomicBoolean();
    private static final Scratch DS = new Scratch();
    private static final Scratch C = new Scratch();
    /** Multiply-adds per block of groups handed to a thread (about 50 us of work). */
    private static final long GRAIN_WORK = 1L << 20;

    /**
     * One of Q, K, V: a float32 tensor (an autograd input, possibly shared by several roles), where
     * group {@code n}'s rows start ({@code readOff[n]}, absolute storage index, row stride
     * {@code ld}), and where its gradient rows go ({@code gradOff[n]}, row stride {@code gradLd}) in
     * a fresh array of {@code gradShape}'s size (C order).
     */
    record Operand(Tensor tensor, int[] readOff, int ld, int[] gradOff, int gradLd, int[] gradShape) {}

    /**
     * A mask read in place: element {@code (l, s)} of group {@code n} at
     * {@code offsets[n] + l * rowStride + s * colStride} of the tensor's storage. An int64 mask
     * forbids the positions where it is nonzero (PyTorch's bool {@code True} = not allowed); a float32
     * mask is added to the scores.
     */
    record MaskOperand(Tensor tensor, int[] offsets, int rowStride, int colStride) {
        boolean isBool() {
            return tensor.dtype() == DType.INT64;
        }
    }

    /** What to compute. {@code headsPerBatch > 0} allows averaging weights over consecutive groups. */
    record Spec(String op, int groups, int queries, int keys, int dk, int dv, float scale,
                Operand q, Operand k, Operand v, List<MaskOperand> masks, boolean causal,
                double dropout, Generator generator,
                int[] outOff, int outLd, int[] outShape,
                WeightsMode weights, int headsPerBatch, int[] weightsShape) {}

    enum WeightsMode { NONE, PER_GROUP, AVERAGED }

    /** Runs the core; returns {output, weights or null}, recorded as one autograd node. */
    static Tensor[] run(Spec s) {
        int n = s.groups(), l = s.queries(), sk = s.keys(), dk = s.dk(), dv = s.dv();
        int block = l * sk;
        float[] p = new float[Math.multiplyExact(n, block)];
        boolean dropping = s.dropout() > 0;
        float[] pd = dropping ? new float[p.length] : p;
        long[] seeds = null;
        if (dropping) {
            // One seed per group, drawn in group order: the masks do not depend on the thread split.
            seeds = new long[n];
            for (int g = 0; g < n; g++) seeds[g] = s.generator().nextLong();
        }
        float[] out = new float[numel(s.outShape())];
        float[] qd = s.q().tensor().storage(), kd = s.k().tensor().storage(), vd = s.v().tensor().storage();
        boolean[] fullyMasked = new boolean[1];
        final long[] groupSeeds = seeds;
        long work = (long) block * (dk + dv) + 1;
        int grain = (int) Math.max(1, Math.min(n, GRAIN_WORK / work));
        // Only masks can make a row fully masked (-inf everywhere): without them skip the check.
        boolean maskable = s.causal() || !s.masks().isEmpty();
        Parallel.forRange(n, grain, (from, to) -> {
            boolean masked = false;
            for (int g = from; g < to; g++) {
                int pOff = g * block;
                Gemm.sgemm(false, true, l, sk, dk, s.scale(), qd, s.q().readOff()[g], s.q().ld(),
                        kd, s.k().readOff()[g], s.k().ld(), 0f, p, pOff, sk);
                for (int i = 0; i < l; i++) {
                    int row = pOff + i * sk;
                    for (MaskOperand m : s.masks()) applyMask(m, g, i, p, row, sk);
                    if (s.causal() && i + 1 < sk) Arrays.fill(p, row + i + 1, row + sk, Float.NEGATIVE_INFINITY);
                    if (maskable && sk > 0 && VectorOps.max(p, row, sk) == Float.NEGATIVE_INFINITY) masked = true;
                    Softmax.row(p, row, p, row, sk, false);
                }
                if (dropping) dropout(p, pd, pOff, block, s.dropout(), groupSeeds[g]);
                Gemm.sgemm(false, false, l, dv, sk, 1f, pd, pOff, sk, vd, s.v().readOff()[g], s.v().ld(),
                        0f, out, s.outOff()[g], s.outLd());
            }
            if (masked) fullyMasked[0] = true; // benign race: any writer sets true
        });
        if (fullyMasked[0] && WARNED_FULLY_MASKED.compareAndSet(false, true)) {
            LOG.warn("{}: a query row has every key masked; as in PyTorch 1.13 its attention weights and output are NaN"
                    + " (warned once per JVM)", s.op());
        }

        Tensor output = Tensor.wrap(out, s.outShape().clone());
        Tensor weights = switch (s.weights()) {
            case NONE -> null;
            case PER_GROUP -> Tensor.wrap(pd.clone(), s.weightsShape().clone());
            case AVERAGED -> Tensor.wrap(average(pd, n, block, s.headsPerBatch()), s.weightsShape().clone());
        };

        List<Tensor> inputs = new ArrayList<>();
        for (Operand o : new Operand[] {s.q(), s.k(), s.v()}) {
            if (!containsIdentity(inputs, o.tensor())) inputs.add(o.tensor());
        }
        Tensor[] in = inputs.toArray(new Tensor[0]);
        Tensor[] outputs = weights == null ? new Tensor[] {output} : new Tensor[] {output, weights};
        Autograd.record(outputs, s.op(), in, grads -> backward(s, in, p, pd, grads));
        return new Tensor[] {output, weights};
    }

    private static Tensor[] backward(Spec s, Tensor[] in, float[] p, float[] pd, Tensor[] grads) {
        int n = s.groups(), l = s.queries(), sk = s.keys(), dk = s.dk(), dv = s.dv();
        int block = l * sk;
        Tensor gOut = grads[0] == null ? null : grads[0].contiguous();
        Tensor gW = grads.length > 1 && grads[1] != null ? grads[1].contiguous() : null;
        float[] gd = gOut == null ? null : gOut.storage();
        int gBase = gOut == null ? 0 : gOut.offset();
        float[] gwd = gW == null ? null : gW.storage();
        int gwBase = gW == null ? 0 : gW.offset();
        float gwScale = s.weights() == WeightsMode.AVERAGED ? 1f / s.headsPerBatch() : 1f;

        float[][] gradArrays = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            if (in[i].requiresGrad()) gradArrays[i] = new float[numel(gradShapeOf(s, in[i]))];
        }
        float[] gq = gradArrays[indexOf(in, s.q().tensor())];
        float[] gk = gradArrays[indexOf(in, s.k().tensor())];
        float[] gv = gradArrays[indexOf(in, s.v().tensor())];
        float[] qd = s.q().tensor().storage(), kd = s.k().tensor().storage(), vd = s.v().tensor().storage();
        boolean dropping = pd != p;
        long work = 2L * block * (dk + dv) + 1;
        int grain = (int) Math.max(1, Math.min(n, GRAIN_WORK / work));
        Parallel.forRange(n, grain, (from, to) -> {
            float[] ds = DS.floats(block);
            for (int g = from; g < to; g++) {
                int pOff = g * block;
                int gOff = gBase + s.outOff()[g];
                // dP' = dO V^T (+ the weights' own gradient)
                if (gd != null) {
                    Gemm.sgemm(false, true, l, sk, dv, 1f, gd, gOff, s.outLd(), vd, s.v().readOff()[g], s.v().ld(),
                            0f, ds, 0, sk);
                } else {
                    Arrays.fill(ds, 0, block, 0f);
                }
                if (gwd != null) addWeightsGrad(s, g, gwd, gwBase, gwScale, ds);
                if (gv != null && gd != null) {
                    Gemm.sgemm(true, false, sk, dv, l, 1f, pd, pOff, sk, gd, gOff, s.outLd(), 1f,
                            gv, s.v().gradOff()[g], s.v().gradLd());
                }
                if (gq == null && gk == null) continue;
                // Softmax backward; the element-wise products run once over the whole [L, S] block
                // (the same bits as row by row, with fewer calls on short rows).
                if (dropping) {
                    float[] c = C.floats(l);
                    for (int i = 0; i < l; i++) c[i] = VectorOps.dot(pd, pOff + i * sk, ds, i * sk, sk);
                    VectorOps.mul(pd, pOff, ds, 0, ds, 0, block);
                    for (int i = 0; i < l; i++) VectorOps.axpy(-c[i], p, pOff + i * sk, ds, i * sk, sk);
                } else {
                    for (int i = 0; i < l; i++) {
                        int row = i * sk;
                        VectorOps.addScalar(ds, row, -VectorOps.dot(pd, pOff + row, ds, row, sk), ds, row, sk);
                    }
                    VectorOps.mul(p, pOff, ds, 0, ds, 0, block);
                }
                if (gq != null) {
                    Gemm.sgemm(false, false, l, dk, sk, s.scale(), ds, 0, sk, kd, s.k().readOff()[g], s.k().ld(), 1f,
                            gq, s.q().gradOff()[g], s.q().gradLd());
                }
                if (gk != null) {
                    Gemm.sgemm(true, false, sk, dk, l, s.scale(), ds, 0, sk, qd, s.q().readOff()[g], s.q().ld(), 1f,
                            gk, s.k().gradOff()[g], s.k().gradLd());
                }
            }
        });
        Tensor[] result = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            if (gradArrays[i] != null) result[i] = Tensor.wrap(gradArrays[i], gradShapeOf(s, in[i]).clone());
        }
        return result;
    }

    private static void addWeightsGrad(Spec s, int g, float[] gwd, int gwBase, float gwScale, float[] ds) {
        int block = s.queries() * s.keys();
        if (s.weights() == WeightsMode.AVERAGED) {
            int batch = g / s.headsPerBatch();
            VectorOps.axpy(gwScale, gwd, gwBase + batch * block, ds, 0, block);
        } else {
            VectorOps.add(ds, 0, gwd, gwBase + g * block, ds, 0, block);
        }
    }

    private static int[] gradShapeOf(Spec s, Tensor t) {
        for (Operand o : new Operand[] {s.q(), s.k(), s.v()}) if (o.tensor() == t) return o.gradShape();
        throw new IllegalStateException("not an operand");
    }

    private static void applyMask(MaskOperand m, int g, int i, float[] p, int row, int sk) {
        int off = m.offsets()[g] + i * m.rowStride(), cs = m.colStride();
        if (m.isBool()) {
            long[] md = m.tensor().longStorage();
            if (cs == 0) {
                if (md[off] != 0) Arrays.fill(p, row, row + sk, Float.NEGATIVE_INFINITY);
            } else {
                for (int j = 0; j < sk; j++) if (md[off + j * cs] != 0) p[row + j] = Float.NEGATIVE_INFINITY;
            }
        } else {
            float[] md = m.tensor().storage();
            if (cs == 1) {
                VectorOps.add(p, row, md, off, p, row, sk);
            } else {
                for (int j = 0; j < sk; j++) p[row + j] += md[off + j * cs];
            }
        }
    }

    /** {@code pd = p * keep / (1 - rate)}, keep ~ Bernoulli(1 - rate) from the group's own stream. */
    private static void dropout(float[] p, float[] pd, int off, int len, double rate, long seed) {
        Generator gen = new Generator(seed);
        float keep = (float) (1 - rate), scale = (float) (1 / (1 - rate));
        for (int i = off; i < off + len; i++) pd[i] = gen.nextFloat() < keep ? p[i] * scale : 0f;
    }

    /** Mean over each run of {@code heads} consecutive groups: [N/heads, L, S]. */
    private static float[] average(float[] pd, int n, int block, int heads) {
        int batches = n / heads;
        float[] avg = new float[batches * block];
        float inv = 1f / heads;
        for (int b = 0; b < batches; b++) {
            int dst = b * block;
            for (int h = 0; h < heads; h++) VectorOps.add(avg, dst, pd, (b * heads + h) * block, avg, dst, block);
            VectorOps.scale(inv, avg, dst, avg, dst, block);
        }
        return avg;
    }

    private static boolean containsIdentity(List<Tensor> list, Tensor t) {
        for (Tensor x : list) if (x == t) return true;
        return false;
    }

    private static int indexOf(Tensor[] in, Tensor t) {
        for (int i = 0; i < in.length; i++) if (in[i] == t) return i;
        throw new IllegalStateException("not an input");
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        return Math.toIntExact(n);
    }
}
