package dev.arabica.benchmarks.compare;

import dev.arabica.core.kernels.Gemm;
import java.util.List;
import java.util.SplittableRandom;

/**
 * W1: {@code C = A * B}, square row-major float32, {@code Gemm.sgemm} with alpha = 1, beta = 0.
 * PyTorch: {@code torch.mm(a, b, out=c)}. 2 n^3 flops per call.
 */
public final class GemmWorkload implements Workload {
    @Override public String id() { return "W1"; }

    @Override public String description() { return "GEMM C = A*B, square n x n float32 (Gemm.sgemm)"; }

    @Override public Metric metric() { return Metric.GFLOPS; }

    @Override
    public List<String> params() {
        return List.of("n=64", "n=128", "n=256", "n=512", "n=1024", "n=2048");
    }

    @Override
    public Task prepare(Params params) {
        int n = params.getInt("n");
        SplittableRandom random = new SplittableRandom(42);
        float[] a = Inputs.uniform(random, n * n);
        float[] b = Inputs.uniform(random, n * n);
        float[] c = new float[n * n];
        return new Task() {
            @Override public void run() {
                Gemm.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            }

            @Override public double flops() {
                return 2.0 * n * n * n;
            }
        };
    }
}
