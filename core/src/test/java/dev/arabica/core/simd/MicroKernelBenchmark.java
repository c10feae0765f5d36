package dev.arabica.core.simd;

/**
 * Micro-kernel alone on L1/L2-resident packed data: the ceiling for the packed GEMM. Not a test.
 * Arguments: {@code [kc [rows]]}, the depth of the packed slivers (default 256) and the rows of the
 * A panel swept per B sliver (default 144, rounded down to whole slivers). Prints the best of
 * several rounds of about 0.3 s each, timed in CPU time of the calling thread (robust to other
 * processes sharing the core).
 */
public final class MicroKernelBenchmark {
    private MicroKernelBenchmark() {}

    public static void main(String[] args) {
        GemmMicroKernel kernel = VectorProviders.get().gemmMicroKernel().orElseThrow();
        int kc = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int mr = kernel.mr(), nr = kernel.nr();
        int slivers = Math.max(1, (args.length > 1 ? Integer.parseInt(args[1]) : 144) / mr);
        float[] ap = new float[slivers * kc * mr];
        float[] bp = new float[kc * nr];
        float[] c = new float[slivers * mr * nr];
        for (int i = 0; i < ap.length; i++) ap[i] = (i % 7) * 0.1f;
        for (int i = 0; i < bp.length; i++) bp[i] = (i % 5) * 0.1f;
        double flopsPerRep = 2.0 * mr * nr * kc * slivers;
        int reps = (int) Math.max(1, 3e10 / flopsPerRep); // about 0.3 s at 100 GFLOP/s
        var threadMx = java.lang.management.ManagementFactory.getThreadMXBean();
        double best = 0;
        for (int round = 0; round < 12; round++) {
            long t = threadMx.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                for (int s = 0; s < slivers; s++) {
                    kernel.compute(kc, ap, s * kc * mr, kc, 1, bp, 0, 1f, 1f, c, s * mr * nr, nr);
                }
            }
            best = Math.max(best, flopsPerRep * reps / ((threadMx.getCurrentThreadCpuTime() - t) / 1e9) / 1e9);
        }
        System.out.printf("tile %dx%d (%d lanes) kc=%d rows=%d: best %.1f GFLOP/s%n",
                mr, nr, VectorProviders.get().floatLanes(), kc, slivers * mr, best);
    }
}
