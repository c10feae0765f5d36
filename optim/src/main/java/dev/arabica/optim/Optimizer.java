package dev.arabica.optim;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base class of the optimizers: holds the parameters in groups with their hyperparameters, the
 * per-parameter state (a step count and float buffers the size of the parameter, created on the
 * parameter's first step) and its {@linkplain #stateDict() state dict}.
 *
 * <p>{@link #step()} updates every parameter that requires grad and has a gradient; the others
 * (frozen, or not reached by backward) are skipped and their state does not advance. Updates
 * write straight into the parameter's storage and are not recorded by autograd.
 *
 * <p>Parameters are numbered in group order (group 0's parameters first), as in PyTorch; that
 * index names their state in the state dict.
 *
 * <p>A subclass is its update rule ({@link #update}) plus its options record {@code O}. Every
 * optimizer of this package offers the same constructors: {@code X(params)} with PyTorch's
 * defaults (except {@link SGD} and {@link EwmaMomentum}, whose learning rate has no default),
 * {@code X(params, lr)}, {@code X(params, options)} and {@code X.ofGroups(groups, defaults)}.
 *
 * @param <O> the optimizer's hyperparameter record
 */
public abstract class Optimizer<O extends OptimizerOptions<O>> {
    private final String name;
    private final String[] bufferNames;
    private final Tensor[] params;
    private final int[][] groupParams;
    private final List<O> groupOptions;
    private final ParamState[] state;

    /**
     * @param name the optimizer's name, used in messages
     * @param groups the parameter groups; a group without options gets {@code defaults}
     * @param defaults the default options; every group's options must be of the same type
     * @param bufferNames the per-parameter buffers this optimizer keeps, by their PyTorch names
     */
    protected Optimizer(String name, List<ParamGroup> groups, O defaults, String... bufferNames) {
        this.name = name;
        this.bufferNames = bufferNames.clone();
        Objects.requireNonNull(groups, name + ": param groups");
        Objects.requireNonNull(defaults, name + ": options");
        if (groups.isEmpty()) throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        List<Tensor> all = new ArrayList<>();
        IdentityHashMap<Tensor, Integer> seen = new IdentityHashMap<>();
        groupParams = new int[groups.size()][];
        @SuppressWarnings("unchecked") // getClass() of an O is a Class<? extends O>
        Class<O> type = (Class<O>) defaults.getClass();
        groupOptions = new ArrayList<>(groups.size());
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = Objects.requireNonNull(groups.get(g), name + ": param group " + g);
            OptimizerOptions<?> options = group.options() == null ? defaults : group.options();
            if (options.getClass() != type) {
                throw new IllegalArgumentException(name + ": param group " + g + " has options of type "
                        + typeName(options.getClass()) + ", expected " + typeName(type));
            }
            groupOptions.add(type.cast(options));
            groupParams[g] = new int[group.params().size()];
            for (int j = 0; j < group.params().size(); j++) {
                Tensor p = group.params().get(j);
                if (p.dtype() != DType.FLOAT32) {
                    throw new IllegalArgumentException(name + ": parameter " + all.size() + " is " + p.dtype()
                            + "; only float32 tensors can be optimized");
                }
                if (!p.isLeaf()) {
                    throw new IllegalArgumentException(name + ": parameter " + all.size()
                            + " is not a leaf tensor (it was produced by " + p.gradFnName() + ")");
                }
                Integer previous = seen.put(p, all.size());
                if (previous != null) {
                    throw new IllegalArgumentException(name + ": parameter " + all.size()
                            + " is the same tensor as parameter " + previous + "; each parameter may appear once");
                }
                groupParams[g][j] = all.size();
                all.add(p);
            }
        }
        if (all.isEmpty()) throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        params = all.toArray(new Tensor[0]);
        state = new ParamState[params.length];
    }

    private static String typeName(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
    }

    /** Wraps a flat parameter list as one group with the default options. */
    protected static List<ParamGroup> oneGroup(List<Tensor> params) {
        Objects.requireNonNull(params, "params");
        return List.of(new ParamGroup(params));
    }

    /** A copy of {@code groups} as an array (the constructor argument behind each {@code ofGroups}). */
    protected static ParamGroup[] groupArray(List<ParamGroup> groups) {
        return Objects.requireNonNull(groups, "param groups").toArray(new ParamGroup[0]);
    }

    /**
     * Updates one parameter in place from its gradient.
     *
     * @param options the hyperparameters of the parameter's group
     * @param state the parameter's state; {@code state.step()} is already advanced to this step
     *     (1 on the first step); buffers are null until created
     * @param param the parameter's values in C order (written in place)
     * @param grad the gradient in C order (read only)
     * @param n the number of elements (arrays may be longer)
     */
    protected abstract void update(O options, ParamState state, float[] param, float[] grad, int n);

    /** Whether a parameter that has taken a step keeps buffer {@code index} under {@code options}. */
    protected abstract boolean usesBuffer(O options, int index);

    // ------------------------------------------------------------------ stepping

    /** Performs one optimization step on every parameter that requires grad and has a gradient. */
    public void step() {
        try (var scope = GradMode.noGrad()) {
            for (int g = 0; g < groupParams.length; g++) {
                for (int i : groupParams[g]) {
                    Tensor p = params[i];
                    Tensor grad = p.grad();
                    if (!p.requiresGrad() || grad == null) continue;
                    int n = p.numel();
                    float[] gradValues = denseValues(grad);
                    // Parameters are updated in place in their storage; only a parameter that is a
                    // strided or offset view (never one a module creates) goes through a copy.
                    boolean direct = p.isContiguous() && p.offset() == 0;
                    float[] values = direct ? p.storage() : p.detach().clone().storage();
                    if (state[i] == null) state[i] = new ParamState(bufferNames.length);
                    state[i].step++;
                    update(groupOptions.get(g), state[i], values, gradValues, n);
                    if (!direct) p.copy_(Tensor.wrap(values, p.shape()));
                }
            }
        }
    }

    /** The gradient's values from index 0, read in place (backward produces contiguous gradients). */
    private static float[] denseValues(Tensor t) {
        Tensor g = t.dtype() == DType.FLOAT32 ? t.detach() : t.toFloat();
        if (g.isContiguous() && g.offset() == 0) return g.storage();
        return g.clone().storage();
    }

    /** Clears the gradient of every parameter (sets it to null, like {@code zero_grad(set_to_none=True)}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * Clears the gradient of every parameter, as PyTorch's {@code zero_grad(set_to_none)}: with
     * {@code true} the gradients become null (the next backward adopts its freshly computed
     * gradient buffers without a copy); with {@code false} each existing gradient is filled with
     * zeros and kept, so the next backward accumulates into the same buffer.
     */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : params) {
            if (setToNone || p.grad() == null) p.zeroGrad();
            else p.grad().zero_();
        }
    }

    // ------------------------------------------------------------------ groups and hyperparameters

    /** The optimizer's name ({@code "SGD"}, {@code "Adam"}, ...). */
    public String name() {
        return name;
    }

    /** All parameters, in index order. */
    public List<Tensor> params() {
        return List.of(params);
    }

    public int groupCount() {
        return groupParams.length;
    }

    /** The parameters of group {@code group}. */
    public List<Tensor> params(int group) {
        int[] idx = groupParams[checkGroup(group)];
        Tensor[] out = new Tensor[idx.length];
        for (int j = 0; j < idx.length; j++) out[j] = params[idx[j]];
        return List.of(out);
    }

    /** The hyperparameters of group {@code group}. */
    public O options(int group) {
        return groupOptions.get(checkGroup(group));
    }

    /** The learning rate of group 0. */
    public double lr() {
        return groupOptions.get(0).lr();
    }

    /** The learning rate of group {@code group}. */
    public double lr(int group) {
        return groupOptions.get(checkGroup(group)).lr();
    }

    /** Sets the learning rate of every group. */
    public void setLr(double lr) {
        for (int g = 0; g < groupOptions.size(); g++) setLr(g, lr);
    }

    /** Sets the learning rate of group {@code group} (validated like the constructor). */
    public void setLr(int group, double lr) {
        groupOptions.set(checkGroup(group), groupOptions.get(group).withLr(lr));
    }

    private int checkGroup(int group) {
        if (group < 0 || group >= groupParams.length) {
            throw new IndexOutOfBoundsException(name + ": param group " + group + " out of range for "
                    + groupParams.length + " groups");
        }
        return group;
    }

    /** The number of steps parameter {@code index} has taken (0 before its first step). */
    public long stepCount(int index) {
        Objects.checkIndex(index, params.length);
        return state[index] == null ? 0 : state[index].step;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * A copy of the optimizer's state as a flat map, to store with a checkpoint:
     * <ul>
     *   <li>{@code state.<i>.step}: int64 0-d, the number of steps parameter {@code i} has taken;
     *   <li>{@code state.<i>.<buffer>}: float32, the parameter's shape ({@code momentum_buffer},
     *       {@code exp_avg}, {@code exp_avg_sq}, ... as in PyTorch), for parameters that have
     *       taken a step;
     *   <li>{@code param_groups.<g>.<hyperparameter>}: float32 0-d ({@code lr},
     *       {@code weight_decay}, ...; booleans as 0/1; {@code betas} has shape [2]);
     *   <li>{@code param_groups.<g>.params}: int64 [n], the indices of the group's parameters.
     * </ul>
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i++) {
            ParamState s = state[i];
            if (s == null) continue;
            out.put("state." + i + ".step", Tensor.ofLongs(new long[] {s.step}));
            for (int b = 0; b < bufferNames.length; b++) {
                if (s.buffers[b] != null) out.put("state." + i + "." + bufferNames[b], Tensor.of(s.buffers[b], params[i].shape()));
            }
        }
        for (int g = 0; g < groupParams.length; g++) {
            for (var e : groupOptions.get(g).toMap().entrySet()) {
                double[] v = e.getValue();
                float[] f = new float[v.length];
                for (int k = 0; k < v.length; k++) f[k] = (float) v[k];
                out.put("param_groups." + g + "." + e.getKey(), v.length == 1 ? Tensor.scalar(f[0]) : Tensor.of(f));
            }
            long[] idx = new long[groupParams[g].length];
            for (int j = 0; j < idx.length; j++) idx[j] = groupParams[g][j];
            out.put("param_groups." + g + ".params", Tensor.ofLongs(idx, idx.length));
        }
        return out;
    }

    /**
     * Restores a state written by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes and the same grouping. The tensors are copied.
     *
     * <p>Hyperparameters are stored as float32: a stored value that equals this optimizer's value
     * rounded to float keeps this optimizer's (double) value, so an optimizer rebuilt with the same
     * settings resumes bit for bit; any other value replaces it.
     *
     * @throws IllegalArgumentException naming the key, for an unexpected or missing key, a shape
     *     or dtype mismatch, or an invalid hyperparameter; the optimizer is then unchanged
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        Objects.requireNonNull(dict, "dict");
        String where = name + ".loadStateDict: ";
        List<LinkedHashMap<String, double[]>> stored = new ArrayList<>();
        boolean[] groupIndicesSeen = new boolean[groupParams.length];
        for (int g = 0; g < groupParams.length; g++) stored.add(new LinkedHashMap<>());
        ParamState[] loaded = new ParamState[params.length];

        for (var e : dict.entrySet()) {
            String key = e.getKey();
            Tensor t = Objects.requireNonNull(e.getValue(), () -> where + "null tensor for key '" + key + "'");
            String[] parts = key.split("\\.", 3);
            int index = parts.length == 3 ? parseIndex(parts[1]) : -1;
            if (parts.length == 3 && parts[0].equals("param_groups") && index >= 0 && index < groupParams.length) {
                LinkedHashMap<String, double[]> current = groupOptions.get(index).toMap();
                String option = parts[2];
                if (option.equals("params")) {
                    long[] expected = new long[groupParams[index].length];
                    for (int j = 0; j < expected.length; j++) expected[j] = groupParams[index][j];
                    if (t.dtype() != DType.INT64 || t.dim() != 1 || !Arrays.equals(t.toLongArray(), expected)) {
                        throw new IllegalArgumentException(where + "'" + key + "' = " + t
                                + " does not match this optimizer's group " + index + " (parameter indices "
                                + Arrays.toString(expected) + ")");
                    }
                    groupIndicesSeen[index] = true;
                } else if (current.containsKey(option)) {
                    int len = current.get(option).length;
                    int[] shape = len == 1 ? new int[0] : new int[] {len};
                    if (t.dtype() != DType.FLOAT32 || !Arrays.equals(t.shape(), shape)) {
                        throw new IllegalArgumentException(where + "'" + key + "' is " + t.dtype() + " of shape "
                                + Arrays.toString(t.shape()) + ", expected float32 of shape " + Arrays.toString(shape));
                    }
                    stored.get(index).put(option, floatsToDoubles(t.toFloatArray()));
                } else {
                    throw new IllegalArgumentException(where + "unexpected key '" + key + "' (" + name
                            + " hyperparameters: " + String.join(", ", current.keySet()) + ", params)");
                }
            } else if (parts.length == 3 && parts[0].equals("state") && index >= 0 && index < params.length) {
                ParamState s = loaded[index] == null ? (loaded[index] = new ParamState(bufferNames.length)) : loaded[index];
                if (parts[2].equals("step")) {
                    if (t.dtype() != DType.INT64 || t.dim() != 0 || t.getLong() < 0) {
                        throw new IllegalArgumentException(where + "'" + key + "' must be a non-negative int64 0-d tensor, got " + t);
                    }
                    s.step = t.getLong();
                    s.hasStep = true;
                } else {
                    int b = Arrays.asList(bufferNames).indexOf(parts[2]);
                    if (b < 0) {
                        throw new IllegalArgumentException(where + "unexpected key '" + key + "' (" + name
                                + " per-parameter state: step, " + String.join(", ", bufferNames) + ")");
                    }
                    if (t.dtype() != DType.FLOAT32 || !Arrays.equals(t.shape(), params[index].shape())) {
                        throw new IllegalArgumentException(where + "'" + key + "' is " + t.dtype() + " of shape "
                                + Arrays.toString(t.shape()) + " but parameter " + index + " is float32 of shape "
                                + Arrays.toString(params[index].shape()));
                    }
                    s.buffers[b] = t.toFloatArray();
                }
            } else {
                throw new IllegalArgumentException(where + "unexpected key '" + key + "' (this " + name + " has "
                        + groupParams.length + " param group(s) and " + params.length
                        + " parameter(s); keys are state.<i>.<name> and param_groups.<g>.<name>)");
            }
        }

        List<O> options = new ArrayList<>(groupParams.length);
        for (int g = 0; g < groupParams.length; g++) {
            LinkedHashMap<String, double[]> current = groupOptions.get(g).toMap();
            for (var e : current.entrySet()) {
                double[] v = stored.get(g).get(e.getKey());
                if (v == null) throw new IllegalArgumentException(where + "missing key 'param_groups." + g + "." + e.getKey() + "'");
                if (!sameAsFloat(v, e.getValue())) e.setValue(v);
            }
            if (!groupIndicesSeen[g]) throw new IllegalArgumentException(where + "missing key 'param_groups." + g + ".params'");
            try {
                options.add(groupOptions.get(g).fromMap(current));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "param group " + g + ": " + ex.getMessage(), ex);
            }
        }
        for (int g = 0; g < groupParams.length; g++) {
            for (int i : groupParams[g]) {
                ParamState s = loaded[i];
                if (s == null) continue;
                if (!s.hasStep) throw new IllegalArgumentException(where + "missing key 'state." + i + ".step'");
                for (int b = 0; b < bufferNames.length; b++) {
                    boolean uses = s.step > 0 && usesBuffer(options.get(g), b);
                    if (uses && s.buffers[b] == null) {
                        throw new IllegalArgumentException(where + "missing key 'state." + i + "." + bufferNames[b] + "'");
                    }
                    if (!uses && s.buffers[b] != null) {
                        throw new IllegalArgumentException(where + "unexpected key 'state." + i + "." + bufferNames[b]
                                + "' (not used with the options of param group " + g + ")");
                    }
                }
            }
        }
        for (int g = 0; g < groupParams.length; g++) groupOptions.set(g, options.get(g));
        System.arraycopy(loaded, 0, state, 0, loaded.length);
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9) return -1;
        for (int k = 0; k < s.length(); k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return -1;
        if (s.length() > 1 && s.charAt(0) == '0') return -1;
        return Integer.parseInt(s);
    }

    private static double[] floatsToDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int k = 0; k < f.length; k++) d[k] = f[k];
        return d;
    }

    private static boolean sameAsFloat(double[] storedFloats, double[] current) {
        for (int k = 0; k < current.length; k++) {
            if (Float.compare((float) storedFloats[k], (float) current[k]) != 0) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ per-parameter state

    /** The state of one parameter: its step count and buffers (null until created). */
    protected static final class ParamState {
        private long step;
        private boolean hasStep; // only for validating a loaded state dict
        private final float[][] buffers;

        ParamState(int bufferCount) {
            this.buffers = new float[bufferCount][];
        }

        /** Steps taken, including the current one during {@link Optimizer#update}. */
        public long step() {
            return step;
        }

        /** Buffer {@code index}, or null if not created yet. */
        public float[] buffer(int index) {
            return buffers[index];
        }

        /** Buffer {@code index}, created as zeros of length {@code n} if missing. */
        public float[] zeroBuffer(int index, int n) {
            if (buffers[index] == null) buffers[index] = new float[n];
            return buffers[index];
        }

        /** Installs buffer {@code index}. */
        public void setBuffer(int index, float[] values) {
            buffers[index] = values;
        }
    }
}
