package dev.arabica.core.kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * GFLOP/s of {@link Gemm#sgemm} on given product shapes, transposes included (not a test). The
 * default shapes are those of the W7 attention step (batch 16, sequence 64, d_model 128, 4 heads):
 * the linear layers' forward, input-gradient and weight-gradient products, then the per-head ones.
 * Prints the best of five timed rounds per shape, after two warm-up rounds.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Darabica.threads=1 -cp CP dev.arabica.core.kernels.GemmShapesBenchmark \
 *     [-Dbench.shapes=NT:1024x384x128,TN:384x128x1024] [-Dbench.seconds=0.3]
 * </pre>
 * A shape is {@code op(A)op(B):m x n x k}, with {@code N} (as stored) or {@code T} (transposed).
 */
public final class GemmShapesBenchmark {
    static final String W7 = "NT:1024x384x128,NT:1024x128x128,NN:1024x128x384,NN:1024x128x128,TN:384x128x1024,"
            + "TN:128x128x1024,NT:64x64x32,NN:64x32x64,TN:64x32x64,NN:64x64x32,NN:512x512x512,NN:1024x1024x1024";

    private GemmShapesBenchmark() {}

    public static void main(String[] args) {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "0.3"));
        List<String> shapes = new ArrayList<>(List.of(System.getProperty("bench.shapes", W7).split(",")));
        for (String shape : shapes) {
            String[] parts = shape.split(":");
            String[] dims = parts[1].split("x");
            boolean ta = parts[0].charAt(0) == 'T', tb = parts[0].charAt(1) == 'T';
            int m = Integer.parseInt(dims[0]), n = Integer.parseInt(dims[1]), k = Integer.parseInt(dims[2]);
            float[] a = GemmCheck.random(m * k, 1), b = GemmCheck.random(k * n, 2), c = new float[m * n];
            int lda = ta ? m : k, ldb = tb ? k : n;
            double flop = 2.0 * m * n * k;
            int reps = (int) Math.max(10, seconds * 1e11 / flop);
            double best = 0;
            for (int round = -2; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                if (round >= 0) best = Math.max(best, flop * reps / (System.nanoTime() - t0));
            }
            System.out.printf("%s %dx%dx%d: %.1f GFLOP/s%n", parts[0], m, n, k, best);
        }
    }
}
