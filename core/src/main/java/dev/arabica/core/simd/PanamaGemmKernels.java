package dev.arabica.core.simd;

import jdk.incubator.vector.FloatVector;

/**
 * Chooses the GEMM micro-kernel for the vector width of {@link PanamaSpecies} and the size of the
 * vector register file (the one place that does), and holds the C update that every kernel shares.
 *
 * <p>The tile decides GEMM speed through C2's register allocation: C2 hoists every broadcast of A
 * and every load of B to the top of the k loop, so a tile of {@code MR x V} vectors needs about
 * {@code MR*V + MR + V} vector registers, and a tile that needs more than there are spills an
 * accumulator to the stack on every k step. Chosen by measurement (docs/performance.md, "GEMM
 * GFLOP/s per vector width"; 1 thread, n = 256..2048, AMD EPYC Zen 5; 16 registers measured with
 * {@code -XX:UseAVX=2}):
 * <ul>
 *   <li>512 bits (AVX-512, 32 zmm registers): {@code 8 x 2L} ({@link PanamaGemmKernel8x2L}, 26
 *       registers). {@code 4 x 4L} was as fast on square products but wastes more of its 64-column
 *       tile on narrow ones (a 20-column product ran at 75 % of {@code 8 x 2L}); {@code 4 x 2L} was
 *       5-10 % slower at n >= 512.</li>
 *   <li>128 and 256 bits with 32 vector registers (ARM NEON; AVX-512 capped with
 *       {@code -Darabica.simd.bits}): {@code 4 x 4L} ({@link PanamaGemmKernel4x4L}, 24 registers),
 *       5-10 % faster than {@code 4 x 2L}, whose 6 loads per 8 FMAs limit narrower vectors.</li>
 *   <li>128 and 256 bits with 16 registers (SSE, AVX2): {@code 4 x 2L}
 *       ({@link PanamaGemmKernel4x2L}, 14 registers). There {@code 4 x 4L} and {@code 8 x 2L} spill
 *       and run at 60 % of its speed.</li>
 * </ul>
 * Other widths (a wider SVE machine) get {@code 4 x 2L}, which fits any register file. The tile
 * does not change results: every kernel computes each element of C with the same chain of fused
 * multiply-adds and the same update of C (below).
 */
final class PanamaGemmKernels {
    private PanamaGemmKernels() {}

    /** A new micro-kernel for the chosen width and this CPU's vector registers. */
    static GemmMicroKernel forSpecies() {
        return switch (PanamaSpecies.FLOAT.vectorBitSize()) {
            case 512 -> new PanamaGemmKernel8x2L();
            case 128, 256 -> vectorRegisters() >= 32 ? new PanamaGemmKernel4x4L() : new PanamaGemmKernel4x2L();
            default -> new PanamaGemmKernel4x2L();
        };
    }

    /**
     * Vector registers C2 can allocate: 32 on ARM (NEON, SVE) and with AVX-512, whose 32 registers
     * serve 128- and 256-bit vectors too (AVX-512VL); 16 with SSE and AVX2. AVX-512 is recognized by
     * the JVM's largest vector ({@code -XX:UseAVX=2} or {@code -XX:MaxVectorSize=32} count as AVX2).
     */
    static int vectorRegisters() {
        boolean arm = "aarch64".equals(System.getProperty("os.arch"));
        return arm || FloatVector.SPECIES_MAX.vectorBitSize() >= 512 ? 32 : 16;
    }

    /** One instance of every micro-kernel, for tests and benchmarks at the chosen width. */
    static GemmMicroKernel[] all() {
        return new GemmMicroKernel[] {new PanamaGemmKernel4x2L(), new PanamaGemmKernel4x4L(), new PanamaGemmKernel8x2L()};
    }

    /*
     * The C update of a finished tile is written out in each kernel, vector by vector:
     * C = alpha * sum when beta == 0 (C is then not read), else C = fma(sum, alpha, beta * C), as
     * GemmMicroKernel#compute specifies. Not a shared method: C2 inlines a call that runs once per
     * micro-kernel call (cold next to the k loop) only if its bytecode is at most MaxInlineSize (35
     * bytes) and the compilation is still below its node budget. A shared update method (55 bytes)
     * was not inlined, nor were two 12- and 25-byte helpers (NodeCountInliningCutoff, "callee uses
     * too much stack"): every tile then made 16 calls, each boxing its vector into a heap object.
     */
}
