package dev.arabica.core.io;

import dev.arabica.core.golden.GoldenRunner;
import dev.arabica.core.golden.SharedFiles;

import dev.arabica.core.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    static Path goldenDir() {
        return SharedFiles.require(GoldenRunner.goldenDir(), "the golden test vectors");
    }

    // ------------------------------------------------------------------ golden files (written by NumPy 1.24.2)

    @Test
    void readsGoldenFloat2d() throws IOException {
        RawArray a = Npy.read(goldenDir().resolve("add_3x4_3x4/a.npy"));
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new int[] {3, 4}, a.shape());
        // values printed with numpy: a.ravel()[:3], a.ravel()[-1]
        assertEquals(0x3ec2e6b5, Float.floatToRawIntBits(a.floats()[0]));
        assertEquals(0x3fc1db2b, Float.floatToRawIntBits(a.floats()[1]));
        assertEquals(0xbf4f620c, Float.floatToRawIntBits(a.floats()[2]));
        assertEquals((float) 0.12329082190990448, a.floats()[11]);
    }

    @Test
    void readsGoldenScalar() throws IOException {
        RawArray a = Npy.read(goldenDir().resolve("sum_all_3x4x5/out.npy"));
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new int[0], a.shape());
        assertEquals(0x40c2b111, Float.floatToRawIntBits(a.floats()[0]));   // 6.0841146
    }

    @Test
    void readsGoldenInt64() throws IOException {
        RawArray a = Npy.read(goldenDir().resolve("argmax_d1_3x4x5/out.npy"));
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new int[] {3, 5}, a.shape());
        assertArrayEquals(new long[] {1, 2, 1, 3, 2, 3, 0, 3, 0, 0, 1, 0, 0, 0, 3}, a.longs());

        RawArray scalar = Npy.read(goldenDir().resolve("argmax_all_3x4x5/out.npy"));
        assertArrayEquals(new int[0], scalar.shape());
        assertArrayEquals(new long[] {18}, scalar.longs());
    }

    @Test
    void readsGolden4d() throws IOException {
        RawArray a = Npy.read(goldenDir().resolve("permute_2x3x4x5_0231/x.npy"));
        assertArrayEquals(new int[] {2, 3, 4, 5}, a.shape());
        assertEquals(0xbe174099, Float.floatToRawIntBits(a.floats()[0]));
        assertEquals((float) 1.4008147716522217, a.floats()[119]);
    }

    /** Every golden file parses, and writing it back reproduces NumPy's bytes exactly. */
    @Test
    void everyGoldenFileRoundTripsByteForByte() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(goldenDir(), 2)) {
            files = s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
        }
        assertTrue(files.size() > 1000, "found only " + files.size() + " .npy files");
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            RawArray a = Npy.read(file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.write(out, a);
            assertArrayEquals(original, out.toByteArray(), file.toString());
        }
    }

    // ------------------------------------------------------------------ writing

    /** Headers as {@code numpy.save} (1.24.2) writes them for float32 arrays of these shapes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''           | (),",
            "5            | (5,),",
            "0            | (0,),",
            "3,4          | (3, 4),",
            "0,3          | (0, 3),",
            "2,3,4,5      | (2, 3, 4, 5),",
            "2,3,4,5,6,7,8,9,10,11 | (2, 3, 4, 5, 6, 7, 8, 9, 10, 11),",
    })
    void headerMatchesNumpy(String dims, String shapeRepr) {
        int[] shape = dims.isEmpty() ? new int[0] : java.util.Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeRepr + " }";
        byte[] header = Npy.header(DType.FLOAT32, shape);
        assertEquals(128, header.length);
        assertEquals("934e554d5059010076", HexFormat.of().formatHex(header, 0, 9));
        assertEquals(0, header[9]);
        String text = new String(header, 10, 118, StandardCharsets.ISO_8859_1);
        assertEquals(dict + " ".repeat(117 - dict.length()) + "\n", text);
    }

    /** A header long enough that NumPy's 21-digit growth reserve pushes it past 128 bytes (checked against numpy.save). */
    @Test
    void headerIncludesNumpyGrowthReserve() {
        int[] shape = new int[15];
        java.util.Arrays.fill(shape, 1);
        byte[] header = Npy.header(DType.FLOAT32, shape);
        assertEquals(192, header.length);
        assertEquals((byte) 0xb6, header[8]);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), }";
        assertEquals(dict + " ".repeat(181 - dict.length()) + "\n", new String(header, 10, 182, StandardCharsets.ISO_8859_1));
    }

    /** Whole file as numpy.save(np.array([[1, -2], [3, 4]], dtype='<i8')) writes it. */
    @Test
    void int64FileMatchesNumpyExactly() throws IOException {
        Path file = dir.resolve("i8.npy");
        Npy.write(file, RawArray.ofLongs(new long[] {1, -2, 3, 4}, 2, 2));
        String expected = "934e554d5059010076007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a20"
                + "46616c73652c20277368617065273a2028322c2032292c207d" + "20".repeat(58) + "0a"
                + "0100000000000000feffffffffffffff03000000000000000400000000000000";
        assertEquals(expected, HexFormat.of().formatHex(Files.readAllBytes(file)));
    }

    @Test
    void roundTrips() throws IOException {
        List<RawArray> arrays = List.of(
                RawArray.ofFloats(new float[] {2.5f}),
                RawArray.ofFloats(new float[0], 0),
                RawArray.ofFloats(new float[0], 0, 3),
                RawArray.ofFloats(new float[0], 4, 0, 2),
                RawArray.ofFloats(new float[] {1, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.MIN_VALUE}, 5),
                RawArray.ofFloats(sequence(2 * 3 * 4 * 5), 2, 3, 4, 5),
                RawArray.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 42, 7}, 3, 2),
                RawArray.ofLongs(new long[] {9}),
                RawArray.ofLongs(new long[0], 2, 0));
        for (RawArray a : arrays) {
            Path file = dir.resolve("rt.npy");
            Npy.write(file, a);
            assertEquals(a, Npy.read(file), a.toString());
            assertEquals(a, Npy.read(new ByteArrayInputStream(Files.readAllBytes(file)), "stream"));
        }
        // NaN payload bits survive
        float odd = Float.intBitsToFloat(0x7fc00123);
        Npy.write(dir.resolve("nan.npy"), RawArray.ofFloats(new float[] {odd}, 1));
        assertEquals(0x7fc00123, Float.floatToRawIntBits(Npy.read(dir.resolve("nan.npy")).floats()[0]));
    }

    @Test
    void largeArrayCrossesChunkBoundaries() throws IOException {
        float[] data = sequence(1_000_003);
        Path file = dir.resolve("big.npy");
        Npy.write(file, RawArray.ofFloats(data, 1_000_003));
        assertEquals(128 + 4L * 1_000_003, Files.size(file));
        assertArrayEquals(data, Npy.read(file).floats());
        try (InputStream in = Files.newInputStream(file)) {
            assertArrayEquals(data, Npy.read(in, file.toString()).floats());
        }
    }

    @Test
    void streamReadConsumesExactlyOneArray() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, RawArray.ofFloats(new float[] {1, 2, 3}, 3));
        Npy.write(out, RawArray.ofLongs(new long[] {4, 5}, 1, 2));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(RawArray.ofFloats(new float[] {1, 2, 3}, 3), Npy.read(in, "two"));
        assertEquals(RawArray.ofLongs(new long[] {4, 5}, 1, 2), Npy.read(in, "two"));
        assertEquals(-1, in.read());
    }

    @Test
    void writeReplacesExistingFileAndLeavesNoTemp() throws IOException {
        Path file = dir.resolve("x.npy");
        Files.writeString(file, "garbage that is longer than the new file will be ".repeat(10));
        Npy.write(file, RawArray.ofFloats(new float[] {1}, 1));
        assertEquals(RawArray.ofFloats(new float[] {1}, 1), Npy.read(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }

    // ------------------------------------------------------------------ other versions and dtypes

    @Test
    void readsVersions2And3() throws IOException {
        byte[] data = le(4, 2).putFloat(1.5f).putFloat(-2f).array();
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        assertEquals(RawArray.ofFloats(new float[] {1.5f, -2f}, 2), read(npy(2, dict, data)));
        assertEquals(RawArray.ofFloats(new float[] {1.5f, -2f}, 2), read(npy(3, dict, data)));
        // version 3.0 is UTF-8; other forms of valid Python literals are accepted
        String fancy = "{\"shape\": (2, ), 'fortran_order':False,'descr':\"<f4\"}  \n";
        assertEquals(RawArray.ofFloats(new float[] {1.5f, -2f}, 2), read(npy(3, fancy, data)));
        // Python 2 era long suffix
        assertEquals(RawArray.ofFloats(new float[] {1.5f, -2f}, 1, 2),
                read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1L, 2L), }", data)));
    }

    @Test
    void convertsOtherDtypes() throws IOException {
        assertEquals(RawArray.ofFloats(new float[] {0.1f, -3f, 1e30f}, 3),
                read(npy(1, dict("<f8", "(3,)"), le(8, 3).putDouble(0.1).putDouble(-3).putDouble(1e30).array())));
        assertEquals(RawArray.ofFloats(new float[] {1f, -2f, 65504f}, 3),
                read(npy(1, dict("<f2", "(3,)"), le(2, 3).putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x7bff).array())));
        assertEquals(RawArray.ofLongs(new long[] {Integer.MIN_VALUE, -1, 7}, 3),
                read(npy(1, dict("<i4", "(3,)"), le(4, 3).putInt(Integer.MIN_VALUE).putInt(-1).putInt(7).array())));
        assertEquals(RawArray.ofLongs(new long[] {-32768, 5}, 2),
                read(npy(1, dict("<i2", "(2,)"), le(2, 2).putShort((short) -32768).putShort((short) 5).array())));
        assertEquals(RawArray.ofLongs(new long[] {0, 255, 128}, 3),
                read(npy(1, dict("|u1", "(3,)"), new byte[] {0, (byte) 255, (byte) 128})));
        assertEquals(RawArray.ofLongs(new long[] {0, -1, -128}, 3),
                read(npy(1, dict("|i1", "(3,)"), new byte[] {0, (byte) 255, (byte) 128})));
        assertEquals(RawArray.ofLongs(new long[] {1, 0, 1, 1}, 2, 2),
                read(npy(1, dict("|b1", "(2, 2)"), new byte[] {1, 0, 1, 1})));
        assertEquals(RawArray.ofLongs(new long[] {65535, 4294967295L}, 2),
                read(npy(1, dict("<u4", "(2,)"), le(4, 2).putShort((short) -1).putShort((short) 0).putInt(-1).array())));
    }

    // ------------------------------------------------------------------ malformed files

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }          | unsupported 'descr' '>f4' (big-endian)",
            "`{'descr': '|f4', 'fortran_order': False, 'shape': (3,), }`        | `unsupported 'descr' '|f4' (byte order must be '<')`",
            "{'descr': 'f4', 'fortran_order': False, 'shape': (3,), }           | unsupported 'descr' 'f4'",
            "`{'descr': '|O', 'fortran_order': False, 'shape': (3,), }`         | `unsupported 'descr' '|O' (object dtype)`",
            "{'descr': '<U5', 'fortran_order': False, 'shape': (3,), }          | unsupported 'descr' '<U5' (string dtype)",
            "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }          | (complex dtype)",
            "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), } | unsupported 'descr' [('a', '<f4')] (structured dtype)",
            "{'descr': 4, 'fortran_order': False, 'shape': (3,), }              | 'descr' must be a string, got 4",
            "{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }           | unsupported 'fortran_order': True",
            "{'descr': '<f4', 'fortran_order': 'False', 'shape': (3,), }        | 'fortran_order' must be True or False, got 'False'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': [3], }           | 'shape' must be a tuple of integers, got [3]",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3), }           | 'shape' must be a tuple of integers, got 3",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 'a'), }      | 'shape' must be a tuple of integers, got (3, 'a')",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1), }       | negative dimension -1 in 'shape' (3, -1)",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), } | dimension 99999999999 in 'shape' (99999999999,) is too large",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), } | 'shape' (100000, 100000) has more elements than a Java array can hold",
            "{'descr': '<f4', 'fortran_order': False, }                         | header has no 'shape' key",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1, }  | unexpected header key 'x'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'shape': (3,)} | duplicate key 'shape'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } junk      | malformed header: unexpected 'j' after the literal",
            "{'descr': '<f4, 'fortran_order': False, 'shape': (3,), }           | malformed header",
            "{'descr': '<f4' 'fortran_order': False, 'shape': (3,), }           | malformed header: expected ',' or '}'",
            "{'descr': '<f4', 'fortran_order': false, 'shape': (3,), }          | malformed header: unexpected name 'false'",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,), }        | malformed header: only decimal integers",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}         | malformed header",
            "['descr', '<f4']                                                   | header is not a dict",
            "``                                                                 | malformed header: expected a value",
    })
    void malformedHeadersAreRejectedWithFileAndField(String dict, String expected) throws IOException {
        byte[] data = new byte[12];
        assertRejected(npy(1, dict, data), expected);
    }

    @Test
    void badMagic() throws IOException {
        byte[] bytes = npy(1, dict("<f4", "(1,)"), new byte[4]);
        bytes[1] = 'X';
        assertRejected(bytes, "not a .npy file (bad magic bytes 93 58 55 4d 50 59");
        assertRejected("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1), "not a .npy file");
    }

    @Test
    void truncatedOrInconsistentFiles() throws IOException {
        byte[] good = npy(1, dict("<f4", "(3, 4)"), new byte[48]);
        assertRejected(new byte[0], "truncated file: end of data while reading the magic string and version");
        assertRejected(java.util.Arrays.copyOf(good, 9), "truncated file: end of data while reading the header length");
        assertRejected(java.util.Arrays.copyOf(good, 100), "header length 118 goes beyond the end of the file (100 bytes)");
        assertRejected(java.util.Arrays.copyOf(good, 128 + 40),
                "truncated data: shape (3, 4) of '<f4' needs 48 bytes after the 128-byte header, the file has 40");
        assertRejected(java.util.Arrays.copyOf(good, 128 + 49), "1 unexpected bytes after the data of shape (3, 4)");
        byte[] v4 = good.clone();
        v4[6] = 4;
        assertRejected(v4, "unsupported format version 4.0");
        // version 2 with a 4 GiB header length: rejected before allocating
        byte[] v2 = npy(2, dict("<f4", "(1,)"), new byte[4]);
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, -1);
        assertRejected(v2, "header length 4294967295 goes beyond the end of the file");
        // version 3 header that is not UTF-8
        byte[] v3 = npy(3, dict("<f4", "(1,)"), new byte[4]);
        v3[12] = (byte) 0xff;
        assertRejected(v3, "header is not valid UTF-8");
    }

    /** A header declaring 4 GB of data must not make us allocate it, from a file or from a stream. */
    @Test
    void hugeDeclaredShapeDoesNotAllocate() throws IOException {
        byte[] bytes = npy(1, dict("<f4", "(2000000000,)"), new byte[16]);
        assertRejected(bytes, "truncated data: shape (2000000000,) of '<f4' needs 8000000000 bytes");
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(bytes), "net.npy"));
        assertTrue(e.getMessage().startsWith("net.npy: truncated data: expected 8000000000 bytes for 2000000000 elements, found 16"),
                e.getMessage());
        byte[] longs = npy(1, dict("<i8", "(268435456, 1)"), new byte[100]);
        e = assertThrows(NpyFormatException.class, () -> Npy.read(new ByteArrayInputStream(longs), "net.npy"));
        assertTrue(e.getMessage().contains("found 100"), e.getMessage());
    }

    @Test
    void hostileNestingInHeader() throws IOException {
        String deep = "{'descr': " + "[".repeat(10_000) + "]".repeat(10_000) + ", 'fortran_order': False, 'shape': (1,), }";
        assertRejected(npy(1, deep, new byte[4]), "malformed header: nesting deeper than 64");
    }

    // ------------------------------------------------------------------ helpers

    private void assertRejected(byte[] bytes, String expectedFragment) throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), "expected '" + expectedFragment + "' in: " + e.getMessage());
    }

    private RawArray read(byte[] bytes) throws IOException {
        Path file = dir.resolve("in.npy");
        Files.write(file, bytes);
        RawArray fromFile = Npy.read(file);
        assertEquals(fromFile, Npy.read(new ByteArrayInputStream(bytes), "in"));
        return fromFile;
    }

    private static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    }

    /** A .npy file with this header dict (padded to 64 bytes as NumPy does) and raw data. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + text.length + 1;
        total += (64 - total % 64) % 64;
        ByteBuffer b = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) b.putShort((short) (total - prefix)); else b.putInt(total - prefix);
        b.put(text);
        while (b.position() < total - 1) b.put((byte) ' ');
        b.put((byte) '\n').put(data);
        return b.array();
    }

    private static ByteBuffer le(int size, int count) {
        return ByteBuffer.allocate(size * count).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] sequence(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = i * 0.25f - 7;
        return f;
    }
}
