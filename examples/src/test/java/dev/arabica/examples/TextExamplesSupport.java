package dev.arabica.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import dev.arabica.core.io.TensorFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import picocli.CommandLine;

/** Helpers of the char-rnn, dinos and dates tests. */
final class TextExamplesSupport {
    private TextExamplesSupport() {}

    static Path text(String name) {
        return SharedFiles.require(SharedFiles.dataDir().resolve("text").resolve(name), "the text corpora (set -Darabica.data.dir)");
    }

    /** The first {@code chars} characters of {@code tinyshakespeare.txt} in a file under {@code dir}. */
    static Path shakespeareSlice(Path dir, int chars) throws IOException {
        String text = Files.readString(text("tinyshakespeare.txt"), StandardCharsets.UTF_8);
        Path file = dir.resolve("slice-" + chars + ".txt");
        Files.writeString(file, text.substring(0, chars), StandardCharsets.UTF_8);
        return file;
    }

    /** Runs {@code command} as examples/run would (with the file-error handler), asserting the exit code; returns stdout + stderr. */
    static String run(Object command, int expectedExit, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = DataErrors.commandLine(command);
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertEquals(expectedExit, exit, err.toString());
        return err.toString();
    }

    /** Runs {@code examples/run args...} through {@link Main}, asserting the exit code; returns what it printed to stderr. */
    static String runMain(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        assertEquals(expectedExit, cli.execute(args), err.toString());
        return err.toString();
    }

    /** Reads a PNG back, asserting it decodes and is {@code width} pixels wide (if positive). */
    static BufferedImage png(Path file, int width) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is a readable image");
        if (width > 0) assertEquals(width, image.getWidth(), file.toString());
        return image;
    }

    /** Asserts that two safetensors files hold the same keys, shapes and bits. */
    static void assertSameTensors(Path expected, Path actual) throws IOException {
        Map<String, Tensor> a = TensorFiles.readSafetensors(expected), b = TensorFiles.readSafetensors(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String key : a.keySet()) {
            Tensor x = a.get(key), y = b.get(key);
            assertArrayEquals(x.shape(), y.shape(), key);
            assertEquals(x.dtype(), y.dtype(), key);
            if (x.dtype() == DType.INT64) {
                assertArrayEquals(x.toLongArray(), y.toLongArray(), key);
            } else {
                float[] u = x.toFloatArray(), v = y.toFloatArray();
                for (int i = 0; i < u.length; i++) {
                    if (Float.floatToRawIntBits(u[i]) != Float.floatToRawIntBits(v[i])) {
                        throw new AssertionError(key + "[" + i + "]: " + u[i] + " vs " + v[i] + " (not bit-identical)");
                    }
                }
            }
        }
    }
}
