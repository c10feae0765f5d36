package dev.arabica.core.golden;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where tests find the shared reference material beside the project ({@code ../shared}: golden
 * cases, data sets, models), and what they do when it is absent.
 *
 * <p>A user's clone without {@code ../shared} skips those tests with a message saying what is
 * missing. CI sets {@code -Darabica.require.shared=true} ({@code .ci/run}), and then a missing file
 * fails the test instead, so that a green CI run always means the reference cases ran.
 */
public final class SharedFiles {
    /** System property: {@code true} turns a missing shared file into a test failure. */
    public static final String REQUIRE_PROPERTY = "arabica.require.shared";

    private SharedFiles() {}

    /** The shared data folder: {@code -Darabica.data.dir}, else {@code ../shared/data}. */
    public static Path dataDir() {
        return fromProperty("arabica.data.dir", "data");
    }

    /** The shared models folder: {@code -Darabica.models.dir}, else {@code ../shared/models}. */
    public static Path modelsDir() {
        return fromProperty("arabica.models.dir", "models");
    }

    private static Path fromProperty(String property, String folder) {
        String prop = System.getProperty(property);
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        Path p = Path.of("../shared", folder);
        if (!Files.exists(p) && Files.exists(Path.of("../../shared", folder))) p = Path.of("../../shared", folder);
        return p;
    }

    /** True if CI asked for every shared file to be present. */
    public static boolean required() {
        return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY, "false").trim());
    }

    /**
     * Continues if {@code path} exists; otherwise skips the calling test (or fails it under
     * {@code -Darabica.require.shared=true}) with a message naming {@code what} and the path.
     */
    public static Path require(Path path, String what) {
        if (!Files.exists(path)) absent(what + " is absent at " + path.toAbsolutePath());
        return path;
    }

    /** Skips the calling test, or fails it when shared files are required, with {@code message}. */
    public static void absent(String message) {
        if (required()) {
            Assertions.fail(message + " (-D" + REQUIRE_PROPERTY + "=true: shared files must be present)");
        }
        Assumptions.abort(message);
    }
}
