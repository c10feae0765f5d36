package dev.arabica.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.arabica.core.golden.SharedFiles;

/** Shared helpers: the data folder and captured output. */
final class ExamplesTestSupport {
    private ExamplesTestSupport() {}

    static Path catData() {
        Path dir = SharedFiles.dataDir().resolve("catvnoncat");
        SharedFiles.require(dir.resolve("train_catvnoncat.h5"), "the cat data (set -Darabica.data.dir)");
        return dir;
    }

    /** A print stream whose text can be read back. */
    static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
