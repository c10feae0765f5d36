package dev.arabica.core.golden;

import dev.arabica.core.Autograd;
import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.Json;
import dev.arabica.core.io.Npy;
import dev.arabica.core.io.RawArray;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Runs PyTorch reference cases (see the golden README): loads a case folder's inputs, builds the
 * views it describes, runs the op through a module's handler, backpropagates the case's upstream
 * gradients and compares outputs and gradients with the case's tolerances.
 *
 * <p>The folder comes from the system property {@code golden.dir} (default {@code ../shared/golden}),
 * and any folder in the same format works: nothing here knows the case ids.
 */
public final class GoldenRunner {
    private GoldenRunner() {}

    /** The golden folder: {@code -Dgolden.dir}, else {@code ../shared/golden} (or one level further up). */
    public static Path goldenDir() {
        String prop = System.getProperty("golden.dir");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        Path p = Path.of("../shared/golden");
        if (!Files.isDirectory(p) && Files.isDirectory(Path.of("../../shared/golden"))) p = Path.of("../../shared/golden");
        return p;
    }

    /**
     * One dynamic test per case whose (family, op) this module owns, then a summary test that prints
     * {@code golden[<module>]: N passed, M failed, K not implemented} and fails if M > 0. Owned cases
     * whose op has no handler count as not implemented (reported as skipped).
     */
    public static Stream<DynamicNode> suite(String module, BiPredicate<String, String> owns, Map<String, GoldenOp> ops) {
        return suite(goldenDir(), module, owns, ops);
    }

    /** {@link #suite(String, BiPredicate, Map)} over the case folders in {@code dir}. */
    public static Stream<DynamicNode> suite(Path dir, String module, BiPredicate<String, String> owns, Map<String, GoldenOp> ops) {
        if (!Files.isDirectory(dir)) {
            return Stream.of(DynamicTest.dynamicTest("golden folder", () ->
                    SharedFiles.absent("golden folder " + dir.toAbsolutePath() + " is absent; set -Dgolden.dir")));
        }
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted().forEach(cases::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list golden folder " + dir, e);
        }
        AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), missing = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        List<DynamicNode> tests = new ArrayList<>();
        for (Path caseDir : cases) {
            Map<String, Object> spec = readSpec(caseDir);
            String family = (String) spec.get("family"), op = (String) spec.get("op");
            if (!owns.test(family, op)) continue;
            String id = spec.get("id") instanceof String s ? s : caseDir.getFileName().toString();
            tests.add(DynamicTest.dynamicTest(id, () -> {
                GoldenOp handler = ops.get(op);
                if (handler == null) {
                    missing.incrementAndGet();
                    Assumptions.abort("not implemented: op '" + op + "'");
                }
                try {
                    runCase(caseDir, spec, handler);
                    passed.incrementAndGet();
                } catch (AssertionError | Exception t) { // count the failure, then let JUnit report it
                    failed.incrementAndGet();
                    synchronized (failures) { failures.add(id); }
                    throw t;
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("summary", () -> {
            String line = "golden[" + module + "]: " + passed.get() + " passed, " + failed.get() + " failed, "
                    + missing.get() + " not implemented";
            System.out.println(line);
            Assertions.assertEquals(0, failed.get(), line + "; failed: " + failures);
        }));
        return tests.stream();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readSpec(Path caseDir) {
        try {
            return (Map<String, Object>) Json.parse(Files.readString(caseDir.resolve("case.json"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + caseDir.resolve("case.json"), e);
        }
    }

    /** Loads a .npy file as a tensor. */
    public static Tensor load(Path file) throws IOException {
        RawArray raw = Npy.read(file);
        return raw.dtype() == DType.FLOAT32 ? Tensor.of(raw.floats(), raw.shape()) : Tensor.ofLongs(raw.longs(), raw.shape());
    }

    @SuppressWarnings("unchecked")
    static void runCase(Path dir, Map<String, Object> spec, GoldenOp handler) throws Exception {
        String id = String.valueOf(spec.get("id"));
        List<String> inputStems = (List<String>) spec.getOrDefault("inputs", List.of());
        List<String> outputStems = (List<String>) spec.getOrDefault("outputs", List.of());
        List<String> requiresGrad = (List<String>) spec.getOrDefault("requires_grad", List.of());
        Map<String, Object> views = spec.get("views") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> attrs = spec.get("attrs") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        double rtol = ((Number) spec.get("rtol")).doubleValue(), atol = ((Number) spec.get("atol")).doubleValue();

        Map<String, Tensor> bases = new LinkedHashMap<>(), args = new LinkedHashMap<>();
        for (String stem : inputStems) {
            Tensor base = load(dir.resolve(stem + ".npy"));
            if (requiresGrad.contains(stem)) base.requiresGrad_(true);
            bases.put(stem, base);
            Tensor arg = base;
            Object v = views.get(stem);
            if (v instanceof List<?> list) {
                for (Object step : list) arg = applyView(arg, (List<Object>) step, id, stem);
            }
            args.put(stem, arg);
        }
        GoldenCase c = new GoldenCase(id, (String) spec.get("op"), (String) spec.get("family"), attrs, args,
                List.copyOf(inputStems), List.copyOf(outputStems), requiresGrad);
        Map<String, Tensor> outputs = handler.run(c);
        for (String stem : outputStems) {
            Tensor actual = outputs.get(stem);
            Assertions.assertNotNull(actual, id + ": handler returned no output '" + stem + "'");
            compare(id, "output '" + stem + "'", actual, load(dir.resolve(stem + ".npy")), rtol, atol);
        }

        Map<String, Object> upstream = spec.get("upstream_map") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> grads = spec.get("grads") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        if (upstream.isEmpty() || grads.isEmpty()) return;
        List<Tensor> roots = new ArrayList<>(), ups = new ArrayList<>();
        for (Map.Entry<String, Object> e : upstream.entrySet()) {
            Tensor out = outputs.get(e.getKey());
            Assertions.assertNotNull(out, id + ": handler returned no output '" + e.getKey() + "' to backpropagate from");
            Tensor g = e.getValue() instanceof Number n ? Tensor.full(n.floatValue(), out.shape())
                    : load(dir.resolve(e.getValue() + ".npy"));
            roots.add(out);
            ups.add(g);
        }
        Autograd.backward(roots, ups, false);
        for (Map.Entry<String, Object> e : grads.entrySet()) {
            Tensor base = bases.get(e.getKey());
            Assertions.assertNotNull(base, id + ": gradient expected for unknown input '" + e.getKey() + "'");
            Tensor expected = load(dir.resolve(e.getValue() + ".npy"));
            Tensor actual = base.grad() != null ? base.grad() : Tensor.zeros(base.shape());
            compare(id, "gradient of '" + e.getKey() + "'", actual, expected, rtol, atol);
        }
    }

    @SuppressWarnings("unchecked")
    static Tensor applyView(Tensor t, List<Object> step, String id, String stem) {
        String kind = (String) step.get(0);
        return switch (kind) {
            case "transpose" -> t.transpose(num(step.get(1)), num(step.get(2)));
            case "permute" -> t.permute(ints((List<Object>) step.get(1)));
            case "slice" -> {
                int dim = num(step.get(1));
                int size = t.size(dim);
                Object start = step.get(2), stop = step.get(3), stepV = step.size() > 4 ? step.get(4) : null;
                yield t.slice(dim, start == null ? 0 : num(start), stop == null ? size : num(stop),
                        stepV == null ? 1 : num(stepV));
            }
            case "expand" -> t.expand(ints((List<Object>) step.get(1)));
            default -> throw new IllegalArgumentException(id + ": unknown view '" + kind + "' on input '" + stem + "'");
        };
    }

    private static int num(Object o) {
        return ((Number) o).intValue();
    }

    private static int[] ints(List<Object> list) {
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = num(list.get(i));
        return out;
    }

    /** Shapes must match exactly; int64 values exactly; floats within atol + rtol * |expected|. */
    public static void compare(String id, String what, Tensor actual, Tensor expected, double rtol, double atol) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            Assertions.fail(id + ": " + what + " has shape " + Shape.format(actual.shape()) + ", expected "
                    + Shape.format(expected.shape()));
        }
        if (expected.dtype() == DType.INT64) {
            long[] a = actual.toLongArray(), e = expected.toLongArray();
            for (int i = 0; i < e.length; i++) {
                if (a[i] != e[i]) {
                    Assertions.fail(id + ": " + what + " differs at flat index " + i + ": " + a[i] + " != " + e[i]);
                }
            }
            return;
        }
        float[] a = actual.toFloatArray(), e = expected.toFloatArray();
        int worst = -1;
        double worstRatio = 0;
        for (int i = 0; i < e.length; i++) {
            double tol = atol + rtol * Math.abs(e[i]);
            double err = Math.abs((double) a[i] - e[i]);
            double ratio = Double.isNaN(a[i]) ? Double.POSITIVE_INFINITY : err / tol;
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
        }
        if (worstRatio > 1.0) {
            Assertions.fail(String.format(Locale.ROOT, "%s: %s out of tolerance at flat index %d: actual %s, expected %s"
                    + " (error %.3g > tolerance %.3g; atol %s, rtol %s)", id, what, worst, a[worst], e[worst],
                    Math.abs((double) a[worst] - e[worst]), atol + rtol * Math.abs(e[worst]), atol, rtol));
        }
    }
}
