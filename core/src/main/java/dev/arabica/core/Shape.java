package dev.arabica.core;

import java.util.Arrays;

/** Static helpers for shapes: element counts, broadcasting, dimension normalisation, formatting. */
public final class Shape {
    private Shape() {}

    /** Formats a shape the way error messages print it: {@code [3,4]}, {@code []} for a scalar. */
    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(shape[i]);
        }
        return sb.append(']').toString();
    }

    /** Number of elements; throws if it would overflow an int (arrays are int-indexed). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension " + d + " in shape " + format(shape));
            n *= d;
            if (n > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31 elements");
            }
        }
        return (int) n;
    }

    /** Row-major (C order) strides for a shape. */
    public static int[] contiguousStrides(int[] shape) {
        return dev.arabica.core.kernels.Strided.contiguous(shape);
    }

    /** Normalises a possibly negative dim against a rank, naming the op in the error. */
    public static int normalizeDim(String op, int dim, int rank) {
        int lo = -Math.max(rank, 1), hi = Math.max(rank, 1) - 1;
        if (dim < lo || dim > hi) {
            throw new IllegalArgumentException(op + ": dim " + dim + " out of range for a tensor of rank " + rank
                    + " (expected in [" + lo + ", " + hi + "])");
        }
        return dim < 0 ? dim + Math.max(rank, 1) : dim;
    }

    /** Broadcast shape of two shapes (NumPy rules), or an exception naming both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da == db || db == 1) out[i] = da;
            else if (da == 1) out[i] = db;
            else throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                    + " cannot be broadcast (dim " + i + ": " + da + " vs " + db + ")");
        }
        return out;
    }

    /**
     * Strides that read a tensor of shape {@code shape}/{@code strides} as if it had the (broadcast)
     * shape {@code target}: broadcast dims get stride 0.
     */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : strides[i];
        }
        return out;
    }

    static boolean equal(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
