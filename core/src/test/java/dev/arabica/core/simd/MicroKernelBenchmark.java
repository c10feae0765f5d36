package dev.arabica.core.simd;

/** Micro-kernel alone on L1/L2-resident packed data: the ceiling for the packed GEMM. Not a test. */
public final class MicroKernelBenchmark {
    private MicroKernelBenchmark() {}

    public static void main(String[] args) {
        GemmMicroKernel kernel = VectorProviders.get().gemmMicroKernel().orElseThrow();
        int kc = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int slivers = args.length > 1 ? Integer.parseInt(args[1]) : 36; // A panel of MC rows
        int mr = kernel.mr(), nr = kernel.nr();
        float[] ap = new float[slivers * kc * mr];
        float[] bp = new float[kc * nr];
        float[] c = new float[slivers * mr * nr];
        for (int i = 0; i < ap.length; i++) ap[i] = (i % 7) * 0.1f;
        for (int i = 0; i < bp.length; i++) bp[i] = (i % 5) * 0.1f;
        for (int round = 0; round < 10; round++) {
            int reps = 20000;
            long t = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                for (int s = 0; s < slivers; s++) {
                    kernel.compute(kc, ap, s * kc * mr, bp, 0, 1f, 1f, c, s * mr * nr, nr);
                }
            }
            double sec = (System.nanoTime() - t) / 1e9;
            System.out.printf("kc=%d %.1f GFLOP/s%n", kc, 2.0 * mr * nr * kc * slivers * reps / sec / 1e9);
        }
    }
}
