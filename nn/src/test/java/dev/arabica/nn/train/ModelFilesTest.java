package dev.arabica.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.SafeTensorsFormatException;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.BatchNorm1d;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {

    static Sequential mlp(long seed) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(3, 2, gen), new ReLU(), new Linear(2, 1, gen));
    }

    /**
     * The bytes {@code safetensors.torch.save_file(model.state_dict(), path)} writes for PyTorch's
     * {@code nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))}: an 8-byte little-endian
     * header length, compact JSON with the tensors sorted by name (all F32), space padding to a
     * multiple of 8, then the raw little-endian floats in that order. Built by hand here, independent
     * of the library's writer.
     */
    static byte[] pytorchFile(float[] w0, float[] b0, float[] w2, float[] b2) {
        String json = "{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]},"
                + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[32,36]},"
                + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[36,44]}}";
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer buf = ByteBuffer.allocate(8 + padded + 44).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(text);
        for (int i = text.length; i < padded; i++) buf.put((byte) ' ');
        for (float[] part : new float[][] {b0, w0, b2, w2}) for (float f : part) buf.putFloat(f);
        return buf.array();
    }

    @Test
    void loadsAFileInPyTorchsLayoutAndWritesTheSameBytes(@TempDir Path dir) throws IOException {
        float[] w0 = {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f}, b0 = {0.01f, -0.02f}, w2 = {1.5f, -2.5f}, b2 = {0.25f};
        Path torchFile = dir.resolve("torch.safetensors");
        byte[] bytes = pytorchFile(w0, b0, w2, b2);
        Files.write(torchFile, bytes);

        Sequential model = mlp(1);
        ModelFiles.load(model, torchFile);
        Linear first = (Linear) model.get(0), last = (Linear) model.get(2);
        assertArrayEquals(w0, first.weight().toFloatArray());
        assertArrayEquals(b0, first.bias().toFloatArray());
        assertArrayEquals(w2, last.weight().toFloatArray());
        assertArrayEquals(b2, last.bias().toFloatArray());
        assertArrayEquals(new int[] {2, 3}, first.weight().shape());

        // x = [1, 1, 1]: h = relu([0.2 + 0.01, 0.3 - 0.02]) = [0.21, 0.28]; y = 1.5*0.21 - 2.5*0.28 + 0.25
        float y = Evaluation.predict(model, Tensor.of(new float[] {1, 1, 1}, 1, 3)).item();
        assertEquals(1.5f * 0.21f - 2.5f * 0.28f + 0.25f, y, 1e-6f);

        Path ours = dir.resolve("ours.safetensors");
        ModelFiles.save(model, ours);
        assertArrayEquals(bytes, Files.readAllBytes(ours), "the written file is byte-identical to the reference layout");
    }

    @Test
    void roundTripKeepsEveryBitAndInt64Buffers(@TempDir Path dir) throws IOException {
        Generator gen = new Generator(5);
        Sequential model = new Sequential(new Linear(4, 8, gen), new BatchNorm1d(8), new ReLU(), new Linear(8, 2, gen));
        model.forward(Tensor.randn(gen, 16, 4)); // updates the batch-norm buffers
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file, Map.of("format", "pt"));

        Sequential copy = new Sequential(new Linear(4, 8, new Generator(6)), new BatchNorm1d(8), new ReLU(),
                new Linear(8, 2, new Generator(7)));
        ModelFiles.load(copy, file);
        CheckpointResumeTest.assertBitwiseEqual(model.stateDict(), copy.stateDict());
        assertEquals(1, copy.stateDict().get("1.num_batches_tracked").toLongArray()[0]);
        assertEquals("pt", dev.arabica.core.io.SafeTensors.readMetadata(file).get("format"));
    }

    @Test
    void missingKeyIsReportedAndNothingIsLoaded(@TempDir Path dir) throws IOException {
        Sequential source = mlp(1);
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("2.bias");
        Path file = dir.resolve("missing.safetensors");
        TensorFiles.writeSafetensors(file, state, null);

        Sequential target = mlp(2);
        Map<String, Tensor> before = target.stateDict();
        ModelFiles.ModelFileException e = assertThrows(ModelFiles.ModelFileException.class, () -> ModelFiles.load(target, file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing keys (1): 2.bias"), e.getMessage());
        assertEquals(java.util.List.of("2.bias"), e.result().missingKeys());
        CheckpointResumeTest.assertBitwiseEqual(before, target.stateDict());
    }

    @Test
    void wrongShapeAndUnexpectedKeyAreReported(@TempDir Path dir) throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(mlp(1).stateDict());
        state.put("0.weight", Tensor.zeros(3, 2));   // transposed
        state.put("3.weight", Tensor.zeros(1));
        Path file = dir.resolve("shape.safetensors");
        TensorFiles.writeSafetensors(file, state, null);

        ModelFiles.ModelFileException e = assertThrows(ModelFiles.ModelFileException.class, () -> ModelFiles.load(mlp(2), file));
        assertTrue(e.getMessage().contains("0.weight: checkpoint [3,2] vs model [2,3]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected keys (1): 3.weight"), e.getMessage());
        assertFalse(e.result().isClean());

        Module.LoadResult partial = ModelFiles.loadNonStrict(mlp(2), file);
        assertEquals(java.util.List.of("3.weight"), partial.unexpectedKeys());
        assertEquals(1, partial.shapeMismatches().size());
    }

    @Test
    void truncatedFileIsAFormatError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.safetensors");
        ModelFiles.save(mlp(1), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> ModelFiles.load(mlp(1), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void noJavaSerializationInModelFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(mlp(1), file);
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(file), 2);
        assertFalse(head[0] == (byte) 0xAC && head[1] == (byte) 0xED, "not a Java serialization stream");
        assertTrue(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("\"0.weight\""));
    }
}
