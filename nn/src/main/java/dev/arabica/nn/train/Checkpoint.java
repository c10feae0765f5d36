package dev.arabica.nn.train;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.SafeTensors;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.Module;
import dev.arabica.optim.LrScheduler;
import dev.arabica.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to continue training bit for bit: the model's state dict, the optimizer's
 * state (step counts, moment buffers, hyperparameters), the scheduler's position, the number of
 * epochs and optimizer steps done, the state of other {@link Stateful} components and the
 * {@link History}. Stored as one safetensors file, written atomically, with prefixed keys:
 * <pre>
 *   model.&lt;name&gt;            the model's state dict
 *   optimizer.&lt;key&gt;         Optimizer.stateDict()
 *   scheduler.&lt;key&gt;         LrScheduler.stateDict() (absent without a scheduler)
 *   trainer.epoch, trainer.step   int64 0-d: epochs completed, optimizer steps taken
 *   components.&lt;name&gt;.&lt;key&gt;  other Stateful parts (callbacks, a user's random state)
 * </pre>
 * and the history in the header's metadata ({@code arabica.history}). No Java serialization: the
 * file holds only tensors and strings.
 *
 * <p>Random state is not captured implicitly: a {@code Generator}'s complete state can be saved and
 * read back ({@code Generator.state()} and {@code setState}), but only for the generators you
 * name. Either track them as components ({@code Stateful.of(generator)}, e.g. a dropout layer's or
 * a {@code DataLoader.shuffle(Generator)} loader's generator), or avoid generator state altogether:
 * shuffle with {@link dev.arabica.nn.data.DataLoader#shuffle(long)}, whose permutation depends only
 * on seed and epoch, and re-seed dropout generators per epoch with
 * {@link dev.arabica.nn.data.Seeds}.
 *
 * <p>Plain training loops can use it directly:
 * <pre>{@code
 * Checkpoint.of(model, optimizer, scheduler, epoch).save(file);
 * ...
 * Checkpoint c = Checkpoint.load(file);
 * c.restore(model, optimizer, scheduler);
 * for (long epoch = c.epoch(); epoch < epochs; epoch++) { ... }
 * }</pre>
 *
 * @param epoch epochs completed
 * @param step optimizer steps taken
 * @param model the model's state dict
 * @param optimizer the optimizer's state dict
 * @param scheduler the scheduler's state dict, empty if there is none
 * @param components other state by component name (names without dots)
 * @param history the per-epoch logs so far (may be empty)
 */
public record Checkpoint(long epoch, long step, Map<String, Tensor> model, Map<String, Tensor> optimizer,
        Map<String, Tensor> scheduler, Map<String, Map<String, Tensor>> components, History history) {

    static final String FORMAT_KEY = "arabica.format";
    static final String FORMAT = "checkpoint-1";
    static final String HISTORY_KEY = "arabica.history";

    public Checkpoint {
        if (epoch < 0 || step < 0) throw new IllegalArgumentException("Checkpoint: epoch and step must be >= 0, got " + epoch + ", " + step);
        model = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(model, "model")));
        optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(optimizer, "optimizer")));
        scheduler = Collections.unmodifiableMap(new LinkedHashMap<>(scheduler == null ? Map.of() : scheduler));
        Map<String, Map<String, Tensor>> c = new LinkedHashMap<>();
        if (components != null) {
            for (Map.Entry<String, Map<String, Tensor>> e : components.entrySet()) {
                checkComponentName(e.getKey());
                c.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
            }
        }
        components = Collections.unmodifiableMap(c);
        if (history == null) history = new History();
    }

    static void checkComponentName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("Checkpoint: component names must be non-empty and contain no '.', got '" + name + "'");
        }
    }

    /** A snapshot of a model, its optimizer and (nullable) scheduler after {@code epoch} epochs. */
    public static Checkpoint of(Module model, Optimizer<?> optimizer, LrScheduler scheduler, long epoch) {
        long step = 0;
        for (int i = 0; i < optimizer.params().size(); i++) step = Math.max(step, optimizer.stepCount(i));
        return new Checkpoint(epoch, step, model.stateDict(), optimizer.stateDict(),
                scheduler == null ? Map.of() : scheduler.stateDict(), Map.of(), new History());
    }

    /** Writes the checkpoint to {@code file} atomically. */
    public void save(Path file) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        model.forEach((k, v) -> all.put("model." + k, v));
        optimizer.forEach((k, v) -> all.put("optimizer." + k, v));
        scheduler.forEach((k, v) -> all.put("scheduler." + k, v));
        all.put("trainer.epoch", Tensor.ofLongs(new long[] {epoch}));
        all.put("trainer.step", Tensor.ofLongs(new long[] {step}));
        components.forEach((name, state) -> state.forEach((k, v) -> all.put("components." + name + "." + k, v)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, FORMAT);
        metadata.put(HISTORY_KEY, history.encode());
        TensorFiles.writeSafetensors(file, all, metadata);
    }

    /**
     * Reads a checkpoint written by {@link #save}.
     *
     * @throws IOException if the file is not valid safetensors or not a checkpoint (e.g. a plain weights file)
     */
    public static Checkpoint load(Path file) throws IOException {
        Map<String, String> metadata = SafeTensors.readMetadata(file);
        if (!FORMAT.equals(metadata.get(FORMAT_KEY))) {
            throw new IOException(file + ": not an Arabica training checkpoint (metadata '" + FORMAT_KEY + "' is "
                    + (metadata.containsKey(FORMAT_KEY) ? "'" + metadata.get(FORMAT_KEY) + "'" : "missing")
                    + ", expected '" + FORMAT + "'); a weights file is loaded with ModelFiles.load");
        }
        Map<String, Tensor> model = new LinkedHashMap<>(), optimizer = new LinkedHashMap<>(), scheduler = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> components = new LinkedHashMap<>();
        Long epoch = null, step = null;
        for (Map.Entry<String, Tensor> e : TensorFiles.readSafetensors(file).entrySet()) {
            String key = e.getKey();
            Tensor t = e.getValue();
            int dot = key.indexOf('.');
            String group = dot < 0 ? key : key.substring(0, dot), rest = dot < 0 ? "" : key.substring(dot + 1);
            switch (group) {
                case "model" -> model.put(rest, t);
                case "optimizer" -> optimizer.put(rest, t);
                case "scheduler" -> scheduler.put(rest, t);
                case "trainer" -> {
                    if (rest.equals("epoch")) epoch = counter(file, key, t);
                    else if (rest.equals("step")) step = counter(file, key, t);
                    else throw new IOException(file + ": unexpected checkpoint entry '" + key + "'");
                }
                case "components" -> {
                    int d = rest.indexOf('.');
                    if (d <= 0 || d == rest.length() - 1) throw new IOException(file + ": malformed component entry '" + key + "'");
                    components.computeIfAbsent(rest.substring(0, d), k -> new LinkedHashMap<>()).put(rest.substring(d + 1), t);
                }
                default -> throw new IOException(file + ": unexpected checkpoint entry '" + key + "'");
            }
        }
        if (epoch == null || step == null) throw new IOException(file + ": checkpoint lacks 'trainer.epoch' or 'trainer.step'");
        History history;
        try {
            history = History.decode(metadata.getOrDefault(HISTORY_KEY, ""));
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
        return new Checkpoint(epoch, step, model, optimizer, scheduler, components, history);
    }

    private static long counter(Path file, String key, Tensor t) throws IOException {
        if (t.dtype() != DType.INT64 || t.numel() != 1 || t.toLongArray()[0] < 0) {
            throw new IOException(file + ": '" + key + "' must be a non-negative one-element int64 tensor, got " + t);
        }
        return t.toLongArray()[0];
    }

    /**
     * Restores the model (strictly), the optimizer and, if given, the scheduler (after the optimizer,
     * so the scheduler's learning rate wins).
     *
     * @throws IllegalArgumentException if a part does not match, or the checkpoint has scheduler state
     *     and {@code scheduler} is null or the other way round
     */
    public void restore(Module model, Optimizer<?> optimizer, LrScheduler scheduler) {
        if (scheduler == null && !this.scheduler.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.restore: the checkpoint has scheduler state " + this.scheduler.keySet()
                    + " but no scheduler was given");
        }
        if (scheduler != null && this.scheduler.isEmpty()) {
            throw new IllegalArgumentException("Checkpoint.restore: a scheduler was given but the checkpoint has no scheduler state");
        }
        model.loadStateDict(this.model);
        optimizer.loadStateDict(this.optimizer);
        if (scheduler != null) scheduler.loadStateDict(this.scheduler);
    }
}
