package dev.arabica.core.io;

import dev.arabica.core.DType;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major (C order) n-dimensional array as it is stored in a file: a {@link DType}, a
 * shape and one flat data array. It is the exchange type of the I/O package; {@code Tensor}
 * converts to and from it.
 *
 * <p>Exactly one of {@code floats} ({@link DType#FLOAT32}) and {@code longs} ({@link DType#INT64})
 * is non-null, and its length is the product of the shape (1 for a 0-d array, shape {@code []}).
 *
 * <p><b>It wraps, it does not copy.</b> The constructor and the accessors share the given arrays
 * with the caller, so that reading a large file does not hold two copies. Do not modify
 * {@code shape} after construction (the invariant above would no longer hold).
 *
 * <p>{@link #equals} and {@link #hashCode} compare contents (floats bit for bit, as
 * {@link Arrays#equals(float[], float[])}: NaN equals NaN, {@code 0.0f} differs from {@code -0.0f}).
 */
public record RawArray(DType dtype, int[] shape, float[] floats, long[] longs) {

    /** Validates dtype, shape and data; throws {@link IllegalArgumentException} when they disagree. */
    public RawArray {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        long count = elementCount(shape);
        int length;
        switch (dtype) {
            case FLOAT32 -> {
                if (floats == null || longs != null) {
                    throw new IllegalArgumentException("float32 array needs floats != null and longs == null");
                }
                length = floats.length;
            }
            case INT64 -> {
                if (longs == null || floats != null) {
                    throw new IllegalArgumentException("int64 array needs longs != null and floats == null");
                }
                length = longs.length;
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + count
                    + " elements but the " + dtype + " data has " + length);
        }
    }

    /** A float32 array wrapping {@code data} (not copied). */
    public static RawArray ofFloats(float[] data, int... shape) {
        return new RawArray(DType.FLOAT32, shape, data, null);
    }

    /** An int64 array wrapping {@code data} (not copied). */
    public static RawArray ofLongs(long[] data, int... shape) {
        return new RawArray(DType.INT64, shape, null, data);
    }

    /** Number of elements: the product of the shape, 1 for a 0-d array. */
    public int numel() {
        return floats != null ? floats.length : longs.length;
    }

    /** Number of dimensions; 0 for a scalar. */
    public int ndim() {
        return shape.length;
    }

    /**
     * Product of {@code shape}, checking that every dimension is {@code >= 0} and that the product
     * fits a Java array ({@link Integer#MAX_VALUE} elements).
     */
    static long elementCount(int[] shape) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + shape[i] + " at index " + i
                        + " in shape " + Arrays.toString(shape));
            }
        }
        long count = product(shape, Integer.MAX_VALUE);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                    + " has more elements than a Java array can hold");
        }
        return count;
    }

    /**
     * Product of non-negative dimensions, or -1 if it exceeds {@code limit} (at most
     * {@link Integer#MAX_VALUE}). Never overflows: a zero anywhere gives 0, and the running product
     * is checked after every step.
     */
    static long product(int[] shape, long limit) {
        for (int d : shape) {
            if (d == 0) return 0;
        }
        long count = 1;
        for (int d : shape) {
            count *= d;   // count <= limit < 2^31 and d < 2^31 before this step: no overflow
            if (count > limit) return -1;
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawArray r && dtype == r.dtype && Arrays.equals(shape, r.shape)
                && Arrays.equals(floats, r.floats) && Arrays.equals(longs, r.longs);
    }

    @Override
    public int hashCode() {
        int h = dtype.hashCode() * 31 + Arrays.hashCode(shape);
        return h * 31 + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(longs));
    }

    /** {@code RawArray[float32, shape=[3, 4], data=[0.1, 0.2, ...]]}, at most 8 elements shown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RawArray[").append(dtype).append(", shape=")
                .append(Arrays.toString(shape)).append(", data=[");
        int n = numel();
        int shown = Math.min(n, 8);
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append(", ");
            if (floats != null) sb.append(floats[i]); else sb.append(longs[i]);
        }
        if (shown < n) sb.append(", ... (").append(n).append(" elements)");
        return sb.append("]]").toString();
    }
}
