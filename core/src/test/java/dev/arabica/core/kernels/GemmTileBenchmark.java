package dev.arabica.core.kernels;

import dev.arabica.core.simd.GemmKernels;
import dev.arabica.core.simd.GemmMicroKernel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares micro-kernel tiles and k-block depths on the packed GEMM in one JVM (not a test): each
 * round times every configuration once per size, so load from other processes hits all of them
 * alike; prints the best GFLOP/s per CPU-second of the calling thread. 1 thread.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Darabica.simd.bits=512 -cp CP dev.arabica.core.kernels.GemmTileBenchmark \
 *     8x2L 4x2L:256 [-Dbench.sizes=256,1024] [-Dbench.rounds=15] [-Dbench.shape=209,20,12288]
 * </pre>
 * A configuration is a tile ({@code 4x2L}, {@code 4x4L}, {@code 8x2L}: rows x vectors) and an
 * optional {@code :kc}; without arguments, every tile at the default blocking. {@code bench.shape}
 * times one {@code m,n,k} product instead of squares.
 */
public final class GemmTileBenchmark {
    private GemmTileBenchmark() {}

    private record Config(String name, GemmMicroKernel kernel, PackedGemm.Blocking blocking) {}

    public static void main(String[] args) {
        int rounds = Integer.getInteger("bench.rounds", 15);
        int[] sizes = ints(System.getProperty("bench.sizes", "256,512,1024,2048"));
        int[] shape = System.getProperty("bench.shape") == null ? null : ints(System.getProperty("bench.shape"));
        List<Config> configs = configs(args);
        int lanes = dev.arabica.core.simd.VectorProviders.get().floatLanes();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int cases = shape != null ? 1 : sizes.length;
        double[][] best = new double[configs.size()][cases];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            for (int s = 0; s < cases; s++) {
                int m = shape != null ? shape[0] : sizes[s], n = shape != null ? shape[1] : sizes[s];
                int k = shape != null ? shape[2] : sizes[s];
                float[] a = GemmCheck.random(m * k, 1), b = GemmCheck.random(k * n, 2), c = new float[m * n];
                double flops = 2.0 * m * n * k;
                int reps = (int) Math.max(1, 1.5e9 / flops);
                for (int i = 0; i < configs.size(); i++) {
                    Config cfg = configs.get(i);
                    long t = mx.getCurrentThreadCpuTime();
                    for (int r = 0; r < reps; r++) {
                        PackedGemm.gemm(cfg.kernel(), cfg.blocking(), false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                    }
                    double gflops = flops * reps / ((mx.getCurrentThreadCpuTime() - t) / 1e9) / 1e9;
                    if (round >= 0) best[i][s] = Math.max(best[i][s], gflops);
                }
            }
        }
        System.out.printf("%d-bit vectors (%d lanes), 1 thread, best of %d rounds, GFLOP/s per CPU-second%n",
                lanes * Float.SIZE, lanes, rounds);
        System.out.printf("%-28s", "tile / blocking");
        if (shape != null) System.out.printf("%14s", shape[0] + "x" + shape[1] + "x" + shape[2]);
        else for (int n : sizes) System.out.printf("%8s", "n=" + n);
        System.out.println();
        for (int i = 0; i < configs.size(); i++) {
            PackedGemm.Blocking bl = configs.get(i).blocking();
            System.out.printf("%-28s", configs.get(i).name() + " " + bl.mr() + "x" + bl.nr() + " kc=" + bl.kc());
            for (double v : best[i]) System.out.printf(shape != null ? "%14.1f" : "%8.1f", v);
            System.out.println();
        }
    }

    private static List<Config> configs(String[] args) {
        GemmMicroKernel[] kernels = GemmKernels.all();
        int lanes = dev.arabica.core.simd.VectorProviders.get().floatLanes();
        List<String> specs = new ArrayList<>(Arrays.asList(args));
        if (specs.isEmpty()) for (GemmMicroKernel k : kernels) specs.add(tile(k, lanes));
        List<Config> configs = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            GemmMicroKernel kernel = Arrays.stream(kernels).filter(k -> tile(k, lanes).equals(parts[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no tile " + parts[0] + "; tiles: 4x2L, 4x4L, 8x2L"));
            PackedGemm.Blocking blocking = PackedGemm.Blocking.of(kernel);
            if (parts.length > 1) {
                int kc = Integer.parseInt(parts[1]);
                blocking = new PackedGemm.Blocking(blocking.mr(), blocking.nr(), blocking.mc(), kc, blocking.nc());
            }
            configs.add(new Config(spec, kernel, blocking));
        }
        return configs;
    }

    private static String tile(GemmMicroKernel k, int lanes) {
        return k.mr() + "x" + k.nr() / lanes + "L";
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
