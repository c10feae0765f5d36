package dev.arabica.core.golden;

import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One case folder as an op handler sees it: the op, its attributes (JSON values: Long, Double,
 * String, Boolean, List, Map, or null) and the argument tensors after the case's views.
 *
 * <p>Handlers take the arguments <em>in call order</em> ({@link #arg(int)}, {@link #argCount()}),
 * as the golden README specifies, never by file stem: another case set may name its files
 * differently (for example {@code a_base} and {@code b_base} for inputs built through views).
 * Optional trailing arguments are told apart by {@link #argCount()}, the attributes and, where two
 * optional arguments could stand in the same place, by {@link #argNamed}.
 */
public final class GoldenCase {
    private final String id;
    private final String op;
    private final String family;
    private final Map<String, Object> attrs;
    private final Map<String, Tensor> inputs;
    private final List<String> inputStems;
    private final List<String> outputStems;
    private final List<String> requiresGrad;

    GoldenCase(String id, String op, String family, Map<String, Object> attrs, Map<String, Tensor> inputs,
               List<String> inputStems, List<String> outputStems, List<String> requiresGrad) {
        this.id = id;
        this.op = op;
        this.family = family;
        this.attrs = attrs;
        this.inputs = inputs;
        this.inputStems = inputStems;
        this.outputStems = outputStems;
        this.requiresGrad = List.copyOf(requiresGrad);
    }

    public String id() { return id; }
    public String op() { return op; }
    public String family() { return family; }
    public Map<String, Object> attrs() { return attrs; }
    public List<String> inputStems() { return inputStems; }
    public List<String> outputStems() { return outputStems; }

    /** True if the attribute is present and not JSON null. */
    public boolean has(String name) {
        return attrs.get(name) != null;
    }

    public Object attr(String name) {
        return attrs.get(name);
    }

    private Object require(String name) {
        Object v = attrs.get(name);
        if (v == null) throw new IllegalArgumentException(id + ": attribute '" + name + "' is missing or null");
        return v;
    }

    public int intAttr(String name) {
        return ((Number) require(name)).intValue();
    }

    public double doubleAttr(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public float floatAttr(String name) {
        return ((Number) require(name)).floatValue();
    }

    public boolean boolAttr(String name) {
        return (Boolean) require(name);
    }

    public String stringAttr(String name) {
        return (String) require(name);
    }

    /** An int list attribute; a single int is returned as a one-element array; null if absent or null. */
    public int[] intsAttr(String name) {
        Object v = attrs.get(name);
        if (v == null) return null;
        if (v instanceof Number n) return new int[] {n.intValue()};
        List<?> list = (List<?>) v;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).intValue();
        return out;
    }

    /** A number list attribute; null if absent or null. */
    public double[] doublesAttr(String name) {
        Object v = attrs.get(name);
        if (v == null) return null;
        if (v instanceof Number n) return new double[] {n.doubleValue()};
        List<?> list = (List<?>) v;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).doubleValue();
        return out;
    }

    /** Number of arguments (input files) of the case. */
    public int argCount() {
        return inputStems.size();
    }

    /**
     * Argument {@code i} in call order (after the case's views; it requires grad if the case checks
     * its gradient).
     */
    public Tensor arg(int i) {
        if (i < 0 || i >= inputStems.size()) {
            throw new IllegalArgumentException(id + ": no argument " + i + " (the case has " + inputStems.size()
                    + ": " + inputStems + ")");
        }
        return inputs.get(inputStems.get(i));
    }

    /** Argument {@code i}, or null if the case has fewer arguments (an optional trailing argument). */
    public Tensor argOrNull(int i) {
        return i < inputStems.size() ? arg(i) : null;
    }

    /**
     * The optional argument at position {@code i} if its stem contains {@code hint} (ignoring case),
     * else null: only for the rare place where two optional arguments could stand (binary
     * cross-entropy's {@code weight} or {@code pos_weight}).
     */
    public Tensor argNamed(int i, String hint) {
        if (i >= inputStems.size()) return null;
        return inputStems.get(i).toLowerCase(java.util.Locale.ROOT).contains(hint.toLowerCase(java.util.Locale.ROOT))
                ? arg(i) : null;
    }

    /** True if the case checks the gradient of argument {@code i}. */
    public boolean checksGradOf(int i) {
        return i < inputStems.size() && requiresGrad.contains(inputStems.get(i));
    }

    @Override
    public String toString() {
        return id + " (" + op + ")";
    }
}
