package dev.arabica.core.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM micro-kernel: a {@code 4 x 2L} tile ({@code 4 x 16} with 256-bit vectors) in
 * eight vector accumulators.
 *
 * <p>The shape is chosen for C2's register allocator, which hoists every broadcast of A and every
 * load of B to the top of the loop body: 8 accumulators + 4 broadcasts + 2 B vectors = 14 of the
 * 16 ymm registers, so nothing spills. A 6x16 tile (the usual choice in C) needs about 20 and runs
 * at half the speed because one accumulator then lives on the stack.
 */
final class PanamaGemmMicroKernel implements GemmMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final int NR = 2 * L;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void compute(int kc, float[] ap, int apOff, float[] bp, int bpOff,
                        float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bpOff + p * NR;
            int ai = apOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        store(c00, alpha, beta, c, cOff);
        store(c01, alpha, beta, c, cOff + L);
        store(c10, alpha, beta, c, cOff + ldc);
        store(c11, alpha, beta, c, cOff + ldc + L);
        store(c20, alpha, beta, c, cOff + 2 * ldc);
        store(c21, alpha, beta, c, cOff + 2 * ldc + L);
        store(c30, alpha, beta, c, cOff + 3 * ldc);
        store(c31, alpha, beta, c, cOff + 3 * ldc + L);
    }

    private static void store(FloatVector sum, float alpha, float beta, float[] c, int off) {
        if (beta == 0f) {
            sum.mul(alpha).intoArray(c, off);
        } else {
            FloatVector old = FloatVector.fromArray(S, c, off).mul(beta);
            sum.fma(FloatVector.broadcast(S, alpha), old).intoArray(c, off);
        }
    }
}
