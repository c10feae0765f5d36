package dev.arabica.cnn;

import java.util.Locale;

/**
 * The padding of a convolution, as PyTorch's {@code padding} argument: explicit zero padding of
 * {@code height} rows above and below and {@code width} columns left and right, or one of the
 * strings {@code 'same'} and {@code 'valid'}.
 *
 * <ul>
 *   <li>{@link #SAME}: the output is as large as the input (stride 1 only). The total padding per
 *       dim is {@code dilation * (kernel - 1)}; when it is odd, the extra row/column goes at the
 *       bottom/right, as PyTorch does.</li>
 *   <li>{@link #VALID}: no padding (the same as {@code Padding.of(0)}).</li>
 * </ul>
 * For 1-D convolutions only the value {@code width} is used, and {@code height} must equal it
 * ({@link #of(int)}).
 */
public record Padding(Mode mode, int height, int width) {
    /** How the padding is given. */
    public enum Mode { EXPLICIT, SAME, VALID }

    /** PyTorch's {@code padding='same'}. */
    public static final Padding SAME = new Padding(Mode.SAME, 0, 0);
    /** PyTorch's {@code padding='valid'}: no padding. */
    public static final Padding VALID = new Padding(Mode.VALID, 0, 0);

    public Padding {
        if (mode == null) throw new IllegalArgumentException("Padding: mode must not be null");
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("Padding: sizes must be >= 0, got (" + height + ", " + width + ")");
        }
        if (mode != Mode.EXPLICIT && (height != 0 || width != 0)) {
            throw new IllegalArgumentException("Padding: " + mode + " takes no sizes, got (" + height + ", " + width + ")");
        }
    }

    /** {@code p} on every side. */
    public static Padding of(int p) {
        return new Padding(Mode.EXPLICIT, p, p);
    }

    /** {@code height} rows above and below, {@code width} columns left and right. */
    public static Padding of(int height, int width) {
        return new Padding(Mode.EXPLICIT, height, width);
    }

    /**
     * PyTorch's string form: {@code "same"} or {@code "valid"} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other string
     */
    public static Padding parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "same" -> SAME;
            case "valid" -> VALID;
            default -> throw new IllegalArgumentException("Padding: expected 'same' or 'valid', got '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return switch (mode) {
            case SAME -> "'same'";
            case VALID -> "'valid'";
            case EXPLICIT -> height == width ? Integer.toString(height) : "(" + height + ", " + width + ")";
        };
    }
}
