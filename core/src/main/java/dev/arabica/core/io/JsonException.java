package dev.arabica.core.io;

/** Malformed JSON text: the message says what was expected and {@link #offset()} where. */
public final class JsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public JsonException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Character offset (UTF-16 index into the parsed string) of the problem. */
    public int offset() {
        return offset;
    }
}
