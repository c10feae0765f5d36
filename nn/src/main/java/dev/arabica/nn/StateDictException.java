package dev.arabica.nn;

import java.util.List;
import java.util.Map;

/**
 * Thrown by a strict {@link Module#loadStateDict(Map)} when the state dict does not match the
 * module: lists every missing key, unexpected key and shape mismatch at once.
 */
public final class StateDictException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Module.LoadResult result;

    /** The mismatches {@code result} found while loading into the module named {@code moduleName}. */
    public StateDictException(String moduleName, Module.LoadResult result) {
        super(message(moduleName, result));
        this.result = result;
    }

    private static String message(String moduleName, Module.LoadResult r) {
        StringBuilder sb = new StringBuilder("loadStateDict: state dict does not match ").append(moduleName).append(':');
        append(sb, "missing keys", r.missingKeys());
        append(sb, "unexpected keys", r.unexpectedKeys());
        append(sb, "shape mismatches", r.shapeMismatches());
        return sb.toString();
    }

    private static void append(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) return;
        sb.append("\n  ").append(title).append(" (").append(items.size()).append("): ").append(String.join(", ", items));
    }

    /** Keys of the model that the state dict lacks. */
    public List<String> missingKeys() {
        return result.missingKeys();
    }

    /** Keys of the state dict that the model does not have. */
    public List<String> unexpectedKeys() {
        return result.unexpectedKeys();
    }

    /** Entries like {@code "0.weight: checkpoint [3,4] vs model [4,3]"}. */
    public List<String> shapeMismatches() {
        return result.shapeMismatches();
    }
}
