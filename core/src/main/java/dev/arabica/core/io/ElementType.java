package dev.arabica.core.io;

import dev.arabica.core.DType;

import java.nio.ByteBuffer;

/**
 * An element encoding found in files (little-endian) and how it widens to one of our two
 * {@link DType}s: floating types become float32 (float64 is rounded, float16/bfloat16 are exact),
 * integer and boolean types become int64 (exact). Shared by {@link Npy} and {@link SafeTensors}.
 */
enum ElementType {
    F16(2, DType.FLOAT32),
    BF16(2, DType.FLOAT32),
    F32(4, DType.FLOAT32),
    F64(8, DType.FLOAT32),
    BOOL(1, DType.INT64),
    U8(1, DType.INT64),
    I8(1, DType.INT64),
    I16(2, DType.INT64),
    U16(2, DType.INT64),
    I32(4, DType.INT64),
    U32(4, DType.INT64),
    I64(8, DType.INT64);

    final int byteSize;
    final DType target;

    ElementType(int byteSize, DType target) {
        this.byteSize = byteSize;
        this.target = target;
    }

    /**
     * Decodes {@code count} elements from {@code src} (little-endian, position advanced) into
     * {@code dst[offset..]}, which is a {@code float[]} or {@code long[]} per {@link #target}.
     * Same-width types use the bulk views; widening conversions loop over absolute reads.
     */
    void decode(ByteBuffer src, int count, Object dst, int offset) {
        int start = src.position();
        switch (this) {
            case F32 -> src.asFloatBuffer().get((float[]) dst, offset, count);
            case I64 -> src.asLongBuffer().get((long[]) dst, offset, count);
            case F64 -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = (float) src.getDouble(start + 8 * i);
            }
            case F16 -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = Float.float16ToFloat(src.getShort(start + 2 * i));
            }
            case BF16 -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = Float.intBitsToFloat(src.getShort(start + 2 * i) << 16);
            }
            case BOOL -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.get(start + i) != 0 ? 1 : 0;
            }
            case U8 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.get(start + i) & 0xFF;
            }
            case I8 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.get(start + i);
            }
            case I16 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.getShort(start + 2 * i);
            }
            case U16 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.getShort(start + 2 * i) & 0xFFFF;
            }
            case I32 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.getInt(start + 4 * i);
            }
            case U32 -> {
                long[] d = (long[]) dst;
                for (int i = 0; i < count; i++) d[offset + i] = src.getInt(start + 4 * i) & 0xFFFF_FFFFL;
            }
        }
        src.position(start + count * byteSize);
    }
}
