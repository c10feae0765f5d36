package dev.arabica.examples;

import dev.arabica.spark.Example;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Fashion-MNIST's gzip-compressed IDX files ({@code train-*} and {@code t10k-*}) read by range, so
 * that every Spark partition loads its own examples on its executor: the driver ships only the
 * folder and the ranges. The folder must be readable at the same path on every executor (a local
 * master, or a shared file system on a cluster). Pixels are scaled to [0, 1].
 */
final class FashionMnist {
    static final int PIXELS = 28 * 28;
    static final int CLASSES = 10;

    private FashionMnist() {}

    static Path images(Path dir, String split) {
        return dir.resolve(split + "-images-idx3-ubyte.gz");
    }

    static Path labels(Path dir, String split) {
        return dir.resolve(split + "-labels-idx1-ubyte.gz");
    }

    /** The number of examples of {@code split} ("train" or "t10k"), from the images file's header. */
    static int count(Path dir, String split) throws IOException {
        try (DataInputStream in = open(images(dir, split))) {
            return imagesHeader(in, images(dir, split));
        }
    }

    /** Examples {@code [from, to)} of {@code split}. */
    static List<Example> read(Path dir, String split, int from, int to) throws IOException {
        Path imageFile = images(dir, split), labelFile = labels(dir, split);
        List<Example> out = new ArrayList<>(to - from);
        try (DataInputStream images = open(imageFile); DataInputStream labels = open(labelFile)) {
            int n = imagesHeader(images, imageFile);
            if (labels.readInt() != 0x00000801 || labels.readInt() != n) {
                throw new IOException(labelFile + ": not the IDX label file of " + n + " examples that goes with " + imageFile);
            }
            if (from < 0 || to > n || from > to) throw new IllegalArgumentException("FashionMnist: range [" + from + ", " + to + ") of " + n);
            images.skipNBytes((long) from * PIXELS);
            labels.skipNBytes(from);
            byte[] pixels = new byte[PIXELS];
            for (int i = from; i < to; i++) {
                images.readFully(pixels);
                float[] x = new float[PIXELS];
                for (int k = 0; k < PIXELS; k++) x[k] = (pixels[k] & 0xFF) / 255f;
                out.add(Example.ofClass(x, labels.readUnsignedByte()));
            }
        } catch (EOFException e) {
            throw new IOException(imageFile + " or " + labelFile + ": truncated", e);
        }
        return out;
    }

    /**
     * The first {@code limit} examples of {@code split} in {@code partitions} partitions of
     * consecutive ranges, each loaded on its executor.
     */
    static JavaRDD<Example> rdd(JavaSparkContext sc, Path dir, String split, int limit, int partitions) throws IOException {
        int n = Math.min(limit, count(dir, split));
        List<int[]> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) ranges.add(new int[] {(int) ((long) n * p / partitions), (int) ((long) n * (p + 1) / partitions)});
        String folder = dir.toAbsolutePath().toString(); // a String: Path is not serializable
        return sc.parallelize(ranges, partitions).flatMap(r -> {
            try {
                return read(Path.of(folder), split, r[0], r[1]).iterator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found (Fashion-MNIST in IDX format, gzip-compressed)");
        InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16);
        return new DataInputStream(in);
    }

    private static int imagesHeader(DataInputStream in, Path file) throws IOException {
        int magic = in.readInt(), n = in.readInt(), rows = in.readInt(), cols = in.readInt();
        if (magic != 0x00000803 || rows * cols != PIXELS || n < 0) {
            throw new IOException(file + ": not an IDX file of 28x28 images (magic 0x" + Integer.toHexString(magic) + ", " + rows + "x" + cols + ")");
        }
        return n;
    }
}
