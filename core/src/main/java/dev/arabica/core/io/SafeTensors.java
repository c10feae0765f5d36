package dev.arabica.core.io;

import dev.arabica.core.DType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The <a href="https://github.com/huggingface/safetensors">safetensors</a> format: an 8-byte
 * little-endian unsigned header size {@code N}, {@code N} bytes of UTF-8 JSON
 * {@code {"__metadata__":{..},"name":{"dtype":"F32","shape":[2,3],"data_offsets":[begin,end]},..}}
 * (padded with spaces to a multiple of 8), then the tensors' bytes, little-endian and C order,
 * with offsets relative to the start of that data buffer.
 *
 * <p><b>Writing</b> reproduces the reference implementation's byte layout (the Rust crate behind
 * {@code safetensors.torch.save_file}): tensors sorted by descending dtype alignment (so int64
 * before float32) and then by name (UTF-8 byte order), laid out contiguously in that order, header
 * entries in that order after {@code __metadata__}, compact JSON, space padding to 8 bytes. With
 * {@code metadata == null} there is no {@code __metadata__} entry (an empty map writes
 * {@code "__metadata__":{}}, as Python does for {@code metadata={}}). Metadata entries are written
 * sorted by key; the reference keeps them in a Rust {@code HashMap}, whose order is unspecified, so
 * with two or more metadata entries no byte-exact reference exists.
 *
 * <p><b>Reading</b> returns tensors in data-offset order (= the order written). Dtypes F32, F64,
 * F16, BF16 become float32 (F64 rounded); I64, I32, I16, I8, U32, U16, U8, BOOL become int64. The
 * file is validated as the reference does, and more strictly: header size at most 100,000,000
 * bytes and inside the file; valid UTF-8 and strict JSON (no duplicate names); every entry has
 * exactly {@code dtype}, {@code shape}, {@code data_offsets}; {@code end - begin} equals
 * {@code numel * dtype size}; the tensors cover the data buffer exactly, without gaps or
 * overlaps; every tensor fits a Java array. Violations raise {@link SafeTensorsFormatException}
 * naming the file and the tensor or field; nothing is allocated from a size the file cannot back.
 */
public final class SafeTensors {
    /** The reference implementation's limit on the header size. */
    static final long MAX_HEADER_SIZE = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";

    private SafeTensors() {}

    /** A dtype name of the format and how we decode it; {@code element == null}: known but unsupported here. */
    private enum FileDType {
        // Declaration order = the reference's alignment order, used for sorting when writing.
        BOOL(ElementType.BOOL, 1), U8(ElementType.U8, 1), I8(ElementType.I8, 1),
        F8_E5M2(null, 1), F8_E4M3(null, 1),
        I16(ElementType.I16, 2), U16(ElementType.U16, 2), F16(ElementType.F16, 2), BF16(ElementType.BF16, 2),
        I32(ElementType.I32, 4), U32(ElementType.U32, 4), F32(ElementType.F32, 4), F64(ElementType.F64, 8),
        I64(ElementType.I64, 8), U64(null, 8);

        final ElementType element;
        final int byteSize;

        FileDType(ElementType element, int byteSize) {
            this.element = element;
            this.byteSize = byteSize;
        }

        static FileDType of(DType dtype) {
            return switch (dtype) {
                case FLOAT32 -> F32;
                case INT64 -> I64;
            };
        }
    }

    private record Entry(String name, FileDType dtype, int[] shape, long begin, long end) {}

    private record Header(long headerSize, Map<String, String> metadata, List<Entry> entries) {}

    /**
     * Writes {@code tensors} (and optional string {@code metadata}) to {@code file} atomically
     * (see {@link AtomicFiles}), in the reference implementation's layout (see the class comment).
     *
     * @throws IllegalArgumentException for a null name or value or a tensor named {@code __metadata__}
     */
    public static void write(Path file, Map<String, RawArray> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);   // validates before the file is touched
        AtomicFiles.write(file, out -> writeBody(out, header, tensors));
    }

    /** Writes the same bytes as {@link #write(Path, Map, Map)} to a stream (not closed). */
    public static void write(OutputStream out, Map<String, RawArray> tensors, Map<String, String> metadata) throws IOException {
        writeBody(out, header(tensors, metadata), tensors);
    }

    /** Reads all tensors, in data-offset order. */
    public static Map<String, RawArray> read(Path file) throws IOException {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, source);
            Map<String, RawArray> result = new LinkedHashMap<>();
            channel.position(8 + header.headerSize);
            for (Entry e : header.entries) {
                int numel = (int) ((e.end - e.begin) / e.dtype.byteSize);
                // The file length was checked against the offsets, so the array can be allocated at once.
                RawArray array = ArrayData.read(channel, e.dtype.element, e.shape, numel, true,
                        message -> new SafeTensorsFormatException(source + ": tensor '" + e.name + "': " + message));
                result.put(e.name, array);
            }
            return result;
        }
    }

    /** Reads the {@code __metadata__} map (empty if absent), after validating the header as {@link #read} does. */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file.toString()).metadata;
        }
    }

    // ---------------------------------------------------------------- writing

    /** Reference order: descending dtype alignment, then name by UTF-8 bytes (Rust's String order). */
    private static List<Map.Entry<String, RawArray>> sorted(Map<String, RawArray> tensors) {
        List<Map.Entry<String, RawArray>> list = new ArrayList<>(tensors.entrySet());
        list.sort(Comparator.<Map.Entry<String, RawArray>>comparingInt(e -> -FileDType.of(e.getValue().dtype()).ordinal())
                .thenComparing(Map.Entry::getKey, SafeTensors::compareUtf8));
        return list;
    }

    /** UTF-8 byte order, which differs from {@link String#compareTo} for characters above U+FFFF. */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);   // code point order == UTF-8 byte order
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    static byte[] header(Map<String, RawArray> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null) {
            Map<String, String> sortedMetadata = new TreeMap<>(SafeTensors::compareUtf8);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw new IllegalArgumentException("metadata keys and values must not be null: " + e);
                }
                sortedMetadata.put(e.getKey(), e.getValue());
            }
            json.put(METADATA_KEY, sortedMetadata);
        }
        long offset = 0;
        for (Map.Entry<String, RawArray> e : sorted(nonNull(tensors))) {
            RawArray a = e.getValue();
            long size = (long) a.numel() * a.dtype().byteSize();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", FileDType.of(a.dtype()).name());
            info.put("shape", a.shape());
            info.put("data_offsets", new long[] {offset, offset + size});
            json.put(e.getKey(), info);
            offset += size;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        byte[] header = new byte[8 + padded];
        ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).put(text);
        Arrays.fill(header, 8 + text.length, header.length, (byte) ' ');
        return header;
    }

    private static Map<String, RawArray> nonNull(Map<String, RawArray> tensors) {
        for (Map.Entry<String, RawArray> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("tensor names and arrays must not be null: " + e.getKey());
            }
            if (e.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved and cannot name a tensor");
            }
        }
        return tensors;
    }

    private static void writeBody(OutputStream out, byte[] header, Map<String, RawArray> tensors) throws IOException {
        out.write(header);
        for (Map.Entry<String, RawArray> e : sorted(tensors)) {
            ArrayData.write(out, e.getValue());
        }
    }

    // ---------------------------------------------------------------- reading

    private static Header readHeader(FileChannel channel, String source) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafeTensorsFormatException(source + ": file too small (" + fileSize + " bytes) for the 8-byte header size");
        }
        ByteBuffer sizeBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, sizeBytes, 0, source);
        long headerSize = sizeBytes.getLong(0);   // unsigned; values >= 2^63 are negative here
        if (headerSize < 0 || headerSize > MAX_HEADER_SIZE) {
            throw new SafeTensorsFormatException(source + ": header size " + Long.toUnsignedString(headerSize)
                    + " exceeds the limit of " + MAX_HEADER_SIZE + " bytes");
        }
        if (8 + headerSize > fileSize) {
            throw new SafeTensorsFormatException(source + ": header size " + headerSize
                    + " goes beyond the end of the file (" + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerSize);
        readFully(channel, headerBytes, 8, source);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsFormatException(source + ": header is not valid UTF-8", e);
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonException e) {
            throw new SafeTensorsFormatException(source + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new SafeTensorsFormatException(source + ": header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<?, ?> e : root.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SafeTensorsFormatException(source + ": '" + METADATA_KEY + "' must be an object of strings");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String value)) {
                        throw new SafeTensorsFormatException(source + ": '" + METADATA_KEY + "' entry '" + me.getKey()
                                + "' must be a string, got " + Json.write(me.getValue()));
                    }
                    metadata.put((String) me.getKey(), value);
                }
            } else {
                entries.add(entry(name, e.getValue(), source));
            }
        }
        long dataSize = fileSize - 8 - headerSize;
        validateLayout(entries, dataSize, source);
        return new Header(headerSize, Collections.unmodifiableMap(metadata), entries);
    }

    private static Entry entry(String name, Object value, String source) throws SafeTensorsFormatException {
        String where = source + ": tensor '" + name + "': ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafeTensorsFormatException(where + "entry must be an object, got " + Json.write(value));
        }
        for (Object key : info.keySet()) {
            if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
                throw new SafeTensorsFormatException(where + "unexpected field '" + key + "'");
            }
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsFormatException(where + "'dtype' must be a string, got " + Json.write(info.get("dtype")));
        }
        FileDType dtype;
        try {
            dtype = FileDType.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new SafeTensorsFormatException(where + "unknown dtype '" + dtypeName + "'");
        }
        if (dtype.element == null) {
            throw new SafeTensorsFormatException(where + "unsupported dtype '" + dtypeName + "'");
        }
        if (!(info.get("shape") instanceof List<?> shapeList)) {
            throw new SafeTensorsFormatException(where + "'shape' must be an array of integers, got " + Json.write(info.get("shape")));
        }
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(shapeList.get(i) instanceof Long d) || d < 0) {
                throw new SafeTensorsFormatException(where + "'shape' must hold non-negative integers, got " + Json.write(shapeList));
            }
            if (d > Integer.MAX_VALUE) {
                throw new SafeTensorsFormatException(where + "dimension " + d + " in 'shape' " + Json.write(shapeList)
                        + " is too large for a Java array");
            }
            shape[i] = (int) (long) d;
        }
        long numel = RawArray.product(shape, ArrayData.MAX_ARRAY_LENGTH);
        if (numel < 0) {
            throw new SafeTensorsFormatException(where + "'shape' " + Json.write(shapeList)
                    + " has more elements than a Java array can hold");
        }
        if (!(info.get("data_offsets") instanceof List<?> offsets) || offsets.size() != 2
                || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw new SafeTensorsFormatException(where + "'data_offsets' must be [begin, end] with 0 <= begin <= end, got "
                    + Json.write(info.get("data_offsets")));
        }
        long bytes = numel * dtype.byteSize;   // < 2^31 * 8: no overflow
        if (end - begin != bytes) {
            throw new SafeTensorsFormatException(where + "'data_offsets' [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but dtype " + dtypeName + " and shape " + Json.write(shapeList) + " need " + bytes);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Tensors must tile {@code [0, dataSize)} exactly, as the reference requires. */
    private static void validateLayout(List<Entry> entries, long dataSize, String source) throws SafeTensorsFormatException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end > dataSize) {
                throw new SafeTensorsFormatException(source + ": tensor '" + e.name + "': 'data_offsets' [" + e.begin + ", "
                        + e.end + "] out of range of the " + dataSize + "-byte data buffer");
            }
            if (e.begin != expected) {
                String relation = e.begin < expected ? "overlaps" : "leaves a gap after";
                throw new SafeTensorsFormatException(source + ": tensor '" + e.name + "': 'data_offsets' [" + e.begin + ", "
                        + e.end + "] " + relation + " "
                        + (previous == null ? "the start of the data buffer" : "tensor '" + previous.name + "' [" + previous.begin + ", " + previous.end + "]"));
            }
            expected = e.end;
            previous = e;
        }
        if (expected != dataSize) {
            throw new SafeTensorsFormatException(source + ": the tensors cover " + expected + " bytes but the data buffer has "
                    + dataSize + " (trailing bytes or a missing tensor)");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position, String source) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) throw new SafeTensorsFormatException(source + ": unexpected end of file");
        }
        buf.flip();
    }
}
