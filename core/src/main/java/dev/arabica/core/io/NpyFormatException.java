package dev.arabica.core.io;

import java.io.IOException;

/** A {@code .npy} file that is malformed or uses a feature we do not read; the message names the file and the field. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public NpyFormatException(String message) {
        super(message);
    }

    public NpyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
