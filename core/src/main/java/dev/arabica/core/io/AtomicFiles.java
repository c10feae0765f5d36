package dev.arabica.core.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * partial file: the data goes to a temporary file in the target's directory, which is then renamed
 * over the target ({@link StandardCopyOption#ATOMIC_MOVE}; where the file system cannot rename
 * atomically, a plain replacing move). On failure the temporary file is deleted and the target is
 * left untouched.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and is created with the
 * default permissions for new files (not the owner-only permissions of
 * {@link Files#createTempFile}). If the target is a symbolic link, the link itself is replaced.
 */
public final class AtomicFiles {
    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);
    private static final int BUFFER_SIZE = 1 << 16;

    private AtomicFiles() {}

    /** Produces the file's content. The stream is buffered; closing it is allowed but not needed. */
    @FunctionalInterface
    public interface IOAction {
        void write(OutputStream out) throws IOException;
    }

    /** {@link #write(Path, boolean, IOAction)} with {@code fsync = true}. */
    public static void write(Path target, IOAction writer) throws IOException {
        write(target, true, writer);
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code writer} writes.
     *
     * @param fsync whether to force the data to the storage device before the rename (and the
     *              directory entry after it, where the platform allows), so that the new content
     *              also survives a power failure; without it the write is still atomic for
     *              concurrent readers and process crashes
     */
    public static void write(Path target, boolean fsync, IOAction writer) throws IOException {
        Objects.requireNonNull(writer, "writer");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null) throw new IOException(target + ": has no parent directory");
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean done = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new UnclosableOutputStream(Channels.newOutputStream(channel)), BUFFER_SIZE);
                writer.write(out);
                out.flush();
                if (fsync) channel.force(true);
            }
            move(temp, absolute);
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("could not delete temporary file {}: {}", temp, e.toString());
                }
            }
        }
        if (fsync) syncDirectory(dir);
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                // CREATE_NEW: never follows or reuses an existing entry; default permissions (umask).
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            log.debug("atomic rename not supported for {}, using a replacing move", target);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            // Some platforms refuse to rename atomically over an existing file.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the rename durable on POSIX systems; directories cannot be opened this way on Windows. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("could not fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Lets the writer close its stream without closing the channel before flush and fsync. */
    private static final class UnclosableOutputStream extends OutputStream {
        private final OutputStream delegate;

        UnclosableOutputStream(OutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
        }

        @Override
        public void close() {
            // the channel is closed by AtomicFiles after flush and fsync
        }
    }
}
