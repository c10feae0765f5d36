package dev.arabica.nn.data;

import dev.arabica.core.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed ({@code .gz}).
 *
 * <p>Header: two zero bytes, a type byte (0x08 = unsigned byte is the one these data sets use;
 * 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double are accepted too), the number of
 * dims, then one big-endian int32 size per dim, then the data in C order, big-endian.
 */
public final class Idx {
    private Idx() {}

    /** Max elements accepted (guards against a corrupt header asking for gigabytes). */
    static final long MAX_ELEMENTS = 1L << 30;

    /** The file's values as float32 (unsigned bytes give 0..255), with the file's shape. */
    public static Tensor readFloats(Path file) throws IOException {
        try (InputStream raw = open(file)) {
            return read(new DataInputStream(raw), file.toString(), false);
        }
    }

    /** The file's values as int64 (labels), with the file's shape. */
    public static Tensor readLongs(Path file) throws IOException {
        try (InputStream raw = open(file)) {
            return read(new DataInputStream(raw), file.toString(), true);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static Tensor read(DataInputStream in, String name, boolean longs) throws IOException {
        try {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int rank = in.readUnsignedByte();
            if (zero != 0) throw new IOException(name + ": not an IDX file (magic starts with 0x" + Integer.toHexString(zero) + ", expected 0x0000)");
            if (rank == 0 || rank > 8) throw new IOException(name + ": unsupported number of dims " + rank);
            int[] shape = new int[rank];
            long n = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = in.readInt();
                if (shape[d] < 0) throw new IOException(name + ": negative size " + shape[d] + " in dim " + d);
                n *= shape[d];
                if (n > MAX_ELEMENTS) throw new IOException(name + ": header declares more than " + MAX_ELEMENTS + " elements");
            }
            int count = (int) n;
            if (longs) {
                long[] v = new long[count];
                for (int i = 0; i < count; i++) v[i] = (long) readValue(in, type, name);
                return Tensor.ofLongs(v, shape);
            }
            float[] v = new float[count];
            if (type == 0x08) {
                byte[] bytes = new byte[count];
                in.readFully(bytes);
                for (int i = 0; i < count; i++) v[i] = bytes[i] & 0xFF;
            } else {
                for (int i = 0; i < count; i++) v[i] = (float) readValue(in, type, name);
            }
            return Tensor.of(v, shape);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated IDX file (data ends before the size its header declares)", e);
        }
    }

    private static double readValue(DataInputStream in, int type, String name) throws IOException {
        return switch (type) {
            case 0x08 -> in.readUnsignedByte();
            case 0x09 -> in.readByte();
            case 0x0B -> in.readShort();
            case 0x0C -> in.readInt();
            case 0x0D -> in.readFloat();
            case 0x0E -> in.readDouble();
            default -> throw new IOException(name + ": unknown IDX data type 0x" + Integer.toHexString(type));
        };
    }
}
