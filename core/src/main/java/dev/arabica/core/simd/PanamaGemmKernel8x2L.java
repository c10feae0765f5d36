package dev.arabica.core.simd;


import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM micro-kernel with an {@code 8 x 2L} tile (L = lanes): {@code 8 x 32} with 512-bit vectors
 * (AVX-512). 16 accumulators + 8 broadcasts + 2 vectors of B = 26 of the 32 zmm registers, so
 * nothing spills; twice the FMAs per k step of {@code 4 x 2L} hide the FMA latency and the loads
 * better, while the tile stays 32 columns wide (little waste on the narrow products of small
 * layers). See {@link PanamaGemmKernels}.
 */
final class PanamaGemmKernel8x2L implements GemmMicroKernel {
    private static final VectorSpecies<Float> S = PanamaSpecies.FLOAT;
    private static final int L = S.length();
    private static final int MR = 8;
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
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        int r0 = aOff, r1 = r0 + rs, r2 = r1 + rs, r3 = r2 + rs, r4 = r3 + rs, r5 = r4 + rs, r6 = r5 + rs, r7 = r6 + rs;
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
            FloatVector a4 = FloatVector.broadcast(S, a[r4 + q]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[r5 + q]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[r6 + q]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[r7 + q]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
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
            c40.mul(alpha).intoArray(c, cOff + 4 * ldc);
            c41.mul(alpha).intoArray(c, cOff + 4 * ldc + L);
            c50.mul(alpha).intoArray(c, cOff + 5 * ldc);
            c51.mul(alpha).intoArray(c, cOff + 5 * ldc + L);
            c60.mul(alpha).intoArray(c, cOff + 6 * ldc);
            c61.mul(alpha).intoArray(c, cOff + 6 * ldc + L);
            c70.mul(alpha).intoArray(c, cOff + 7 * ldc);
            c71.mul(alpha).intoArray(c, cOff + 7 * ldc + L);
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
            c40.fma(va, FloatVector.fromArray(S, c, cOff + 4 * ldc).mul(beta)).intoArray(c, cOff + 4 * ldc);
            c41.fma(va, FloatVector.fromArray(S, c, cOff + 4 * ldc + L).mul(beta)).intoArray(c, cOff + 4 * ldc + L);
            c50.fma(va, FloatVector.fromArray(S, c, cOff + 5 * ldc).mul(beta)).intoArray(c, cOff + 5 * ldc);
            c51.fma(va, FloatVector.fromArray(S, c, cOff + 5 * ldc + L).mul(beta)).intoArray(c, cOff + 5 * ldc + L);
            c60.fma(va, FloatVector.fromArray(S, c, cOff + 6 * ldc).mul(beta)).intoArray(c, cOff + 6 * ldc);
            c61.fma(va, FloatVector.fromArray(S, c, cOff + 6 * ldc + L).mul(beta)).intoArray(c, cOff + 6 * ldc + L);
            c70.fma(va, FloatVector.fromArray(S, c, cOff + 7 * ldc).mul(beta)).intoArray(c, cOff + 7 * ldc);
            c71.fma(va, FloatVector.fromArray(S, c, cOff + 7 * ldc + L).mul(beta)).intoArray(c, cOff + 7 * ldc + L);
        }
    }
}
