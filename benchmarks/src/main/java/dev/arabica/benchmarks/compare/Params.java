package dev.arabica.benchmarks.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a workload parameter string such as {@code op=add,n=1048576}. */
public final class Params {
    private final String text;
    private final Map<String, String> values;

    private Params(String text, Map<String, String> values) {
        this.text = text;
        this.values = values;
    }

    public static Params parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String part : text.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad parameter '" + part + "' in '" + text + "' (want key=value)");
                }
                values.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return new Params(text, values);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("parameter '" + key + "' missing in '" + text + "'");
        }
        return value;
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    /** Parses {@code 1024x1024} into {@code {1024, 1024}}. */
    public int[] getShape(String key) {
        String[] parts = get(key).split("x");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Integer.parseInt(parts[i]);
        }
        return shape;
    }

    @Override
    public String toString() {
        return text;
    }
}
