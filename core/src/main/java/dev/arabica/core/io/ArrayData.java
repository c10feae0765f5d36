package dev.arabica.core.io;

import dev.arabica.core.DType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.function.Function;

/** Bulk little-endian transfer between channels/streams and {@link RawArray} data, in bounded chunks. */
final class ArrayData {
    /** Largest array length every JVM can allocate (a few header words below Integer.MAX_VALUE). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final int CHUNK_BYTES = 1 << 20;
    /** Initial capacity when the source length is unknown: a hostile header cannot make us allocate more than we receive. */
    private static final int UNKNOWN_SIZE_INITIAL_ELEMENTS = 1 << 16;

    private ArrayData() {}

    /**
     * Reads {@code numel} elements of {@code type} and returns them widened to {@code type.target}.
     *
     * @param lengthVerified true when the caller has checked that the source holds all the bytes (a
     *                       file of known size): the result array is allocated at once. Otherwise it
     *                       grows as data arrives, so a lying header costs at most twice the bytes
     *                       actually received.
     * @param error builds the exception for a truncated source
     */
    static RawArray read(ReadableByteChannel in, ElementType type, int[] shape, int numel, boolean lengthVerified,
                         Function<String, IOException> error) throws IOException {
        boolean isFloat = type.target == DType.FLOAT32;
        int capacity = lengthVerified ? numel : Math.min(numel, UNKNOWN_SIZE_INITIAL_ELEMENTS);
        Object dst = isFloat ? new float[capacity] : new long[capacity];
        int perChunk = CHUNK_BYTES / type.byteSize;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) numel * type.byteSize))
                .order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < numel) {
            int count = Math.min(perChunk, numel - done);
            buf.clear().limit(count * type.byteSize);
            while (buf.hasRemaining()) {
                if (in.read(buf) < 0) {
                    long got = (long) done * type.byteSize + buf.position();
                    throw error.apply("truncated data: expected " + (long) numel * type.byteSize
                            + " bytes for " + numel + " elements, found " + got);
                }
            }
            buf.flip();
            if (done + count > capacity) {
                capacity = (int) Math.min(numel, Math.max(2L * capacity, (long) done + count));
                dst = isFloat ? Arrays.copyOf((float[]) dst, capacity) : Arrays.copyOf((long[]) dst, capacity);
            }
            type.decode(buf, count, dst, done);
            done += count;
        }
        return isFloat ? RawArray.ofFloats((float[]) dst, shape) : RawArray.ofLongs((long[]) dst, shape);
    }

    /** Writes the data of {@code array} as little-endian float32 or int64. */
    static void write(OutputStream out, RawArray array) throws IOException {
        int elementBytes = array.dtype().byteSize();
        int numel = array.numel();
        int perChunk = CHUNK_BYTES / elementBytes;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, (long) numel * elementBytes))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < numel; ) {
            int count = Math.min(perChunk, numel - done);
            if (array.dtype() == DType.FLOAT32) {
                buf.asFloatBuffer().put(array.floats(), done, count);
            } else {
                buf.asLongBuffer().put(array.longs(), done, count);
            }
            out.write(buf.array(), 0, count * elementBytes);
            done += count;
        }
    }
}
