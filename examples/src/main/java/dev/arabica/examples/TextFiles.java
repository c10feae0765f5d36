package dev.arabica.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the text corpora of the text examples, with one-line errors that name the file. */
final class TextFiles {
    private TextFiles() {}

    /**
     * The whole file as UTF-8 text (a leading byte-order mark dropped).
     *
     * @param what what the file should hold, for the error message ("a UTF-8 text")
     * @throws IOException if the file is missing, unreadable, not valid UTF-8 or empty
     */
    static String read(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": not found (expected " + what + "; give it with --data)");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 text (expected " + what + ")", e);
        }
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isEmpty()) throw new IOException(file + ": empty (expected " + what + ")");
        return text;
    }
}
