package dev.arabica.core.io;

import java.io.IOException;

/** A safetensors file that is malformed or uses a dtype we do not read; the message names the file and the tensor or field. */
public final class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(String message) {
        super(message);
    }

    public SafeTensorsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
