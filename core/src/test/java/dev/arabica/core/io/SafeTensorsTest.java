package dev.arabica.core.io;

import dev.arabica.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ byte layout of the reference implementation

    /** The reference crate's own test vector (tensor.rs, test_serialization): one F32 tensor, header exactly 64 bytes. */
    @Test
    void matchesReferenceSerializationVector() throws IOException {
        Map<String, RawArray> tensors = Map.of("attn.0", RawArray.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3));
        byte[] expected = {
                64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
                116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
                58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
                101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, (byte) 128, 63,
                0, 0, 0, 64, 0, 0, 64, 64, 0, 0, (byte) 128, 64, 0, 0, (byte) 160, 64};
        assertArrayEquals(expected, bytes(tensors, null));
    }

    /** Reference test vectors test_empty and test_serialization_forced_alignement: padding with spaces to 8 bytes. */
    @Test
    void matchesReferencePaddingVectors() throws IOException {
        assertArrayEquals(concat(le64(8), ascii("{}      ")), bytes(Map.of(), null));
        assertArrayEquals(concat(le64(40), ascii("{\"__metadata__\":{\"framework\":\"pt\"}}     ")),
                bytes(Map.of(), Map.of("framework", "pt")));
        byte[] aligned = bytes(Map.of("attn0", RawArray.ofFloats(new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3)), null);
        assertArrayEquals(concat(le64(72),
                        ascii("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       "),
                        f32(0, 1, 2, 3, 4, 5)),
                aligned);
    }

    /**
     * Two dtypes, inserted out of order, with metadata: the reference sorts by descending dtype
     * alignment (I64 before F32), then by name, and puts __metadata__ first.
     */
    @Test
    void twoTensorsWithMetadataInReferenceOrder() throws IOException {
        Map<String, RawArray> tensors = new LinkedHashMap<>();
        tensors.put("weight", RawArray.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));
        tensors.put("labels", RawArray.ofLongs(new long[] {7, -1, 0}, 3));
        Path file = dir.resolve("two.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"labels\":{\"dtype\":\"I64\",\"shape\":[3],\"data_offsets\":[0,24]},"
                + "\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[24,40]}}";
        assertEquals(153, json.length());
        byte[] expected = concat(le64(160), ascii(json + "       "), i64(7, -1, 0), f32(1, 2, 3, 4));
        assertArrayEquals(expected, Files.readAllBytes(file));

        Map<String, RawArray> read = SafeTensors.read(file);
        assertEquals(List.of("labels", "weight"), new ArrayList<>(read.keySet()));
        assertEquals(tensors.get("weight"), read.get("weight"));
        assertEquals(tensors.get("labels"), read.get("labels"));
        assertEquals(Map.of("format", "pt"), SafeTensors.readMetadata(file));
    }

    @Test
    void namesSortByUtf8BytesAndMetadataByKey() throws IOException {
        Map<String, RawArray> tensors = new LinkedHashMap<>();
        tensors.put("\uFF21", RawArray.ofFloats(new float[] {1}));      // U+FF21: sorts before U+1F600 in UTF-8
        tensors.put("\uD83D\uDE00", RawArray.ofFloats(new float[] {2}));
        tensors.put("b", RawArray.ofFloats(new float[] {3}));
        tensors.put("a.1", RawArray.ofFloats(new float[] {4}));
        Map<String, String> metadata = new HashMap<>(Map.of("z", "1", "a", "quote\"\n"));
        byte[] file = bytes(tensors, metadata);
        String header = new String(file, 8, file.length - 8 - 16, StandardCharsets.UTF_8).stripTrailing();
        assertEquals("{\"__metadata__\":{\"a\":\"quote\\\"\\n\",\"z\":\"1\"},"
                + "\"a.1\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]},"
                + "\"\uFF21\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]},"
                + "\"\uD83D\uDE00\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[12,16]}}", header);
        assertEquals(0, (file.length - 16 - 8) % 8);
    }

    @Test
    void roundTripsShapesIncludingScalarAndEmpty() throws IOException {
        Map<String, RawArray> tensors = new LinkedHashMap<>();
        tensors.put("scalar", RawArray.ofFloats(new float[] {3.5f}));
        tensors.put("empty", RawArray.ofFloats(new float[0], 0, 4));
        tensors.put("emptyLong", RawArray.ofLongs(new long[0], 0));
        tensors.put("layers.0.weight", RawArray.ofFloats(sequence(2 * 3 * 4 * 5), 2, 3, 4, 5));
        tensors.put("steps", RawArray.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, 2));
        tensors.put("special", RawArray.ofFloats(new float[] {Float.NaN, -0f, Float.NEGATIVE_INFINITY}, 3));
        Path file = dir.resolve("rt.safetensors");
        SafeTensors.write(file, tensors, null);
        Map<String, RawArray> read = SafeTensors.read(file);
        assertEquals(tensors.keySet(), read.keySet());
        for (String name : tensors.keySet()) assertEquals(tensors.get(name), read.get(name), name);
        assertEquals(Map.of(), SafeTensors.readMetadata(file));
        // empty metadata map: written as an empty object, like Python's metadata={}
        assertTrue(new String(bytes(Map.of(), Map.of()), StandardCharsets.UTF_8).contains("{\"__metadata__\":{}}"));
    }

    @Test
    void largeTensorCrossesChunkBoundaries() throws IOException {
        float[] data = sequence(600_001);
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, Map.of("w", RawArray.ofFloats(data, 600_001), "i", RawArray.ofLongs(new long[] {1, 2}, 2)), null);
        Map<String, RawArray> read = SafeTensors.read(file);
        assertArrayEquals(data, read.get("w").floats());
        assertArrayEquals(new long[] {1, 2}, read.get("i").longs());
    }

    @Test
    void writeRejectsBadArguments() {
        Map<String, RawArray> reserved = Map.of("__metadata__", RawArray.ofFloats(new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), reserved, null));
        Map<String, RawArray> nullValue = new HashMap<>();
        nullValue.put("a", null);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), nullValue, null));
        Map<String, String> nullMeta = new HashMap<>();
        nullMeta.put("k", null);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), Map.of(), nullMeta));
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    // ------------------------------------------------------------------ other dtypes

    @Test
    void readsAndWidensOtherDtypes() throws IOException {
        String json = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"bh\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]},"
                + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[16,20]},"
                + "\"s\":{\"dtype\":\"I16\",\"shape\":[1],\"data_offsets\":[20,22]},"
                + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[22,23]},"
                + "\"b\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[23,24]},"
                + "\"x\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[24,25]},"
                + "\"w\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[25,27]},"
                + "\"v\":{\"dtype\":\"U32\",\"shape\":[1],\"data_offsets\":[27,31]}}";
        ByteBuffer data = ByteBuffer.allocate(31).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00).putShort((short) 0xc100)        // 1.0, -2.5 in float16
                .putShort((short) 0x3f80).putShort((short) 0xc020)        // 1.0, -2.5 in bfloat16
                .putDouble(0.1).putInt(-5).putShort((short) -300)
                .put((byte) 200).put((byte) 1).put((byte) -3).putShort((short) -1).putInt(-1);
        Map<String, RawArray> read = SafeTensors.read(write(raw(json, data.array())));
        assertEquals(RawArray.ofFloats(new float[] {1f, -2.5f}, 2), read.get("h"));
        assertEquals(RawArray.ofFloats(new float[] {1f, -2.5f}, 2), read.get("bh"));
        assertEquals(RawArray.ofFloats(new float[] {0.1f}, 1), read.get("d"));
        assertEquals(RawArray.ofLongs(new long[] {-5}, 1), read.get("i"));
        assertEquals(RawArray.ofLongs(new long[] {-300}, 1), read.get("s"));
        assertEquals(RawArray.ofLongs(new long[] {200}, 1), read.get("u"));
        assertEquals(RawArray.ofLongs(new long[] {1}, 1), read.get("b"));
        assertEquals(RawArray.ofLongs(new long[] {-3}, 1), read.get("x"));
        assertEquals(RawArray.ofLongs(new long[] {65535}, 1), read.get("w"));
        assertEquals(RawArray.ofLongs(new long[] {4294967295L}, 1), read.get("v"));
        assertEquals(DType.FLOAT32, read.get("d").dtype());
        // returned in data-offset order, whatever the header order
        assertEquals(List.of("h", "bh", "d", "i", "s", "u", "b", "x", "w", "v"), new ArrayList<>(read.keySet()));
    }

    // ------------------------------------------------------------------ corrupt files

    @Test
    void tooSmallAndBadHeaderSizes() throws IOException {
        assertRejected(new byte[5], "file too small (5 bytes) for the 8-byte header size");
        assertRejected(concat(le64(1000), ascii("{}")), "header size 1000 goes beyond the end of the file (10 bytes)");
        assertRejected(concat(le64(200_000_000), ascii("{}")), "header size 200000000 exceeds the limit of 100000000 bytes");
        assertRejected(concat(le64(-1), ascii("{}")), "header size 18446744073709551615 exceeds the limit");
    }

    @Test
    void invalidHeaderText() throws IOException {
        assertRejected(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", new byte[4]),
                "header is not valid JSON: expected ',' or '}'");
        assertRejected(concat(le64(8), new byte[] {'{', '}', (byte) 0xC3, ' ', ' ', ' ', ' ', ' '}), "header is not valid UTF-8");
        assertRejected(raw("[]", new byte[0]), "header is not a JSON object");
        assertRejected(raw("{}\0\0\0\0\0\0", new byte[0]), "header is not valid JSON");
        assertRejected(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "duplicate key \"a\"");
        assertRejected(raw("{\"__metadata__\":{\"k\":1}}", new byte[0]), "'__metadata__' entry 'k' must be a string, got 1");
        assertRejected(raw("{\"__metadata__\":[]}", new byte[0]), "'__metadata__' must be an object of strings");
    }

    @Test
    void invalidTensorEntries() throws IOException {
        assertRejected(tensor("\"Q7\"", "[1]", "[0,4]", 4), "tensor 'w': unknown dtype 'Q7'");
        assertRejected(tensor("\"U64\"", "[1]", "[0,8]", 8), "tensor 'w': unsupported dtype 'U64'");
        assertRejected(tensor("\"F32\"", "[2,2]", "[0,12]", 12),
                "tensor 'w': 'data_offsets' [0, 12] span 12 bytes but dtype F32 and shape [2,2] need 16");
        assertRejected(tensor("\"F32\"", "[-1]", "[0,4]", 4), "tensor 'w': 'shape' must hold non-negative integers, got [-1]");
        assertRejected(tensor("\"F32\"", "[1.5]", "[0,4]", 4), "tensor 'w': 'shape' must hold non-negative integers");
        assertRejected(tensor("\"F32\"", "[3000000000]", "[0,4]", 4), "tensor 'w': dimension 3000000000 in 'shape' [3000000000] is too large");
        assertRejected(tensor("\"F32\"", "[65536,65536]", "[0,4]", 4), "more elements than a Java array can hold");
        assertRejected(tensor("\"F32\"", "[1]", "[4,0]", 4), "tensor 'w': 'data_offsets' must be [begin, end] with 0 <= begin <= end, got [4,0]");
        assertRejected(tensor("\"F32\"", "[1]", "[0]", 4), "'data_offsets' must be [begin, end]");
        assertRejected(tensor("\"F32\"", "[1]", "[0,4,8]", 4), "'data_offsets' must be [begin, end]");
        assertRejected(tensor("\"F32\"", "[1]", "[0,18446744073709551620]", 4), "'data_offsets' must be [begin, end]");
        assertRejected(tensor("32", "[1]", "[0,4]", 4), "tensor 'w': 'dtype' must be a string, got 32");
        assertRejected(tensor("\"F32\"", "{}", "[0,4]", 4), "tensor 'w': 'shape' must be an array of integers, got {}");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]), "tensor 'w': 'data_offsets' must be");
        assertRejected(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", new byte[4]),
                "tensor 'w': unexpected field 'x'");
        assertRejected(raw("{\"w\":[1]}", new byte[4]), "tensor 'w': entry must be an object, got [1]");
    }

    @Test
    void offsetsMustTileTheDataBufferExactly() throws IOException {
        // out of range: header declares more data than the file has (e.g. a truncated download)
        assertRejected(tensor("\"F32\"", "[4]", "[0,16]", 12),
                "tensor 'w': 'data_offsets' [0, 16] out of range of the 12-byte data buffer");
        assertRejected(tensor("\"F32\"", "[1]", "[0,4]", 6), "the tensors cover 4 bytes but the data buffer has 6");
        assertRejected(tensor("\"F32\"", "[1]", "[4,8]", 8), "tensor 'w': 'data_offsets' [4, 8] leaves a gap after the start of the data buffer");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertRejected(raw(overlap, new byte[12]), "tensor 'b': 'data_offsets' [4, 12] overlaps tensor 'a' [0, 8]");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertRejected(raw(gap, new byte[12]), "tensor 'b': 'data_offsets' [8, 12] leaves a gap after tensor 'a' [0, 4]");
        // a huge declared tensor in a tiny file: rejected before any allocation
        assertRejected(tensor("\"F64\"", "[268435455]", "[0,2147483640]", 8), "out of range of the 8-byte data buffer");
        // truncated data: the last bytes of a valid file are missing
        byte[] good = bytes(Map.of("w", RawArray.ofFloats(new float[] {1, 2, 3}, 3)), null);
        assertRejected(Arrays.copyOf(good, good.length - 1), "tensor 'w': 'data_offsets' [0, 12] out of range of the 11-byte data buffer");
    }

    @Test
    void headerOrderDoesNotMatterAndZeroSizeTensorsShareOffsets() throws IOException {
        String json = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        Map<String, RawArray> read = SafeTensors.read(write(raw(json, f32(1, 2))));
        assertEquals(List.of("a", "z", "b"), new ArrayList<>(read.keySet()));
        assertEquals(2f, read.get("b").floats()[0]);
        assertEquals(0, read.get("z").numel());
    }

    // ------------------------------------------------------------------ helpers

    private void assertRejected(byte[] bytes, String fragment) throws IOException {
        Path file = write(bytes);
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
        SafeTensorsFormatException m = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.readMetadata(file));
        assertEquals(e.getMessage(), m.getMessage());
    }

    private Path write(byte[] bytes) throws IOException {
        Path file = dir.resolve("t.safetensors");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] bytes(Map<String, RawArray> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensors.write(out, tensors, metadata);
        return out.toByteArray();
    }

    /** One tensor "w" with the given JSON fields and {@code dataBytes} zero bytes of data. */
    private static byte[] tensor(String dtype, String shape, String offsets, int dataBytes) {
        return raw("{\"w\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}", new byte[dataBytes]);
    }

    /** Header size, header (unpadded), data. */
    private static byte[] raw(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return concat(le64(header.length), header, data);
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] f32(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    private static byte[] i64(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) b.putLong(l);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static float[] sequence(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.5f - 3;
        return f;
    }
}
