package dev.arabica.core.io;

import dev.arabica.core.DType;
import dev.arabica.core.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes {@link Tensor}s as {@code .npy} files (to exchange arrays with NumPy/PyTorch)
 * and as safetensors files (named weights, e.g. a model's {@code stateDict}). Writes are atomic.
 */
public final class TensorFiles {
    private TensorFiles() {}

    /** A tensor holding the array's values (float32 or int64). */
    public static Tensor toTensor(RawArray raw) {
        return raw.dtype() == DType.FLOAT32 ? Tensor.of(raw.floats(), raw.shape()) : Tensor.ofLongs(raw.longs(), raw.shape());
    }

    /** The tensor's values in C order (a copy; views are materialised). */
    public static RawArray toRaw(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? RawArray.ofFloats(t.toFloatArray(), t.shape())
                : RawArray.ofLongs(t.toLongArray(), t.shape());
    }

    /** Reads a {@code .npy} file (float32, int64 and the types converted to them) as a tensor. */
    public static Tensor readNpy(Path file) throws IOException {
        return toTensor(Npy.read(file));
    }

    /** Writes {@code t} as a {@code .npy} file ({@code <f4} or {@code <i8}, C order). */
    public static void writeNpy(Path file, Tensor t) throws IOException {
        Npy.write(file, toRaw(t));
    }

    /** Tensors by name, in file order. */
    public static Map<String, Tensor> readSafetensors(Path file) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawArray> e : SafeTensors.read(file).entrySet()) out.put(e.getKey(), toTensor(e.getValue()));
        return out;
    }

    /** Writes {@code tensors} (in map order) as a safetensors file with string {@code metadata} (null for none). */
    public static void writeSafetensors(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, RawArray> raw = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) raw.put(e.getKey(), toRaw(e.getValue()));
        SafeTensors.write(file, raw, metadata);
    }
}
