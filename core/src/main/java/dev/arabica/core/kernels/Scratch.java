package dev.arabica.core.kernels;

/**
 * Reusable per-thread work arrays for one call site of a kernel (im2col columns, a packed panel, a
 * row of partial sums), so that a hot loop does not allocate on every call.
 *
 * <p>Keep one {@code Scratch} per purpose as a {@code static final} field. Each thread that asks
 * gets its own array, grown on demand and kept for its next call; its contents are whatever the
 * previous user left (not zeroed). The array is valid until the same thread asks the same
 * {@code Scratch} again, so never keep it beyond the call that asked for it: a tensor returned to
 * the user, or saved for backward, needs its own fresh array.
 */
public final class Scratch {
    private final ThreadLocal<float[]> buffer = ThreadLocal.withInitial(() -> new float[0]);

    /** A new scratch holder; each thread's array is created on its first {@link #floats} call. */
    public Scratch() {}

    /** A float array of at least {@code size} elements belonging to the calling thread. */
    public float[] floats(int size) {
        if (size < 0) throw new IllegalArgumentException("size must be >= 0, got " + size);
        float[] b = buffer.get();
        if (b.length < size) {
            b = new float[size];
            buffer.set(b);
        }
        return b;
    }
}
