package dev.arabica.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The combination of consecutive partitions' {@link Contribution}s: example count, loss sum, for
 * each float entry the weighted sum {@code sum_p n_p * v_p} in double and the total weight
 * {@code sum_p n_p} of the partitions that sent it, for each int64 entry the elementwise maximum,
 * and the outputs in partition order. Partitions with no examples add nothing. Contributions must
 * be added in partition order; the result is then the same bits whatever order Spark finished the
 * tasks in, and whether or not a task was retried.
 */
final class Accumulator implements Partial, Serializable {
    private static final long serialVersionUID = 1L;

    private int first = Integer.MAX_VALUE;
    private long examples;
    private double lossSum;
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private final Map<String, Double> weights = new LinkedHashMap<>();
    private final Map<String, long[]> maxima = new LinkedHashMap<>();
    private final List<Outputs> outputs = new ArrayList<>();

    /** Adds {@code c}'s values (weighted by its example count), in partition order. */
    void add(Contribution c) {
        first = Math.min(first, c.partition);
        if (c.examples == 0) return;
        examples += c.examples;
        lossSum += c.lossSum;
        double w = c.examples;
        for (Map.Entry<String, float[]> e : c.values.entrySet()) {
            float[] v = e.getValue();
            double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[v.length]);
            checkLength(e.getKey(), s.length, v.length);
            for (int i = 0; i < v.length; i++) s[i] += w * v[i];
            weights.merge(e.getKey(), w, Double::sum);
        }
        for (Map.Entry<String, long[]> e : c.maxima.entrySet()) mergeMax(e.getKey(), e.getValue());
        if (c.outputs != null) outputs.add(c.outputs);
    }

    /** Adds {@code other}, which covers the partitions after this one's. */
    void add(Accumulator other) {
        first = Math.min(first, other.first);
        examples += other.examples;
        lossSum += other.lossSum;
        for (Map.Entry<String, double[]> e : other.sums.entrySet()) {
            double[] v = e.getValue();
            double[] s = sums.computeIfAbsent(e.getKey(), k -> new double[v.length]);
            checkLength(e.getKey(), s.length, v.length);
            for (int i = 0; i < v.length; i++) s[i] += v[i];
            weights.merge(e.getKey(), other.weights.get(e.getKey()), Double::sum);
        }
        for (Map.Entry<String, long[]> e : other.maxima.entrySet()) mergeMax(e.getKey(), e.getValue());
        outputs.addAll(other.outputs);
    }

    private void mergeMax(String key, long[] v) {
        long[] m = maxima.get(key);
        if (m == null) {
            maxima.put(key, v.clone());
            return;
        }
        checkLength(key, m.length, v.length);
        for (int i = 0; i < v.length; i++) m[i] = Math.max(m[i], v[i]);
    }

    private static void checkLength(String key, int expected, int got) {
        if (expected != got) {
            throw new IllegalStateException("SparkTrainer: partitions sent '" + key + "' with " + expected + " and " + got
                    + " values; does the ModelFactory build the same architecture every time?");
        }
    }

    @Override
    public int first() {
        return first;
    }

    @Override
    public void addTo(Accumulator acc) {
        acc.add(this);
    }

    /** The total number of examples. */
    long examples() {
        return examples;
    }

    /** The sum of the partitions' loss sums. */
    double lossSum() {
        return lossSum;
    }

    /** The float entries' keys, in the order first seen. */
    java.util.Set<String> floatKeys() {
        return java.util.Collections.unmodifiableSet(sums.keySet());
    }

    /** The int64 entries' keys, in the order first seen. */
    java.util.Set<String> maxKeys() {
        return java.util.Collections.unmodifiableSet(maxima.keySet());
    }

    /**
     * {@code sum_p n_p v_p / divisor} as float32, or null if no partition sent {@code key}. For
     * gradients the divisor is the total example count (a partition whose backward did not reach a
     * parameter counts as a zero gradient); see {@link #mean} for states.
     */
    float[] sumOver(String key, double divisor) {
        double[] s = sums.get(key);
        if (s == null) return null;
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (float) (s[i] / divisor);
        return out;
    }

    /** The weighted mean {@code sum_p n_p v_p / sum_p n_p} over the partitions that sent {@code key}, or null. */
    float[] mean(String key) {
        Double w = weights.get(key);
        return w == null ? null : sumOver(key, w);
    }

    /** The elementwise maximum of int64 entry {@code key}, or null. */
    long[] max(String key) {
        long[] m = maxima.get(key);
        return m == null ? null : m.clone();
    }

    /** The outputs of all partitions in partition order, or null if none were sent. */
    Outputs outputs() {
        return Outputs.concat(outputs);
    }
}
