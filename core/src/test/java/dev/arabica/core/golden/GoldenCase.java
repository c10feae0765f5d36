package dev.arabica.core.golden;

import dev.arabica.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * One case folder as an op handler sees it: the op, its attributes (JSON values: Long, Double,
 * String, Boolean, List, Map, or null) and the argument tensors after the case's views.
 */
public final class GoldenCase {
    private final String id;
    private final String op;
    private final String family;
    private final Map<String, Object> attrs;
    private final Map<String, Tensor> inputs;
    private final List<String> inputStems;
    private final List<String> outputStems;

    GoldenCase(String id, String op, String family, Map<String, Object> attrs, Map<String, Tensor> inputs,
               List<String> inputStems, List<String> outputStems) {
        this.id = id;
        this.op = op;
        this.family = family;
        this.attrs = attrs;
        this.inputs = inputs;
        this.inputStems = inputStems;
        this.outputStems = outputStems;
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

    /** The argument tensor for an input stem (after views; requires grad if the case checks its gradient). */
    public Tensor input(String stem) {
        Tensor t = inputs.get(stem);
        if (t == null) throw new IllegalArgumentException(id + ": no input '" + stem + "' (inputs: " + inputStems + ")");
        return t;
    }

    /** True if the case has an input with this stem. */
    public boolean hasInput(String stem) {
        return inputs.containsKey(stem);
    }

    @Override
    public String toString() {
        return id + " (" + op + ")";
    }
}
