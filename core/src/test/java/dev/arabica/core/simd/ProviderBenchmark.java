package dev.arabica.core.simd;

/** ns per element of a few span ops, scalar vs Vector API, on L1-resident data (not a test). */
public final class ProviderBenchmark {
    private ProviderBenchmark() {}

    public static void main(String[] args) {
        VectorProvider[] providers = VectorProviders.panama().isPresent()
                ? new VectorProvider[] {VectorProviders.scalar(), VectorProviders.panama().get()}
                : new VectorProvider[] {VectorProviders.scalar()};
        int n = 4096;
        float[] a = TestData.uniform(n, 1, 0.01f, 10f), b = TestData.uniform(n, 2, 0.5f, 2f), c = new float[n];
        for (VectorProvider p : providers) {
            StringBuilder line = new StringBuilder(p.name() + ":");
            for (String op : new String[] {"add", "add(off)", "exp", "log", "tanh", "sigmoid", "sum", "dot"}) {
                double best = Double.MAX_VALUE;
                for (int round = 0; round < 15; round++) {
                    long t = System.nanoTime();
                    for (int r = 0; r < 2000; r++) {
                        switch (op) {
                            case "add" -> p.binary(BinaryOp.ADD, a, 0, b, 0, c, 0, n);
                            case "add(off)" -> p.binary(BinaryOp.ADD, a, 1, b, 2, c, 3, n - 8);
                            case "exp" -> p.unary(UnaryOp.EXP, a, 0, c, 0, n);
                            case "log" -> p.unary(UnaryOp.LOG, a, 0, c, 0, n);
                            case "tanh" -> p.unary(UnaryOp.TANH, a, 0, c, 0, n);
                            case "sigmoid" -> p.unary(UnaryOp.SIGMOID, a, 0, c, 0, n);
                            case "sum" -> c[r & 7] = p.sum(a, 0, n);
                            default -> c[r & 7] = p.dot(a, 0, b, 0, n);
                        }
                    }
                    best = Math.min(best, (System.nanoTime() - t) / 2000.0 / n);
                }
                line.append(String.format(" %s %.3f", op, best));
            }
            System.out.println(line + " ns/element");
        }
    }
}
