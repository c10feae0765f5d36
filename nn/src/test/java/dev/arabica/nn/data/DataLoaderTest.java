package dev.arabica.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The named-options DataLoader: PyTorch's defaults, copies, seeded epochs, transforms. */
class DataLoaderTest {

    private static TensorDataset ramp(int n) {
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) labels[i] = i;
        return new TensorDataset(Tensor.arange(n).reshape(n, 1), Tensor.ofLongs(labels, n));
    }

    private static long[] order(Iterable<DataLoader.Batch> batches) {
        List<Long> out = new ArrayList<>();
        for (DataLoader.Batch b : batches) for (long v : b.y().toLongArray()) out.add(v);
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] range(int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    @Test
    void defaultsArePyTorchs() {
        DataLoader loader = DataLoader.of(ramp(5));
        assertEquals(1, loader.batchSize());
        assertFalse(loader.isShuffled());
        assertFalse(loader.dropLast());
        assertEquals(5, loader.numBatches());
        assertArrayEquals(range(5), order(loader));
    }

    @Test
    void settersReturnCopiesAndLeaveTheOriginalUnchanged() {
        DataLoader base = DataLoader.of(ramp(10));
        DataLoader batched = base.batchSize(4);
        DataLoader dropping = batched.dropLast(true);
        assertEquals(1, base.batchSize());
        assertEquals(4, batched.batchSize());
        assertFalse(batched.dropLast());
        assertEquals(3, batched.numBatches());
        assertEquals(2, dropping.numBatches());
        assertArrayEquals(range(8), order(dropping));
        assertThrows(IllegalArgumentException.class, () -> base.batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> base.shuffle((Generator) null));
    }

    @Test
    void seededShufflingIsAPureFunctionOfSeedAndEpoch() {
        TensorDataset d = ramp(23);
        DataLoader a = DataLoader.of(d).batchSize(5).shuffle(9);
        DataLoader b = DataLoader.of(d).batchSize(5).shuffle(9);
        long[] expected = new long[23];
        int[] p = Seeds.generator(9, 3).permutation(23);
        for (int i = 0; i < p.length; i++) expected[i] = p[i];
        assertArrayEquals(expected, order(a.epoch(3)));
        assertArrayEquals(order(a.epoch(3)), order(b.epoch(3)));
        assertArrayEquals(order(a.epoch(3)), order(a.epoch(3)));      // no hidden state
        assertFalse(Arrays.equals(order(a.epoch(3)), order(a.epoch(4))));
        long[] sorted = order(a.epoch(0));
        Arrays.sort(sorted);
        assertArrayEquals(range(23), sorted);                            // a permutation
    }

    @Test
    void iteratingTheLoaderRunsSuccessiveEpochs() {
        DataLoader loader = DataLoader.of(ramp(12)).batchSize(4).shuffle(2);
        DataLoader fresh = DataLoader.of(ramp(12)).batchSize(4).shuffle(2);
        assertArrayEquals(order(fresh.epoch(0)), order(loader));
        assertArrayEquals(order(fresh.epoch(1)), order(loader));
        assertArrayEquals(order(fresh.epoch(2)), order(loader));
    }

    @Test
    void generatorShufflingDrawsFromTheGeneratorEachPass() {
        TensorDataset d = ramp(15);
        Generator gen = new Generator(4);
        DataLoader loader = DataLoader.of(d).batchSize(4).shuffle(gen);
        long[] first = order(loader), second = order(loader);
        Generator replay = new Generator(4);
        long[] expected1 = Arrays.stream(replay.permutation(15)).asLongStream().toArray();
        long[] expected2 = Arrays.stream(replay.permutation(15)).asLongStream().toArray();
        assertArrayEquals(expected1, first);
        assertArrayEquals(expected2, second);
        assertSame(gen, loader.generator());
    }

    @Test
    void transformsMapEachBatchAndRandomOnesAreSeededPerEpoch() {
        DataLoader plus = DataLoader.of(ramp(6)).batchSize(4)
                .transform(b -> new DataLoader.Batch(b.x().add(100f), b.y()));
        List<Float> xs = new ArrayList<>();
        for (DataLoader.Batch b : plus) for (float v : b.x().toFloatArray()) xs.add(v);
        assertEquals(List.of(100f, 101f, 102f, 103f, 104f, 105f), xs);

        DataLoader noisy = DataLoader.of(ramp(6)).batchSize(4)
                .transform(11, (b, gen) -> new DataLoader.Batch(b.x().add(Tensor.rand(gen, b.size(), 1)), b.y()));
        Generator g = Seeds.generator(11, 2);
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) expected[i] = i + g.nextFloat();
        float[] got = new float[6];
        int k = 0;
        for (DataLoader.Batch b : noisy.epoch(2)) for (float v : b.x().toFloatArray()) got[k++] = v;
        assertArrayEquals(expected, got);
        assertThrows(NullPointerException.class, () -> plus.transform(null));
    }

    @Test
    @SuppressWarnings("deprecation")
    void deprecatedConstructorsMatchTheNamedForm() {
        TensorDataset d = ramp(10);
        assertArrayEquals(order(new DataLoader(d, 3, true, false, new Generator(8))),
                order(DataLoader.of(d).batchSize(3).shuffle(new Generator(8))));
        assertArrayEquals(order(new DataLoader(d, 3)), order(DataLoader.of(d).batchSize(3)));
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(d, 3, true, false, null));
    }

    @Test
    void anEmptyDatasetHasNoBatches() {
        TensorDataset empty = new TensorDataset(Tensor.zeros(0, 2), Tensor.ofLongs(new long[0], 0));
        assertEquals(0, DataLoader.of(empty).batchSize(4).numBatches());
        assertFalse(DataLoader.of(empty).shuffle(1).iterator().hasNext());
    }
}
