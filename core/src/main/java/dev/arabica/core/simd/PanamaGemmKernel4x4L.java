package dev.arabica.core.simd;


import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM micro-kernel with a {@code 4 x 4L} tile (L = lanes) for 128- and 256-bit vectors on CPUs with
 * 32 vector registers (ARM NEON; AVX-512 capped with {@code -Darabica.simd.bits}): {@code 4 x 16}
 * or {@code 4 x 32}. 16 accumulators + 4 broadcasts + 4 vectors of B = 24 registers. 16 FMAs per 8
 * loads amortize the broadcasts better than {@code 4 x 2L} (8 FMAs per 6 loads), which is what
 * limits narrow vectors. See {@link PanamaGemmKernels}.
 */
final class PanamaGemmKernel4x4L implements GemmMicroKernel {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int MR = 4;
    private static final int NR = 4 * L;

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
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int r0 = aOff, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs;
        for (int p = 0, q = 0; p < kc; p++, q += cs) {
            int bi = bpOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0 + q]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(S, a[r1 + q]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(S, a[r2 + q]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(S, a[r3 + q]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
        }
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, cOff);
            c01.mul(alpha).intoArray(c, cOff + L);
            c02.mul(alpha).intoArray(c, cOff + 2 * L);
            c03.mul(alpha).intoArray(c, cOff + 3 * L);
            c10.mul(alpha).intoArray(c, cOff + ldc);
            c11.mul(alpha).intoArray(c, cOff + ldc + L);
            c12.mul(alpha).intoArray(c, cOff + ldc + 2 * L);
            c13.mul(alpha).intoArray(c, cOff + ldc + 3 * L);
            c20.mul(alpha).intoArray(c, cOff + 2 * ldc);
            c21.mul(alpha).intoArray(c, cOff + 2 * ldc + L);
            c22.mul(alpha).intoArray(c, cOff + 2 * ldc + 2 * L);
            c23.mul(alpha).intoArray(c, cOff + 2 * ldc + 3 * L);
            c30.mul(alpha).intoArray(c, cOff + 3 * ldc);
            c31.mul(alpha).intoArray(c, cOff + 3 * ldc + L);
            c32.mul(alpha).intoArray(c, cOff + 3 * ldc + 2 * L);
            c33.mul(alpha).intoArray(c, cOff + 3 * ldc + 3 * L);
        } else {
            FloatVector va = FloatVector.broadcast(S, alpha);
            c00.fma(va, FloatVector.fromArray(S, c, cOff).mul(beta)).intoArray(c, cOff);
            c01.fma(va, FloatVector.fromArray(S, c, cOff + L).mul(beta)).intoArray(c, cOff + L);
            c02.fma(va, FloatVector.fromArray(S, c, cOff + 2 * L).mul(beta)).intoArray(c, cOff + 2 * L);
            c03.fma(va, FloatVector.fromArray(S, c, cOff + 3 * L).mul(beta)).intoArray(c, cOff + 3 * L);
            c10.fma(va, FloatVector.fromArray(S, c, cOff + ldc).mul(beta)).intoArray(c, cOff + ldc);
            c11.fma(va, FloatVector.fromArray(S, c, cOff + ldc + L).mul(beta)).intoArray(c, cOff + ldc + L);
            c12.fma(va, FloatVector.fromArray(S, c, cOff + ldc + 2 * L).mul(beta)).intoArray(c, cOff + ldc + 2 * L);
            c13.fma(va, FloatVector.fromArray(S, c, cOff + ldc + 3 * L).mul(beta)).intoArray(c, cOff + ldc + 3 * L);
            c20.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc).mul(beta)).intoArray(c, cOff + 2 * ldc);
            c21.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + L).mul(beta)).intoArray(c, cOff + 2 * ldc + L);
            c22.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + 2 * L).mul(beta)).intoArray(c, cOff + 2 * ldc + 2 * L);
            c23.fma(va, FloatVector.fromArray(S, c, cOff + 2 * ldc + 3 * L).mul(beta)).intoArray(c, cOff + 2 * ldc + 3 * L);
            c30.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc).mul(beta)).intoArray(c, cOff + 3 * ldc);
            c31.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + L).mul(beta)).intoArray(c, cOff + 3 * ldc + L);
            c32.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + 2 * L).mul(beta)).intoArray(c, cOff + 3 * ldc + 2 * L);
            c33.fma(va, FloatVector.fromArray(S, c, cOff + 3 * ldc + 3 * L).mul(beta)).intoArray(c, cOff + 3 * ldc + 3 * L);
        }
    }
}
