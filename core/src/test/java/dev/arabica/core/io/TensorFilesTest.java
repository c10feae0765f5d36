package dev.arabica.core.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.arabica.core.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFilesTest {
    @TempDir Path dir;

    @Test
    void npyRoundTripOfViewsScalarsAndLongs() throws Exception {
        Tensor t = Tensor.arange(12).reshape(3, 4).transpose(0, 1);
        TensorFiles.writeNpy(dir.resolve("t.npy"), t);
        Tensor back = TensorFiles.readNpy(dir.resolve("t.npy"));
        assertArrayEquals(new int[] {4, 3}, back.shape());
        assertArrayEquals(t.toFloatArray(), back.toFloatArray());
        TensorFiles.writeNpy(dir.resolve("s.npy"), Tensor.scalar(2.5f));
        assertEquals(0, TensorFiles.readNpy(dir.resolve("s.npy")).dim());
        TensorFiles.writeNpy(dir.resolve("l.npy"), Tensor.ofLongs(new long[] {1, -2}, 2));
        assertArrayEquals(new long[] {1, -2}, TensorFiles.readNpy(dir.resolve("l.npy")).toLongArray());
    }

    @Test
    void safetensorsRoundTrip() throws Exception {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("layers.0.weight", Tensor.arange(6).reshape(2, 3));
        m.put("layers.0.bias", Tensor.of(1f, 2f));
        TensorFiles.writeSafetensors(dir.resolve("w.safetensors"), m, Map.of("format", "pt"));
        Map<String, Tensor> back = TensorFiles.readSafetensors(dir.resolve("w.safetensors"));
        assertEquals(m.keySet(), new java.util.HashSet<>(back.keySet()));
        for (String k : m.keySet()) assertArrayEquals(m.get(k).toFloatArray(), back.get(k).toFloatArray());
    }
}
