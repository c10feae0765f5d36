package dev.arabica.nn;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base class of layers and models, modelled on PyTorch's {@code torch.nn.Module}.
 *
 * <p>A module owns three explicitly registered, ordered collections (no reflection):
 * <ul>
 *   <li><b>parameters</b> ({@link #registerParameter}): trainable leaf tensors, see {@link Parameter};</li>
 *   <li><b>buffers</b> ({@link #registerBuffer}): state that is saved but not trained (batch norm's
 *       running statistics);</li>
 *   <li><b>children</b> ({@link #registerModule}): sub-modules.</li>
 * </ul>
 * Names are dotted paths through the children ({@code layers.0.weight}) and are the keys of
 * {@link #stateDict()}. Collections iterate in registration order, the module's own entries before
 * its children's (depth first), like PyTorch.
 *
 * <p>{@link #train()} / {@link #eval()} set a per-module flag on this module and all its
 * descendants; dropout and batch norm read it. {@link #requiresGrad_(boolean) requiresGrad_(false)}
 * freezes every parameter of the module: frozen parameters get no gradient and are left out of
 * {@link #trainableParameters()}, the list to give an optimizer.
 *
 * <p>Subclasses register everything in their constructor and implement {@link #forward}.
 */
public abstract class Module {
    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** For subclasses, whose constructors register the parameters, buffers and children. */
    protected Module() {}

    /** Computes the module's output for input {@code x}. */
    public abstract Tensor forward(Tensor x);

    // ------------------------------------------------------------------ registration

    /**
     * Registers a parameter under {@code name} and returns it (for assignment to a field).
     *
     * @param parameter a float32 leaf tensor that requires grad, e.g. from {@link Parameter#of}
     * @throws IllegalArgumentException if the name is invalid or taken, or the tensor is not a
     *     float32 leaf that requires grad
     */
    protected final Tensor registerParameter(String name, Tensor parameter) {
        checkName("registerParameter", name);
        if (parameter == null) throw new IllegalArgumentException("registerParameter: parameter '" + name + "' is null");
        if (parameter.dtype() != DType.FLOAT32 || !parameter.isLeaf() || !parameter.requiresGrad()) {
            throw new IllegalArgumentException("registerParameter: '" + name + "' must be a float32 leaf tensor that requires grad"
                    + " (got " + parameter.dtype() + " of shape " + Shape.format(parameter.shape())
                    + (parameter.isLeaf() ? "" : ", produced by " + parameter.gradFnName())
                    + (parameter.requiresGrad() ? "" : ", requiresGrad=false") + "); create it with Parameter.of(...)");
        }
        parameters.put(name, parameter);
        return parameter;
    }

    /**
     * Registers a buffer (saved in the state dict, not trained) and returns it. Modules update
     * buffers in place, so references to them stay valid.
     */
    protected final Tensor registerBuffer(String name, Tensor buffer) {
        checkName("registerBuffer", name);
        if (buffer == null) throw new IllegalArgumentException("registerBuffer: buffer '" + name + "' is null");
        if (buffer.requiresGrad()) {
            throw new IllegalArgumentException("registerBuffer: buffer '" + name + "' requires grad; register it as a parameter instead");
        }
        buffers.put(name, buffer);
        return buffer;
    }

    /** Registers a child module and returns it. Its training flag is set to this module's. */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName("registerModule", name);
        if (module == null) throw new IllegalArgumentException("registerModule: module '" + name + "' is null");
        for (Named n : ((Module) module).walk(true)) {
            if (n.module == this) {
                throw new IllegalArgumentException("registerModule: registering '" + name + "' would create a cycle ("
                        + getClass().getSimpleName() + " is already inside it)");
            }
        }
        children.put(name, module);
        module.train(training);
        return module;
    }

    /**
     * Replaces the sub-module at the dotted path {@code target} with {@code module} and returns
     * {@code module}: PyTorch's {@code set_submodule}, the {@code model.fc = nn.Linear(512, 10)} of
     * transfer learning. The replacement takes the old module's name (so its parameters appear in
     * {@link #stateDict()} under the same prefix) and the parent's training mode.
     *
     * <pre>{@code
     * ResNet model = ResNet.resnet18(1000);                         // then load the ImageNet weights
     * model.setSubmodule("fc", new Linear(512, 10));                // a new 10-class head
     * vgg.setSubmodule("classifier.6", new Linear(4096, 10));      // inside a Sequential
     * }</pre>
     *
     * <p>Only a child that its parent reads through the registry can be replaced; the parent
     * declares it with {@link #isReplaceable(String)} (every layer of a {@link Sequential}, the
     * heads of the cnn models). Any other child is refused rather than silently ignored by a
     * parent that keeps it in a field.
     *
     * @throws IllegalArgumentException if {@code target} names no sub-module, its parent does not
     *     allow replacing it, or the replacement would create a cycle
     */
    public final <M extends Module> M setSubmodule(String target, M module) {
        if (target == null || target.isEmpty()) throw new IllegalArgumentException("setSubmodule: target must be a non-empty dotted path");
        if (module == null) throw new IllegalArgumentException("setSubmodule: the module for '" + target + "' is null");
        int dot = target.lastIndexOf('.');
        String parentPath = dot < 0 ? "" : target.substring(0, dot), name = target.substring(dot + 1);
        Module parent = namedModules().get(parentPath);
        if (parent == null || !parent.children.containsKey(name)) {
            throw new IllegalArgumentException("setSubmodule: " + getClass().getSimpleName() + " has no sub-module '" + target + "'"
                    + (parent == null ? "" : " (children of '" + parentPath + "': " + parent.children.keySet() + ")"));
        }
        if (!parent.isReplaceable(name)) {
            throw new IllegalArgumentException("setSubmodule: " + parent.getClass().getSimpleName() + " does not allow replacing its child '"
                    + name + "' (it is not read through the module registry)");
        }
        for (Named n : ((Module) module).walk(true)) {
            if (n.module == parent) {
                throw new IllegalArgumentException("setSubmodule: putting that module at '" + target + "' would create a cycle");
            }
        }
        parent.children.put(name, module);
        module.train(parent.training);
        return module;
    }

    /**
     * Whether {@link #setSubmodule} may replace the child {@code name}: true only for children that
     * {@link #forward} reads through {@link #child(String)} (or {@link #namedChildren()}) on every
     * call, never through a field. False by default.
     */
    protected boolean isReplaceable(String name) {
        return false;
    }

    /** The registered child {@code name} (for a {@link #forward} that lets it be replaced). */
    protected final Module child(String name) {
        Module m = children.get(name);
        if (m == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no child '" + name + "'");
        return m;
    }

    private void checkName(String op, String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(op + ": name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(op + ": name '" + name + "' is already used in " + getClass().getSimpleName());
        }
    }

    // ------------------------------------------------------------------ traversal

    /** One module with its dotted path ("" for the root). */
    private record Named(String prefix, Module module) {}

    /**
     * Pre-order walk of the module tree (iterative). With {@code dedupe}, a module reachable along
     * several paths is visited once (first path wins), as in {@code named_modules()}.
     */
    private List<Named> walk(boolean dedupe) {
        List<Named> out = new ArrayList<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Named> stack = new ArrayDeque<>();
        stack.push(new Named("", this));
        while (!stack.isEmpty()) {
            Named n = stack.pop();
            if (!seen.add(n.module) && dedupe) continue; // registration rejects cycles, so this terminates
            out.add(n);
            List<Map.Entry<String, Module>> kids = new ArrayList<>(n.module.children.entrySet());
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(new Named(n.prefix + kids.get(i).getKey() + ".", kids.get(i).getValue()));
            }
        }
        return out;
    }

    /**
     * Every parameter of this module and its descendants by dotted name, in registration order
     * (a parameter shared by several modules is listed once, under its first name).
     */
    public final Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Named n : walk(true)) {
            for (Map.Entry<String, Tensor> e : n.module.parameters.entrySet()) {
                if (seen.add(e.getValue())) out.put(n.prefix + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The values of {@link #namedParameters()}: the list to give an optimizer (see also {@link #trainableParameters()}). */
    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** The parameters that are not frozen ({@code requiresGrad() == true}). */
    public final List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : namedParameters().values()) if (p.requiresGrad()) out.add(p);
        return out;
    }

    /** Every buffer of this module and its descendants by dotted name. */
    public final Map<String, Tensor> namedBuffers() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Named n : walk(true)) {
            for (Map.Entry<String, Tensor> e : n.module.buffers.entrySet()) {
                if (seen.add(e.getValue())) out.put(n.prefix + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The values of {@link #namedBuffers()} (running statistics and other non-trainable state), in the same order. */
    public final List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    /** The direct children by name, in registration order (unmodifiable). */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** The direct children in registration order (a new list). */
    public final List<Module> children() {
        return new ArrayList<>(children.values());
    }

    /** This module (name "") and all descendants, pre-order, by dotted name. */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        for (Named n : walk(true)) {
            String p = n.prefix;
            out.put(p.isEmpty() ? "" : p.substring(0, p.length() - 1), n.module);
        }
        return out;
    }

    /** Number of parameter elements (all, or only the trainable ones). */
    public final long parameterCount(boolean trainableOnly) {
        long n = 0;
        for (Tensor p : namedParameters().values()) if (!trainableOnly || p.requiresGrad()) n += p.numel();
        return n;
    }

    // ------------------------------------------------------------------ modes

    /** Sets training mode on this module and its descendants; returns this. */
    public final Module train(boolean mode) {
        for (Named n : walk(true)) n.module.training = mode;
        return this;
    }

    /** {@code train(true)}. */
    public final Module train() {
        return train(true);
    }

    /** {@code train(false)}: dropout becomes the identity, batch norm uses its running statistics. */
    public final Module eval() {
        return train(false);
    }

    /** Sets this module's flag only (not its children's), to restore a saved mode. */
    final void setOwnTraining(boolean mode) {
        training = mode;
    }

    /** Whether this module is in training mode ({@link #train()}) rather than evaluation mode ({@link #eval()}). */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) every parameter of this module and its
     * descendants; returns this. Frozen parameters receive no gradient. Their current gradient is
     * cleared when freezing.
     */
    public final Module requiresGrad_(boolean requiresGrad) {
        for (Tensor p : namedParameters().values()) {
            p.requiresGrad_(requiresGrad);
            if (!requiresGrad) p.zeroGrad();
        }
        return this;
    }

    /** Clears the gradient of every parameter (sets it to null). */
    public final void zeroGrad() {
        for (Tensor p : namedParameters().values()) p.zeroGrad();
    }

    // ------------------------------------------------------------------ state dict

    /**
     * Parameters and buffers by dotted name (per module: parameters, then buffers, then children),
     * as <b>detached copies</b>: a snapshot that later training steps do not change and that can be
     * modified without affecting the model. A tensor reachable under several names appears under each.
     */
    public final Map<String, Tensor> stateDict() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : stateEntries().entrySet()) {
                out.put(e.getKey(), e.getValue().detach().clone());
            }
        }
        return out;
    }

    /** The live tensors behind {@link #stateDict()} (no copies, no dedupe of shared tensors). */
    private Map<String, Tensor> stateEntries() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (Named n : walk(false)) {
            for (Map.Entry<String, Tensor> e : n.module.parameters.entrySet()) out.put(n.prefix + e.getKey(), e.getValue());
            for (Map.Entry<String, Tensor> e : n.module.buffers.entrySet()) out.put(n.prefix + e.getKey(), e.getValue());
        }
        return out;
    }

    /** What a non-strict {@link #loadStateDict(Map, boolean)} could not load. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys, List<String> shapeMismatches) {
        public LoadResult {
            missingKeys = List.copyOf(missingKeys);
            unexpectedKeys = List.copyOf(unexpectedKeys);
            shapeMismatches = List.copyOf(shapeMismatches);
        }

        /** True if every key matched with the right shape. */
        public boolean isClean() {
            return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
        }
    }

    /**
     * Strictly loads {@code state} (copying values into the existing tensors, so optimizers keep
     * valid references). Nothing is modified unless the keys match exactly and every shape agrees.
     *
     * @throws StateDictException listing all missing keys, unexpected keys and shape mismatches
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    /**
     * Loads {@code state}. Strict: like {@link #loadStateDict(Map)}. Non-strict: loads every key
     * present in both with matching shapes, skips the rest, and reports it.
     *
     * @return the keys that were missing, unexpected or of the wrong shape (all empty when strict)
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateEntries();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint " + Shape.format(src.shape()) + " vs model "
                        + Shape.format(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        LoadResult result = new LoadResult(missing, unexpected, mismatched);
        if (strict && !result.isClean()) throw new StateDictException(getClass().getSimpleName(), result);
        try (var scope = GradMode.noGrad()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null && Arrays.equals(src.shape(), e.getValue().shape())) e.getValue().copy_(src);
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ printing

    /**
     * A Keras-style table of layers, output shapes for an input of {@code inputShape} and parameter
     * counts; see {@link Summary}.
     */
    public final String summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    /** Hyperparameters shown between the parentheses of {@link #toString()}, e.g. {@code inFeatures=2, outFeatures=3}. */
    protected String extraRepr() {
        return "";
    }

    /** PyTorch-style nested description: {@code Sequential(\n  (0): Linear(...)\n)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                String child = e.getValue().toString().replace("\n", "\n  ");
                sb.append("  (").append(e.getKey()).append("): ").append(child).append('\n');
            }
        }
        return sb.append(')').toString();
    }
}
