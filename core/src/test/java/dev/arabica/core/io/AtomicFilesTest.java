package dev.arabica.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void createsAndReplaces() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, false, out -> {
            out.write("second, longer".getBytes(StandardCharsets.UTF_8));
            out.close();   // allowed
        });
        assertEquals("second, longer", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void failureLeavesTargetUntouchedAndRemovesTemp() throws IOException {
        Path target = dir.resolve("keep.bin");
        Files.writeString(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());

        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug in writer");
        }));
        assertEquals(List.of(target), listing());
    }

    @Test
    void missingDirectoryFails() {
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("no/such/dir/x.bin"), out -> out.write(1)));
    }

    @Test
    void largeWritePassesThroughIntact() throws IOException {
        byte[] data = new byte[3_000_001];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        Path target = dir.resolve("big.bin");
        AtomicFiles.write(target, out -> {
            out.write(data, 0, 17);
            for (int i = 17; i < 1000; i++) out.write(data[i]);
            out.write(data, 1000, data.length - 1000);
        });
        assertArrayEquals(data, Files.readAllBytes(target));
    }
}
