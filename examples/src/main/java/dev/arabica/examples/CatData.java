package dev.arabica.examples;

import dev.arabica.core.Tensor;
import dev.arabica.nn.data.TensorDataset;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The course's cat / non-cat images from its HDF5 files ({@code train_catvnoncat.h5},
 * {@code test_catvnoncat.h5}), read with jHDF: {@code *_set_x} uint8 {@code [m, 64, 64, 3]} becomes
 * float {@code [m, 12288]} scaled to [0, 1] (pixels flattened in height, width, channel order, as
 * NumPy's {@code reshape(m, -1)}), {@code *_set_y} becomes float labels {@code [m, 1]} (1 = cat).
 */
final class CatData {
    static final int SIDE = 64;
    static final int FEATURES = SIDE * SIDE * 3;

    private CatData() {}

    /**
     * Rows {@code [m, 12288]} in height, width, channel order as images {@code [m, 3, 64, 64]}
     * (channels first, the layout of the convolutions).
     */
    static Tensor images(Tensor rows) {
        int m = rows.size(0);
        return rows.reshape(m, SIDE, SIDE, 3).permute(0, 3, 1, 2).contiguous();
    }

    static TensorDataset train(Path dir) throws IOException {
        return read(dir.resolve("train_catvnoncat.h5"), "train");
    }

    static TensorDataset test(Path dir) throws IOException {
        return read(dir.resolve("test_catvnoncat.h5"), "test");
    }

    static TensorDataset read(Path file, String split) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not found (give the data folder with --data)");
        try (HdfFile hdf = new HdfFile(file)) {
            Dataset xs = hdf.getDatasetByPath(split + "_set_x"), ys = hdf.getDatasetByPath(split + "_set_y");
            int[] dims = xs.getDimensions();
            if (dims.length != 4 || dims[1] != SIDE || dims[2] != SIDE || dims[3] != 3) {
                throw new IOException(file + ": " + split + "_set_x has shape " + Arrays.toString(dims) + ", expected [m, 64, 64, 3]");
            }
            int m = dims[0];
            float[] x = new float[m * FEATURES];
            Object flat = xs.getDataFlat();
            if (flat instanceof int[] ints) {
                for (int i = 0; i < x.length; i++) x[i] = ints[i] / 255f;
            } else if (flat instanceof short[] shorts) {
                for (int i = 0; i < x.length; i++) x[i] = shorts[i] / 255f;
            } else if (flat instanceof byte[] bytes) {
                for (int i = 0; i < x.length; i++) x[i] = (bytes[i] & 0xFF) / 255f;
            } else {
                throw new IOException(file + ": unsupported pixel type " + flat.getClass().getSimpleName());
            }
            float[] y = new float[m];
            Object labels = ys.getDataFlat();
            for (int i = 0; i < m; i++) {
                y[i] = labels instanceof long[] l ? l[i] : labels instanceof int[] n ? n[i] : Float.NaN;
            }
            return new TensorDataset(Tensor.of(x, m, FEATURES), Tensor.of(y, m, 1));
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot read the HDF5 data: " + e.getMessage(), e);
        }
    }
}
