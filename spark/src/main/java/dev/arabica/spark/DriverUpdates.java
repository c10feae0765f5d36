package dev.arabica.spark;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.train.Metric;
import dev.arabica.optim.GradClip;
import dev.arabica.optim.Optimizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the driver does with a job's combined {@link Accumulator}: the only place that changes the driver's model and optimizer. */
final class DriverUpdates {
    private DriverUpdates() {}

    /**
     * Synchronous step: sets each parameter's gradient to {@code sum_p n_p g_p / n} (the gradient of
     * the mean loss over the global batch of {@code n} examples; none where no partition's backward
     * reached it), clips the norm if {@code clipNorm} is not NaN, takes the optimizer step, and sets
     * float buffers to the partitions' example-weighted mean and int64 buffers to their maximum.
     */
    static void applyGradients(Module model, Optimizer<?> optimizer, Accumulator acc, double clipNorm) {
        List<Tensor> params = model.parameters();
        model.zeroGrad();
        for (int i = 0; i < params.size(); i++) {
            float[] g = acc.sumOver("grad." + i, acc.examples());
            if (g != null) params.get(i).setGrad(Tensor.wrap(g, params.get(i).shape()));
        }
        if (!Double.isNaN(clipNorm)) GradClip.clipGradNorm(optimizer.params(), clipNorm);
        optimizer.step();
        try (var noGrad = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> b : model.namedBuffers().entrySet()) {
                Tensor t = b.getValue();
                String key = "buffer." + b.getKey();
                if (t.dtype() == DType.FLOAT32) {
                    float[] mean = acc.mean(key);
                    if (mean != null) t.copy_(Tensor.wrap(mean, t.shape()));
                } else {
                    long[] max = acc.max(key);
                    if (max != null) t.copy_(Tensor.wrapLongs(max, t.shape()));
                }
            }
        }
    }

    /**
     * Parameter averaging: loads the partitions' example-weighted mean state dict into the model
     * (int64 entries: maximum) and their averaged per-parameter optimizer state into the optimizer,
     * keeping the hyperparameters ({@code param_groups.*}) of {@code optimizerStateSent}, the state the
     * round started from.
     */
    static void applyAverages(Module model, Optimizer<?> optimizer, Map<String, Tensor> optimizerStateSent, Accumulator acc) {
        Map<String, Tensor> averaged = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            String key = "model." + e.getKey();
            Tensor t = e.getValue();
            if (t.dtype() == DType.FLOAT32) {
                float[] mean = acc.mean(key);
                averaged.put(e.getKey(), mean == null ? t : Tensor.wrap(mean, t.shape()));
            } else {
                long[] max = acc.max(key);
                averaged.put(e.getKey(), max == null ? t : Tensor.wrapLongs(max, t.shape()));
            }
        }
        model.loadStateDict(averaged);
        Map<String, Tensor> state = new LinkedHashMap<>();
        List<Tensor> params = optimizer.params();
        for (String key : acc.maxKeys()) {
            if (key.startsWith("optimizer.")) state.put(key.substring("optimizer.".length()), Tensor.ofLongs(acc.max(key)));
        }
        for (String key : acc.floatKeys()) {
            if (!key.startsWith("optimizer.")) continue;
            String name = key.substring("optimizer.".length()); // state.<i>.<buffer>
            int i = Integer.parseInt(name.split("\\.", 3)[1]);
            state.put(name, Tensor.wrap(acc.mean(key), params.get(i).shape()));
        }
        for (Map.Entry<String, Tensor> e : optimizerStateSent.entrySet()) {
            if (e.getKey().startsWith("param_groups.")) state.put(e.getKey(), e.getValue());
        }
        optimizer.loadStateDict(state);
    }

    /** Feeds the outputs and targets the partitions sent (if any) to the metrics, without gradients. */
    static void updateMetrics(List<Metric> metrics, Outputs outputs, ExampleFormat format) {
        if (outputs == null || metrics.isEmpty()) return;
        try (var noGrad = GradMode.noGrad()) {
            Tensor out = outputs.outputTensor(), y = format.targets(outputs.targets(), outputs.examples());
            for (Metric m : metrics) m.update(out, y);
        }
    }
}
