package dev.arabica.nn.train;

import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.DataLoader.Batch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluation and prediction with evaluation mode and no-grad switched on for their duration:
 * dropout is the identity, batch norm uses its running statistics, no graph is recorded, and the
 * model's training flags are restored afterwards (module by module, so a sub-module the user had
 * put in eval mode stays there).
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * Puts {@code model} in eval mode and turns gradient recording off on this thread until the
     * returned scope is closed:
     * <pre>{@code
     * try (var scope = Evaluation.scope(model)) {
     *     Tensor logits = model.forward(x);
     * }
     * }</pre>
     */
    public static Scope scope(Module model) {
        return new Scope(Objects.requireNonNull(model, "model"));
    }

    /** The model's output for {@code x}, computed in eval mode without gradients (detached). */
    public static Tensor predict(Module model, Tensor x) {
        try (var scope = scope(model)) {
            return model.forward(x);
        }
    }

    /**
     * Like {@link #predict(Module, Tensor)} in chunks of {@code batchSize} examples along dim 0,
     * concatenated, to bound memory on large inputs.
     */
    public static Tensor predict(Module model, Tensor x, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("predict: batchSize must be positive, got " + batchSize);
        int n = x.size(0);
        if (n <= batchSize) return predict(model, x);
        try (var scope = scope(model)) {
            List<Tensor> parts = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                parts.add(model.forward(x.slice(0, from, Math.min(n, from + batchSize))));
            }
            return Tensor.cat(parts, 0);
        }
    }

    /**
     * Mean loss over the examples (each batch weighted by its size) and the metrics' values, keyed
     * {@code loss} and by metric name. {@code loss} may be null (no loss entry).
     */
    public static Map<String, Double> evaluate(Module model, LossFunction loss, Iterable<Batch> data, List<Metric> metrics) {
        for (Metric m : metrics) m.reset();
        double lossSum = 0;
        long count = 0;
        try (var scope = scope(model)) {
            for (Batch b : data) {
                Tensor out = model.forward(b.x());
                if (loss != null) lossSum += (double) loss.compute(out, b.y()).item() * b.size();
                count += b.size();
                for (Metric m : metrics) m.update(out, b.y());
            }
        }
        Map<String, Double> logs = new LinkedHashMap<>();
        if (loss != null) logs.put("loss", count == 0 ? Double.NaN : lossSum / count);
        for (Metric m : metrics) logs.put(m.name(), m.value());
        return logs;
    }

    /** Restores the training flags and the gradient mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final List<Module> modules = new ArrayList<>();
        private final boolean[] flags;
        private final GradMode.Scope noGrad;
        private boolean closed;

        private Scope(Module model) {
            modules.addAll(model.namedModules().values()); // pre-order: restoring in this order is exact
            flags = new boolean[modules.size()];
            for (int i = 0; i < flags.length; i++) flags[i] = modules.get(i).isTraining();
            model.eval();
            noGrad = GradMode.noGrad();
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            noGrad.close();
            for (int i = 0; i < flags.length; i++) modules.get(i).train(flags[i]);
        }
    }
}
