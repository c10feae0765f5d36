package dev.arabica.rnn.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Assertions shared by the attention, transformer and text tests. */
public final class Checks {
    private Checks() {}

    /** Same shape and {@code |a - e| <= atol + rtol |e|} elementwise (NaN only where expected is NaN). */
    public static void assertClose(Tensor expected, Tensor actual, double rtol, double atol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape " + Shape.format(actual.shape()) + " vs expected "
                + Shape.format(expected.shape()));
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.isNaN(e[i]) && Float.isNaN(a[i])) continue;
            if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
                fail("element " + i + " of " + Shape.format(expected.shape()) + ": actual " + a[i] + ", expected " + e[i]
                        + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

    /** Bitwise equality of values and shapes. */
    public static void assertIdentical(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray(), a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            if (Float.floatToRawIntBits(e[i]) != Float.floatToRawIntBits(a[i])) {
                fail("element " + i + " differs: " + a[i] + " vs " + e[i]);
            }
        }
    }

    /** A fresh leaf copy of {@code t} that requires grad. */
    public static Tensor leaf(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape()).requiresGrad_(true);
    }

    /**
     * Central-difference check of {@code d(sum(w * f(inputs)))} with respect to every input that
     * requires grad and every trainable parameter of {@code m} (perturbed in place), with a fixed
     * random weighting {@code w}. {@code f} must be deterministic (re-seed any dropout inside it).
     */
    public static void gradCheckModule(Module m, Function<Tensor[], Tensor> f, double eps, double rtol, double atol,
                                       Tensor... inputs) {
        Tensor out = f.apply(inputs);
        Tensor w = Tensor.uniform(new Generator(17), 0.5f, 1.5f, out.shape());
        m.zeroGrad();
        for (Tensor t : inputs) t.zeroGrad();
        out.mul(w).sum().backward();
        Map<String, Tensor> targets = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad()) targets.put("input " + i, inputs[i]);
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad()) targets.put(e.getKey(), e.getValue());
        }
        float[] wv = w.toFloatArray();
        List<Tensor> seen = new java.util.ArrayList<>();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor t = e.getValue();
            if (seen.stream().anyMatch(s -> s == t)) continue;
            seen.add(t);
            float[] analytic = t.grad() == null ? new float[t.numel()] : t.grad().toFloatArray();
            float[] data = t.array();
            for (int i = 0; i < data.length; i++) {
                float orig = data[i];
                double plus, minus;
                try (var scope = GradMode.noGrad()) {
                    data[i] = (float) (orig + eps);
                    double hp = data[i] - orig;
                    plus = weighted(f.apply(inputs), wv);
                    data[i] = (float) (orig - eps);
                    double hm = orig - data[i];
                    minus = weighted(f.apply(inputs), wv);
                    data[i] = orig;
                    double numeric = (plus - minus) / (hp + hm);
                    if (!(Math.abs(analytic[i] - numeric) <= atol + rtol * Math.abs(numeric))) {
                        fail(m.getClass().getSimpleName() + ": gradient of " + e.getKey() + " " + Shape.format(t.shape())
                                + " at flat index " + i + ": analytic " + analytic[i] + ", numeric " + numeric);
                    }
                }
            }
        }
    }

    private static double weighted(Tensor out, float[] w) {
        float[] v = out.toFloatArray();
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * w[i];
        return s;
    }
}
