package dev.arabica.core.simd;


import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM micro-kernel with a {@code 4 x 2L} tile (L = lanes): {@code 4 x 16} with 256-bit vectors, the
 * tile for CPUs with 16 vector registers (AVX2, SSE). 8 accumulators + 4 broadcasts of A + 2 vectors
 * of B = 14 registers: C2 hoists every broadcast and load to the top of the loop body, so the tile
 * fits the 16 ymm registers of AVX2 without spilling (a 6 x 2L tile needs about 20 and runs at half
 * the speed there). See {@link PanamaGemmKernels} for the measurements behind each tile.
 */
final class PanamaGemmKernel4x2L implements GemmMicroKernel {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
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
    public void compute(int kc, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff,
                        float alpha, float beta, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int r0 = aOff, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
        for (int p = 0, q = 0; p < kc; p++, q += cs) {
            int bi = bpOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + q]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + q]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + q]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + q]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff);
            c01.mul(alpha).intoArray(c, cOff + L);
            c10.mul(alpha).intoArray(c, cOff + ldc);
            c11.mul(alpha).intoArray(c, cOff + ldc + L);
            c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
            c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
            c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
            c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
        } else {
            FloatVector va = FloatVector.broadcast(S, alpha);
            c00.fma(va, FloatVector.fromArray(S, c, cOff).mul(beta)).intoArray(c, cOff);
            c01.fma(va, FloatVector.fromArray(S, c, cOff + L).mul(beta)).intoArray(c, cOff + L);
            c10.fma(va, FloatVector.fromArray(S, c, cOff + ldc).mul(beta)).intoArray(c, cOff + ldc);
            c11.fma(va, FloatVector.fromArray(S, c, cOff + ldc + L).mul(beta)).intoArray(c, cOff + ldc + L);
            c20.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta)).intoArray(c, cOff + 2 * ldc);
            c21.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta)).intoArray(c, cOff + 2 * ldc + L);
            c30.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta)).intoArray(c, cOff + 3 * ldc);
            c31.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta)).intoArray(c, cOff + 3 * ldc + L);
        }
    }
}
