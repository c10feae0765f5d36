package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.core.io.TensorFiles;
import dev.arabica.core.kernels.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples of docs/core.md, run. */
class DocSamplesCoreTest {
    @TempDir
    Path dir;

    @Test
    void creation() {
        Generator gen = new Generator(0);
        Tensor zeros = Tensor.zeros(2, 3);
        Tensor noise = Tensor.randn(gen, 2, 3);                      // N(0, 1) from a seeded generator
        Tensor steps = Tensor.linspace(0, 1, 5);                     // [0, 0.25, 0.5, 0.75, 1]
        Tensor labels = Tensor.ofLongs(new long[] {2, 0, 1}, 3);     // int64, for class indices
        Tensor identity = Tensor.eye(3);
        // --- end of sample
        assertEquals(0f, zeros.sum().item());
        assertEquals(6, noise.numel());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, steps.toFloatArray());
        assertEquals(DType.INT64, labels.dtype());
        assertEquals(3f, identity.sum().item());
        assertArrayEquals(noise.toFloatArray(), Tensor.randn(new Generator(0), 2, 3).toFloatArray());
    }

    @Test
    void views() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor first = x.select(0, 0);                               // [3, 4], a view
        Tensor everyOther = x.slice(2, 0, 4, 2);                     // [2, 3, 2], a strided view
        Tensor swapped = x.permute(0, 2, 1);                         // [2, 4, 3], a view
        Tensor packed = swapped.contiguous();                        // a copy in C order
        // --- end of sample
        assertArrayEquals(new int[] {3, 4}, first.shape());
        assertTrue(first.storage() == x.storage());
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22}, everyOther.toFloatArray());
        assertFalse(swapped.isContiguous());
        assertTrue(packed.isContiguous());
        assertEquals(1f, packed.get(0, 1, 0));
    }

    @Test
    void reductionsAndIndexing() {
        Tensor logits = Tensor.of(new float[] {1, 3, 2, 0, -1, 5}, 2, 3);
        Tensor probs = logits.softmax(1);                                      // each row sums to 1
        Tensor.ValuesIndices best = logits.max(1, false);                      // values [3, 5], indices [1, 2]
        Tensor picked = logits.gather(1, Tensor.ofLongs(new long[] {0, 2}, 2, 1)); // [[1], [5]]
        Tensor clipped = logits.maskedFill(logits.lt(0), 0f);                  // negatives replaced by 0
        Tensor joined = Tensor.cat(List.of(logits, clipped), 0);               // [4, 3]
        // --- end of sample
        assertTrue(probs.sum(1).allClose(Tensor.of(1f, 1f), 1e-6f, 1e-6f));
        assertArrayEquals(new float[] {3, 5}, best.values().toFloatArray());
        assertArrayEquals(new long[] {1, 2}, best.indices().toLongArray());
        assertArrayEquals(new float[] {1, 5}, picked.toFloatArray());
        assertArrayEquals(new float[] {1, 3, 2, 0, 0, 5}, clipped.toFloatArray());
        assertArrayEquals(new int[] {4, 3}, joined.shape());
    }

    @Test
    void outVariants() {
        Tensor a = Tensor.randn(new Generator(1), 1 << 20), b = Tensor.randn(new Generator(2), 1 << 20);
        Tensor sum = Tensor.zeros(1 << 20);
        for (int i = 0; i < 10; i++) {
            a.add(b, sum);          // sum = a + b, into the same 4 MiB every time
            sum.exp(sum);           // in place: the out is the operand
        }
        // --- end of sample
        assertArrayEquals(a.add(b).exp().toFloatArray(), sum.toFloatArray());
    }

    @Test
    void gradCheck() {
        Generator gen = new Generator(1);
        Tensor x = Tensor.randn(gen, 3, 4).requiresGrad_(true);
        GradCheck.assertGradients(in -> in[0].tanh().mul(in[0]).sum(), x);
        // --- end of sample
        assertTrue(GradCheck.check(in -> in[0].tanh().mul(in[0]).sum(), x).passed());
    }

    @Test
    void safetensors() throws IOException {
        Generator gen = new Generator(2);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("embedding", Tensor.randn(gen, 100, 16));
        tensors.put("ids", Tensor.ofLongs(new long[] {4, 8, 15}, 3));
        Path file = dir.resolve("arrays.safetensors");
        TensorFiles.writeSafetensors(file, tensors, Map.of("source", "user guide"));
        Map<String, Tensor> back = TensorFiles.readSafetensors(file);          // the same names, shapes and values
        // --- end of sample
        assertEquals(Set.of("embedding", "ids"), back.keySet());
        assertArrayEquals(tensors.get("embedding").toFloatArray(), back.get("embedding").toFloatArray());
        assertArrayEquals(new long[] {4, 8, 15}, back.get("ids").toLongArray());
    }

    @Test
    void threads() {
        Generator gen = new Generator(3);
        Tensor a = Tensor.randn(gen, 300, 200), b = Tensor.randn(gen, 200, 100);
        Tensor one = Parallel.withThreads(1, () -> a.matmul(b));               // this thread only
        Tensor two = Parallel.withThreads(2, () -> a.matmul(b));
        // --- end of sample
        assertArrayEquals(one.toFloatArray(), two.toFloatArray());
    }
}
