package dev.arabica.core.io;

import dev.arabica.core.DType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): a magic string, a version, the
 * length of a header, the header (a Python dict literal with {@code descr}, {@code fortran_order}
 * and {@code shape}, padded so that the data starts at a multiple of 64 bytes), then the raw data.
 *
 * <p><b>Writing</b> produces exactly what {@code numpy.save} (NumPy 1.24) writes for a C-order
 * {@code <f4} or {@code <i8} array: version 1.0 (2.0 only for headers over 64 KiB), header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, NumPy's 21-character
 * growth reserve after it, then spaces and a newline up to the 64-byte boundary.
 *
 * <p><b>Reading</b> accepts little-endian C-order arrays of these dtypes:
 * <table>
 *   <caption>descr to RawArray dtype</caption>
 *   <tr><th>descr</th><th>result</th></tr>
 *   <tr><td>{@code <f4}</td><td>float32</td></tr>
 *   <tr><td>{@code <f8}, {@code <f2}</td><td>float32 (float64 values are rounded to nearest)</td></tr>
 *   <tr><td>{@code <i8}</td><td>int64</td></tr>
 *   <tr><td>{@code <i4}, {@code <i2}, {@code |i1}, {@code |u1}, {@code <u2}, {@code <u4}</td><td>int64 (exact)</td></tr>
 *   <tr><td>{@code |b1}</td><td>int64 0/1</td></tr>
 * </table>
 * Anything else (big-endian, {@code fortran_order: True}, object, structured, string, complex,
 * datetime dtypes), a malformed header or data that is shorter or longer than the shape says is a
 * {@link NpyFormatException} naming the file and the offending field. Declared sizes are checked
 * against the file length before anything is allocated.
 */
public final class Npy {
    /** Headers longer than this are rejected (NumPy's own default limit is 10,000 characters). */
    static final int MAX_HEADER_LENGTH = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ARRAY_ALIGN = 64;
    /** NumPy reserves room for the first axis to grow to this many digits (numpy/lib/format.py, GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> HEADER_KEYS = Set.of("descr", "fortran_order", "shape");

    private Npy() {}

    /** Reads a whole {@code .npy} file; see the class comment for what is accepted. */
    public static RawArray read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            Header header = readHeader(channel, source, fileSize);
            long dataBytes = (long) header.numel * header.type.byteSize;
            long available = fileSize - header.dataOffset;
            if (available < dataBytes) {
                throw new NpyFormatException(source + ": truncated data: shape " + shapeRepr(header.shape)
                        + " of '" + header.descr + "' needs " + dataBytes + " bytes after the "
                        + header.dataOffset + "-byte header, the file has " + available);
            }
            if (available > dataBytes) {
                throw new NpyFormatException(source + ": " + (available - dataBytes)
                        + " unexpected bytes after the data of shape " + shapeRepr(header.shape)
                        + " of '" + header.descr + "'");
            }
            return ArrayData.read(channel, header.type, header.shape, header.numel, true,
                    message -> new NpyFormatException(source + ": " + message));
        }
    }

    /**
     * Reads one array from a stream, consuming exactly its bytes (so several arrays written one
     * after another can be read in turn). {@code sourceName} is used in error messages. As the
     * stream length is unknown, memory grows with the data received rather than with the size the
     * header declares.
     */
    public static RawArray read(InputStream in, String sourceName) throws IOException {
        ReadableByteChannel channel = Channels.newChannel(in);
        Header header = readHeader(channel, sourceName, -1);
        return ArrayData.read(channel, header.type, header.shape, header.numel, false,
                message -> new NpyFormatException(sourceName + ": " + message));
    }

    /** Writes {@code array} to {@code file} atomically (see {@link AtomicFiles}), byte for byte as {@code numpy.save}. */
    public static void write(Path file, RawArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    /** Writes {@code array} in {@code .npy} format to {@code out} (not closed). */
    public static void write(OutputStream out, RawArray array) throws IOException {
        out.write(header(array.dtype(), array.shape()));
        ArrayData.write(out, array);
    }

    /** Magic, version, header length and padded header, as {@code numpy.lib.format.write_array_header_1_0/2_0}. */
    static byte[] header(DType dtype, int[] shape) {
        String descr = switch (dtype) {
            case FLOAT32 -> "<f4";
            case INT64 -> "<i8";
        };
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int total = align(prefix + text.length + 1);
        if (total - prefix > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            total = align(prefix + text.length + 1);
        }
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) buf.putShort((short) (total - prefix)); else buf.putInt(total - prefix);
        buf.put(text);
        while (buf.position() < total - 1) buf.put((byte) ' ');
        buf.put((byte) '\n');
        return buf.array();
    }

    /** NumPy pads to the next multiple of 64, a whole extra 64 bytes when already aligned. */
    private static int align(int unpadded) {
        return unpadded + ARRAY_ALIGN - unpadded % ARRAY_ALIGN;
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (5,)}, {@code (3, 4)}. */
    static String shapeRepr(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private record Header(String descr, ElementType type, int[] shape, int numel, long dataOffset) {}

    /** Reads and validates everything before the data. {@code fileSize < 0}: unknown (a stream). */
    private static Header readHeader(ReadableByteChannel in, String source, long fileSize) throws IOException {
        ByteBuffer preamble = ByteBuffer.allocate(MAGIC.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, preamble, source, "magic string and version");
        byte[] magic = new byte[MAGIC.length];
        preamble.get(0, magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException(source + ": not a .npy file (bad magic bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(magic) + ", expected 93 4e 55 4d 50 59)");
        }
        int major = preamble.get(6) & 0xFF;
        int minor = preamble.get(7) & 0xFF;
        if (minor != 0 || major < 1 || major > 3) {
            throw new NpyFormatException(source + ": unsupported format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(in, lengthField, source, "header length");
        long headerLength = major == 1 ? lengthField.getShort(0) & 0xFFFF : lengthField.getInt(0) & 0xFFFF_FFFFL;
        long dataOffset = MAGIC.length + 2 + lengthField.capacity() + headerLength;
        if (fileSize >= 0 && dataOffset > fileSize) {
            throw new NpyFormatException(source + ": header length " + headerLength + " goes beyond the end of the file ("
                    + fileSize + " bytes)");
        }
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new NpyFormatException(source + ": header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_LENGTH + " bytes");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(in, headerBytes, source, "header (" + headerLength + " bytes)");
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
            } catch (CharacterCodingException e) {
                throw new NpyFormatException(source + ": header is not valid UTF-8", e);
            }
        } else {
            text = new String(headerBytes.array(), StandardCharsets.ISO_8859_1);
        }
        return parseHeader(text, source, dataOffset);
    }

    private static Header parseHeader(String text, String source, long dataOffset) throws NpyFormatException {
        Object parsed;
        try {
            parsed = PythonLiteral.parse(text);
        } catch (PythonLiteral.SyntaxException e) {
            throw new NpyFormatException(source + ": malformed header: " + e.getMessage() + " in " + quoteHeader(text), e);
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw new NpyFormatException(source + ": header is not a dict: " + quoteHeader(text));
        }
        for (Object key : dict.keySet()) {
            if (!HEADER_KEYS.contains(key)) {
                throw new NpyFormatException(source + ": unexpected header key " + repr(key)
                        + " (expected 'descr', 'fortran_order', 'shape')");
            }
        }
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) throw new NpyFormatException(source + ": header has no '" + key + "' key");
        }

        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw new NpyFormatException(source + ": 'fortran_order' must be True or False, got " + repr(fortran));
        }
        Object descrValue = dict.get("descr");
        ElementType type = elementType(descrValue, source);
        if (fortranOrder) {
            throw new NpyFormatException(source + ": unsupported 'fortran_order': True (only C order is read)");
        }
        int[] shape = shape(dict.get("shape"), source);
        long numel = RawArray.product(shape, ArrayData.MAX_ARRAY_LENGTH);
        if (numel < 0) {
            throw new NpyFormatException(source + ": 'shape' " + shapeRepr(shape)
                    + " has more elements than a Java array can hold");
        }
        return new Header((String) descrValue, type, shape, (int) numel, dataOffset);
    }

    private static ElementType elementType(Object descr, String source) throws NpyFormatException {
        if (descr instanceof List<?> || descr instanceof PythonLiteral.Tuple) {
            throw new NpyFormatException(source + ": unsupported 'descr' " + repr(descr) + " (structured dtype)");
        }
        if (!(descr instanceof String d)) {
            throw new NpyFormatException(source + ": 'descr' must be a string, got " + repr(descr));
        }
        String fail = source + ": unsupported 'descr' " + repr(d);
        if (d.length() < 2 || "<>|=".indexOf(d.charAt(0)) < 0) throw new NpyFormatException(fail);
        char order = d.charAt(0);
        String code = d.substring(1);
        ElementType type = switch (code) {
            case "f2" -> ElementType.F16;
            case "f4" -> ElementType.F32;
            case "f8" -> ElementType.F64;
            case "b1" -> ElementType.BOOL;
            case "u1" -> ElementType.U8;
            case "i1" -> ElementType.I8;
            case "i2" -> ElementType.I16;
            case "u2" -> ElementType.U16;
            case "i4" -> ElementType.I32;
            case "u4" -> ElementType.U32;
            case "i8" -> ElementType.I64;
            default -> {
                char kind = code.charAt(0);
                String why = switch (kind) {
                    case 'O' -> " (object dtype)";
                    case 'V' -> " (structured or void dtype)";
                    case 'U', 'S', 'a' -> " (string dtype)";
                    case 'c' -> " (complex dtype)";
                    case 'M', 'm' -> " (datetime dtype)";
                    default -> "";
                };
                throw new NpyFormatException(fail + why);
            }
        };
        if (type.byteSize > 1) {
            if (order == '>') throw new NpyFormatException(fail + " (big-endian)");
            if (order != '<') throw new NpyFormatException(fail + " (byte order must be '<')");
        }
        return type;
    }

    private static int[] shape(Object value, String source) throws NpyFormatException {
        if (!(value instanceof PythonLiteral.Tuple tuple)) {
            throw new NpyFormatException(source + ": 'shape' must be a tuple of integers, got " + repr(value));
        }
        int[] shape = new int[tuple.items().size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(tuple.items().get(i) instanceof BigInteger dim)) {
                throw new NpyFormatException(source + ": 'shape' must be a tuple of integers, got " + repr(value));
            }
            if (dim.signum() < 0) {
                throw new NpyFormatException(source + ": negative dimension " + dim + " in 'shape' " + repr(value));
            }
            if (dim.bitLength() > 31) {
                throw new NpyFormatException(source + ": dimension " + dim + " in 'shape' " + repr(value)
                        + " is too large for a Java array");
            }
            shape[i] = dim.intValue();
        }
        return shape;
    }

    private static void readFully(ReadableByteChannel in, ByteBuffer buf, String source, String what) throws IOException {
        while (buf.hasRemaining()) {
            if (in.read(buf) < 0) {
                throw new NpyFormatException(source + ": truncated file: end of data while reading the " + what);
            }
        }
        buf.flip();
    }

    /** Python-like rendering of a parsed header value, for messages. */
    private static String repr(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof PythonLiteral.Tuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < t.items().size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(repr(t.items().get(i)));
            }
            return sb.append(t.items().size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(repr(l.get(i)));
            }
            return sb.append("]").toString();
        }
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) sb.append(", ");
                first = false;
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append("}").toString();
        }
        return String.valueOf(v);
    }

    private static String quoteHeader(String text) {
        String t = text.strip();
        return "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
    }
}
