package dev.arabica.nn;

import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Keras-style text summary of a model: one row per sub-module (dotted name and type, output
 * shape, parameters registered directly on it), then the totals.
 *
 * <pre>
 * Sequential, input shape [1,2]
 * Layer (type)  Output Shape  Param #
 * ===================================
 * 0 (Linear)    [1,16]             48
 * 1 (ReLU)      [1,16]              0
 * 2 (Linear)    [1,2]              34
 * ===================================
 * Total params: 82
 * Trainable params: 82
 * Non-trainable params: 0
 * Output shape: [1,2]
 * </pre>
 *
 * <p>Output shapes come from one forward pass on zeros of the given input shape, in eval mode and
 * without recording gradients; every module's training flag is restored afterwards and nothing
 * is updated (eval batch norm and dropout have no side effects). Modules do not have forward
 * hooks, so shapes are known for the model, for each layer of a {@link Sequential} (nested ones
 * too) and for every leaf reached that way; children of other containers show {@code -}.
 * Frozen parameters are marked and counted as non-trainable.
 */
public final class Summary {
    private Summary() {}

    private record Row(String name, String type, String shape, long params, long frozen) {}

    /** The summary table for {@code model} applied to an input of {@code inputShape}. */
    public static String of(Module model, int... inputShape) {
        List<Row> rows = new ArrayList<>();
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : model.namedModules().values()) modes.put(m, m.isTraining());
        Tensor out;
        try (var scope = GradMode.noGrad()) {
            model.eval();
            out = run(model, "", Tensor.zeros(inputShape), rows, true);
        } finally {
            for (Map.Entry<Module, Boolean> e : modes.entrySet()) e.getKey().setOwnTraining(e.getValue());
        }
        return format(model, inputShape, out, rows);
    }

    private static Tensor run(Module m, String name, Tensor x, List<Row> rows, boolean root) {
        int index = rows.size();
        boolean showSelf = !root || m.namedChildren().isEmpty();
        if (showSelf) rows.add(null);
        Tensor out;
        if (m instanceof Sequential) {
            out = x;
            for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) {
                out = run(e.getValue(), child(name, e.getKey()), out, rows, false);
            }
        } else {
            out = m.forward(x);
            for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) {
                addUnknown(e.getValue(), child(name, e.getKey()), rows);
            }
        }
        if (showSelf) rows.set(index, row(m, name, Shape.format(out.shape())));
        return out;
    }

    private static void addUnknown(Module m, String name, List<Row> rows) {
        rows.add(row(m, name, "-"));
        for (Map.Entry<String, Module> e : m.namedChildren().entrySet()) addUnknown(e.getValue(), child(name, e.getKey()), rows);
    }

    private static String child(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    private static Row row(Module m, String name, String shape) {
        long params = 0, frozen = 0;
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (e.getKey().contains(".")) continue; // only parameters registered on m itself
            params += e.getValue().numel();
            if (!e.getValue().requiresGrad()) frozen += e.getValue().numel();
        }
        return new Row(name, m.getClass().getSimpleName(), shape, params, frozen);
    }

    private static String format(Module model, int[] inputShape, Tensor out, List<Row> rows) {
        String h1 = "Layer (type)", h2 = "Output Shape", h3 = "Param #";
        int w1 = h1.length(), w2 = h2.length(), w3 = h3.length();
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String c1 = r.name.isEmpty() ? r.type : r.name + " (" + r.type + ")";
            String c3 = String.format(Locale.ROOT, "%,d", r.params) + (r.frozen == 0 ? "" : r.frozen == r.params ? " (frozen)" : " (partly frozen)");
            cells.add(new String[] {c1, r.shape, c3});
            w1 = Math.max(w1, c1.length());
            w2 = Math.max(w2, r.shape.length());
            w3 = Math.max(w3, c3.length());
        }
        String line = "%-" + w1 + "s  %-" + w2 + "s  %" + w3 + "s%n";
        String rule = "=".repeat(w1 + w2 + w3 + 4) + "\n";
        StringBuilder sb = new StringBuilder();
        sb.append(model.getClass().getSimpleName()).append(", input shape ").append(Shape.format(inputShape)).append('\n');
        sb.append(String.format(Locale.ROOT, line, h1, h2, h3)).append(rule);
        for (String[] c : cells) sb.append(String.format(Locale.ROOT, line, c[0], c[1], c[2]));
        sb.append(rule);
        long total = model.parameterCount(false), trainable = model.parameterCount(true);
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", trainable));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", total - trainable));
        long bufferElements = 0;
        for (Tensor b : model.buffers()) bufferElements += b.numel();
        if (bufferElements > 0) sb.append(String.format(Locale.ROOT, "Buffer elements (not trained): %,d%n", bufferElements));
        sb.append("Output shape: ").append(Shape.format(out.shape())).append('\n');
        return sb.toString();
    }
}
