package dev.arabica.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Vector API GEMM micro-kernel, at the vector width of this JVM (core's Surefire executions
 * run it at 128, 256 and 512 bits), against a scalar model of the arithmetic that
 * {@link GemmMicroKernel#compute} specifies: one fused multiply-add per k step in increasing order,
 * then {@code fma(sum, alpha, beta * C)}. The results must be bitwise equal, which also makes every
 * tile shape give the same bits. Skipped without {@code jdk.incubator.vector}.
 */
class GemmMicroKernelTest {
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {0.75f, 0.5f}, {-2f, 1f}};
    private static final int[] DEPTHS = {1, 2, 7, 256, 513};

    private int lanes;

    @BeforeEach
    void requirePanama() {
        VectorProvider panama = VectorProviders.panama().orElse(null);
        Assumptions.assumeTrue(panama != null, "jdk.incubator.vector is not in the boot layer");
        lanes = panama.floatLanes();
    }

    @Test
    void everyKernelMatchesTheScalarModelBitwise() {
        for (GemmMicroKernel kernel : PanamaGemmKernels.all()) {
            int mr = kernel.mr(), nr = kernel.nr();
            assertEquals(0, nr % lanes, "nr of " + mr + "x" + nr + " is whole vectors of " + lanes + " lanes");
            for (int kc : DEPTHS) {
                for (float[] ab : ALPHA_BETA) {
                    check(kernel, kc, ab[0], ab[1], false);
                    check(kernel, kc, ab[0], ab[1], true);
                }
            }
        }
    }

    @Test
    void theTileFollowsTheWidth() {
        GemmMicroKernel kernel = PanamaGemmKernels.forSpecies();
        int bits = lanes * Float.SIZE;
        String tile = kernel.mr() + "x" + kernel.nr() / lanes + "L";
        int registers = PanamaGemmKernels.vectorRegisters();
        String expected = switch (bits) {
            case 512 -> "8x2L";
            case 128, 256 -> registers >= 32 ? "4x4L" : "4x2L";
            default -> "4x2L";
        };
        assertEquals(expected, tile, "micro-tile for " + bits + "-bit vectors and " + registers + " registers");
    }

    /** A read as rows ({@code rs = lda, cs = 1}) or, {@code transposed}, as columns ({@code rs = 1, cs = lda}). */
    private static void check(GemmMicroKernel kernel, int kc, float alpha, float beta, boolean transposed) {
        int mr = kernel.mr(), nr = kernel.nr();
        int aOff = 3, bpOff = 5, cOff = 7, ldc = nr + 9;
        int lda = (transposed ? mr : kc) + 4, rs = transposed ? 1 : lda, cs = transposed ? lda : 1;
        float[] a = TestData.uniform(aOff + (transposed ? kc : mr) * lda + 2, kc, -1f, 1f);
        float[] bp = TestData.uniform(bpOff + kc * nr + 2, kc + 1L, -1f, 1f);
        float[] c = TestData.uniform(cOff + mr * ldc + 2, kc + 2L, -1f, 1f);
        if (beta == 0f) {
            // beta == 0 must not read C: NaN there must not reach the result.
            for (int r = 0; r < mr; r++) Arrays.fill(c, cOff + r * ldc, cOff + r * ldc + nr, Float.NaN);
        }
        float[] expected = c.clone();
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                float sum = 0f;
                for (int p = 0; p < kc; p++) sum = Math.fma(a[aOff + r * rs + p * cs], bp[bpOff + p * nr + j], sum);
                int ci = cOff + r * ldc + j;
                expected[ci] = beta == 0f ? sum * alpha : Math.fma(sum, alpha, c[ci] * beta);
            }
        }
        kernel.compute(kc, a, aOff, rs, cs, bp, bpOff, alpha, beta, c, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            if (Float.floatToIntBits(c[i]) != Float.floatToIntBits(expected[i])) {
                fail(mr + "x" + nr + (transposed ? " A by columns" : " A by rows") + " kc=" + kc + " alpha=" + alpha + " beta=" + beta + ": element " + i
                        + " is " + c[i] + ", the scalar model gives " + expected[i]);
            }
        }
    }
}
