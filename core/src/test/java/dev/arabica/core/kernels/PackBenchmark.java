package dev.arabica.core.kernels;

/** Packing cost alone for an n x n operand (not a test). */
public final class PackBenchmark {
    private PackBenchmark() {}

    public static void main(String[] args) {
        int n = 1024, kc = PackedGemm.KC, mc = 144, mr = 4, nr = 16;
        float[] a = GemmCheck.random(n * n, 1);
        float[] ap = new float[kc * mc], bp = new float[kc * n];
        double[] best = {1e9, 1e9, 1e9, 1e9};
        for (int round = 0; round < 40; round++) {
            for (boolean trans : new boolean[] {false, true}) {
                long t = System.nanoTime();
                for (int pc = 0; pc < n; pc += kc) {
                    for (int ic = 0; ic < n; ic += mc) {
                        PackedGemm.packA(trans, a, 0, n, ic, Math.min(mc, n - ic), pc, kc, mr, ap);
                    }
                }
                long t2 = System.nanoTime();
                for (int pc = 0; pc < n; pc += kc) PackedGemm.packB(trans, a, 0, n, pc, kc, 0, n, nr, bp);
                long t3 = System.nanoTime();
                int i = trans ? 2 : 0;
                best[i] = Math.min(best[i], (t2 - t) / (double) n / n);
                best[i + 1] = Math.min(best[i + 1], (t3 - t2) / (double) n / n);
            }
        }
        System.out.printf("best ns/elem: packA %.3f, packB %.3f, packA^T %.3f, packB^T %.3f%n",
                best[0], best[1], best[2], best[3]);
    }
}
