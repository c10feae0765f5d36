package dev.arabica.core.kernels;

import dev.arabica.core.simd.VectorProviders;
import java.util.Random;

/**
 * Quick GEMM timing (not a test, not JMH): square products, best of several runs.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes:SLF4J_JAR \
 *     dev.arabica.core.kernels.GemmBenchmark [threads...] [-- sizes...]
 * </pre>
 * Add {@code -Darabica.simd=false} (or drop the module) for the scalar path, {@code naive} as the
 * first argument for the i-k-j reference loop.
 */
public final class GemmBenchmark {
    private GemmBenchmark() {}

    public static void main(String[] args) {
        boolean naive = args.length > 0 && args[0].equals("naive");
        int[] threads = {1, 2};
        int[] sizes = {64, 128, 256, 512, 1024, 2048};
        String t = System.getProperty("bench.threads");
        if (t != null) threads = java.util.Arrays.stream(t.split(",")).mapToInt(Integer::parseInt).toArray();
        String s = System.getProperty("bench.sizes");
        if (s != null) sizes = java.util.Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
        System.out.printf("provider=%s lanes=%d naive=%b%n", VectorProviders.get().name(),
                VectorProviders.get().floatLanes(), naive);
        // Warm-up: get every kernel C2-compiled before timing anything.
        for (int w = 0; w < 3; w++) measure(320, 1, naive);
        for (int th : naive ? new int[] {1} : threads) {
            for (int n : sizes) {
                double gflops = measure(n, th, naive);
                System.out.printf("threads=%d n=%d %.1f GFLOP/s (wall)%s%n", th, n, gflops,
                        String.format(", %.1f per caller CPU-second", lastCpuGflops));
            }
        }
    }

    /** Timed rounds per size ({@code -Dbench.rounds}); the best one counts. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 8);

    /** Single-thread runs execute on the caller: its CPU time is robust to other load on the machine. */
    private static double lastCpuGflops;

    static double measure(int n, int threads, boolean naive) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Random rnd = new Random(42);
        float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextFloat() - 0.5f;
            b[i] = rnd.nextFloat() - 0.5f;
        }
        double flops = 2.0 * n * n * n;
        int reps = (int) Math.max(1, Math.min(2000, 1.5e9 / flops / (naive ? 20 : 1)));
        double best = Double.MAX_VALUE, bestCpu = Double.MAX_VALUE;
        long deadline = System.nanoTime() + 6_000_000_000L;
        for (int round = 0; round < ROUNDS && (round < 3 || System.nanoTime() < deadline); round++) {
            long start = System.nanoTime(), cpuStart = mx.getCurrentThreadCpuTime();
            for (int r = 0; r < reps; r++) {
                if (naive) {
                    naive(n, a, b, c);
                } else {
                    Parallel.withThreads(threads, () -> Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
                }
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9 / reps);
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9 / reps);
        }
        lastCpuGflops = flops / bestCpu / 1e9;
        return flops / best / 1e9;
    }

    /** The i-k-j triple loop: the baseline a plain Java user would write. */
    static void naive(int n, float[] a, float[] b, float[] c) {
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                float av = a[i * n + p];
                for (int j = 0; j < n; j++) c[i * n + j] += av * b[p * n + j];
            }
        }
    }
}
