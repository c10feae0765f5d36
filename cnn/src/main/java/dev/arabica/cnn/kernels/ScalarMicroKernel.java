package dev.arabica.cnn.kernels;

import dev.arabica.core.simd.GemmMicroKernel;

/**
 * A plain-Java {@code 4 x 16} {@link GemmMicroKernel}, used when the JVM runs without the Vector
 * API (the core provider then offers none). Same contract and rounding: one multiply-add chain per
 * element (summed in increasing {@code p}), then {@code fma(alpha, sum, beta * C)}.
 */
final class ScalarMicroKernel implements GemmMicroKernel {
    private static final int MR = 4;
    private static final int NR = 16;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void compute(int kc, float[] a, int aOff, int rs, int cs, float[] bp, int bpOff, float alpha, float beta,
                        float[] c, int cOff, int ldc) {
        float[] acc = new float[MR * NR];
        for (int p = 0; p < kc; p++) {
            int bi = bpOff + p * NR;
            for (int r = 0; r < MR; r++) {
                float ar = a[aOff + r * rs + p * cs];
                int row = r * NR;
                for (int j = 0; j < NR; j++) acc[row + j] = Math.fma(ar, bp[bi + j], acc[row + j]);
            }
        }
        for (int r = 0; r < MR; r++) {
            int ci = cOff + r * ldc;
            for (int j = 0; j < NR; j++) {
                float sum = acc[r * NR + j];
                c[ci + j] = beta == 0f ? sum * alpha : Math.fma(alpha, sum, beta * c[ci + j]);
            }
        }
    }
}
