package dev.arabica.core;

/** Element type of a {@link Tensor}. Float data lives in a {@code float[]}, integer data (indices,
 *  class labels, masks) in a {@code long[]}, like PyTorch's {@code float32} and {@code int64}. */
public enum DType {
    FLOAT32("float32", 4),
    INT64("int64", 8);

    private final String displayName;
    private final int byteSize;

    DType(String displayName, int byteSize) {
        this.displayName = displayName;
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
