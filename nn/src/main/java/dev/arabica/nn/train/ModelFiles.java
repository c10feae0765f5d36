package dev.arabica.nn.train;

import dev.arabica.core.Tensor;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.nn.Module;
import dev.arabica.nn.StateDictException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's weights as a <a href="https://github.com/huggingface/safetensors">safetensors</a> file,
 * keyed by {@link Module#stateDict()} names ({@code 0.weight}, {@code 0.bias}, ...). PyTorch names a
 * module's tensors the same way, so a file written by {@code safetensors.torch.save_file(model.state_dict(), path)}
 * for the same architecture loads here, and a file written here loads there with
 * {@code model.load_state_dict(safetensors.torch.load_file(path))}. Parameters and float buffers are
 * stored as F32, int64 buffers (batch norm's {@code num_batches_tracked}) as I64.
 *
 * <p>Files are written atomically (a temporary file renamed over the target). Reading validates the
 * header size and every tensor's offsets (see {@link dev.arabica.core.io.SafeTensors}); F16, BF16
 * and F64 tensors are converted to float32.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** Writes {@code model.stateDict()} to {@code file}, without metadata. */
    public static void save(Module model, Path file) throws IOException {
        save(model, file, null);
    }

    /** Writes {@code model.stateDict()} to {@code file} with string {@code metadata} (the header's {@code __metadata__}; null for none). */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        TensorFiles.writeSafetensors(file, model.stateDict(), metadata);
    }

    /**
     * Loads weights into {@code model} strictly: the file must hold exactly the model's keys with the
     * model's shapes, otherwise nothing is changed.
     *
     * @throws ModelFileException naming the file and listing the missing keys, unexpected keys and
     *     shape mismatches
     * @throws IOException if the file cannot be read or is not valid safetensors
     */
    public static void load(Module model, Path file) throws IOException {
        Map<String, Tensor> state = TensorFiles.readSafetensors(file);
        try {
            model.loadStateDict(state);
        } catch (StateDictException e) {
            throw new ModelFileException(file, e);
        }
    }

    /**
     * Loads the entries of {@code file} that match the model in name and shape and reports the rest
     * (for fine-tuning from a model with a different head, say).
     */
    public static Module.LoadResult loadNonStrict(Module model, Path file) throws IOException {
        return model.loadStateDict(TensorFiles.readSafetensors(file), false);
    }

    /** A weights file that does not fit the model it is loaded into. */
    public static final class ModelFileException extends IOException {
        private static final long serialVersionUID = 1L;

        private final transient Module.LoadResult result;

        ModelFileException(Path file, StateDictException cause) {
            super(file + ": " + cause.getMessage(), cause);
            this.result = new Module.LoadResult(cause.missingKeys(), cause.unexpectedKeys(), cause.shapeMismatches());
        }

        /** What did not match. */
        public Module.LoadResult result() {
            return result;
        }
    }
}
