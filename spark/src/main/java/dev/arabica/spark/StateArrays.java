package dev.arabica.spark;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A state dict (names to float32 or int64 tensors) as plain arrays: what the driver broadcasts to
 * the executors in place of a model or an optimizer. {@link #of} copies the values; afterwards the
 * arrays are never written: {@link #tensors()} wraps them without copying, and its tensors must
 * only be read (e.g. by {@code Module.loadStateDict}, which copies them into the model). Executors
 * may share one instance between tasks (Spark keeps a broadcast value once per executor, and in
 * local mode the driver's object itself), so a write would corrupt every later task.
 */
public final class StateArrays implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] shapes;
    private final float[][] floats; // null entry for an int64 tensor
    private final long[][] longs;   // null entry for a float32 tensor

    private StateArrays(String[] names, int[][] shapes, float[][] floats, long[][] longs) {
        this.names = names;
        this.shapes = shapes;
        this.floats = floats;
        this.longs = longs;
    }

    /** A copy of {@code state}'s values, in its iteration order. */
    public static StateArrays of(Map<String, Tensor> state) {
        Objects.requireNonNull(state, "state");
        int n = state.size(), i = 0;
        String[] names = new String[n];
        int[][] shapes = new int[n][];
        float[][] floats = new float[n][];
        long[][] longs = new long[n][];
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor t = Objects.requireNonNull(e.getValue(), () -> "StateArrays.of: null tensor for '" + e.getKey() + "'");
            names[i] = e.getKey();
            shapes[i] = t.shape();
            if (t.dtype() == DType.FLOAT32) floats[i] = t.toFloatArray();
            else longs[i] = t.toLongArray();
            i++;
        }
        return new StateArrays(names, shapes, floats, longs);
    }

    /** The entries as tensors that wrap this object's arrays (no copies): read them, never write them. */
    public Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], floats[i] != null ? Tensor.wrap(floats[i], shapes[i]) : Tensor.wrapLongs(longs[i], shapes[i]));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The number of entries. */
    public int size() {
        return names.length;
    }

    /** The number of values over all entries. */
    public long numel() {
        long n = 0;
        for (int i = 0; i < names.length; i++) n += floats[i] != null ? floats[i].length : longs[i].length;
        return n;
    }

    /** The size of the values in bytes (4 per float, 8 per int64): what a broadcast of this state ships. */
    public long valueBytes() {
        long n = 0;
        for (int i = 0; i < names.length; i++) n += floats[i] != null ? 4L * floats[i].length : 8L * longs[i].length;
        return n;
    }

    /** Whether both hold the same names, shapes, dtypes and bit-identical values. */
    public boolean sameBits(StateArrays other) {
        if (other.names.length != names.length) return false;
        for (int i = 0; i < names.length; i++) {
            if (!names[i].equals(other.names[i]) || !java.util.Arrays.equals(shapes[i], other.shapes[i])) return false;
            if (floats[i] != null) {
                if (other.floats[i] == null || floats[i].length != other.floats[i].length) return false;
                for (int k = 0; k < floats[i].length; k++) {
                    if (Float.floatToRawIntBits(floats[i][k]) != Float.floatToRawIntBits(other.floats[i][k])) return false;
                }
            } else if (!java.util.Arrays.equals(longs[i], other.longs[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "StateArrays(" + names.length + " entries, " + numel() + " values)";
    }
}
