package dev.arabica.nn.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-epoch logs of a training run: one list of values per key ({@code loss}, {@code accuracy},
 * {@code dev_loss}, {@code lr}, ...), all of length {@link #epochs()}. An epoch that lacks a key
 * holds NaN there.
 */
public final class History {
    private final LinkedHashMap<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;

    /** An empty history (no epochs). */
    public History() {}

    /** Appends one epoch's logs. */
    public void append(Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(epochs, Double.NaN)));
        }
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            Double v = logs.get(e.getKey());
            e.getValue().add(v == null ? Double.NaN : v);
        }
        epochs++;
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs;
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** The values of {@code key}, one per epoch (unmodifiable). */
    public List<Double> get(String key) {
        List<Double> v = values.get(key);
        if (v == null) throw new IllegalArgumentException("History has no key '" + key + "' (keys: " + values.keySet() + ")");
        return Collections.unmodifiableList(v);
    }

    /** The last epoch's logs (empty if none). */
    public Map<String, Double> last() {
        Map<String, Double> out = new LinkedHashMap<>();
        if (epochs > 0) for (Map.Entry<String, List<Double>> e : values.entrySet()) out.put(e.getKey(), e.getValue().get(epochs - 1));
        return out;
    }

    /** A copy of all values by key. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) out.put(e.getKey(), List.copyOf(e.getValue()));
        return out;
    }

    /** Replaces the content with {@code other}'s. */
    void replaceWith(History other) {
        values.clear();
        for (Map.Entry<String, List<Double>> e : other.values.entrySet()) values.put(e.getKey(), new ArrayList<>(e.getValue()));
        epochs = other.epochs;
    }

    /** One line per key: {@code key<TAB>v1,v2,...}, doubles in their shortest exact decimal form. */
    String encode() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            sb.append(e.getKey()).append('\t');
            List<Double> v = e.getValue();
            for (int i = 0; i < v.size(); i++) sb.append(i == 0 ? "" : ",").append(v.get(i));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Parses {@link #encode()}'s output. */
    static History decode(String text) {
        History h = new History();
        int epochs = -1;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            if (tab <= 0) throw new IllegalArgumentException("history: malformed line '" + line + "'");
            String rest = line.substring(tab + 1);
            List<Double> list = new ArrayList<>();
            if (!rest.isEmpty()) for (String s : rest.split(",")) list.add(Double.parseDouble(s));
            if (epochs >= 0 && list.size() != epochs) {
                throw new IllegalArgumentException("history: key '" + line.substring(0, tab) + "' has " + list.size()
                        + " values, the others " + epochs);
            }
            epochs = list.size();
            h.values.put(line.substring(0, tab), list);
        }
        h.epochs = Math.max(epochs, 0);
        return h;
    }

    @Override
    public String toString() {
        return "History" + values;
    }
}
