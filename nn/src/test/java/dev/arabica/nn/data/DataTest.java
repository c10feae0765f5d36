package dev.arabica.nn.data;

import static org.junit.jupiter.api.Assertions.*;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
    @TempDir Path dir;

    static Path dataDir() {
        return SharedFiles.dataDir();
    }

    @Test
    void readsFashionMnistTestSet() throws Exception {
        Path images = dataDir().resolve("fashion-mnist/t10k-images-idx3-ubyte.gz");
        Path labels = dataDir().resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz");
        SharedFiles.require(images, "Fashion-MNIST");
        Tensor x = Idx.readFloats(images);
        Tensor y = Idx.readLongs(labels);
        assertArrayEquals(new int[] {10000, 28, 28}, x.shape());
        assertArrayEquals(new int[] {10000}, y.shape());
        long[] counts = new long[10];
        for (long v : y.toLongArray()) counts[(int) v]++;
        for (long c : counts) assertEquals(1000, c); // the test set is balanced
        float max = x.max().item();
        assertEquals(255f, max);
        assertEquals(0f, x.min().item());
    }

    @Test
    void rejectsCorruptIdx() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeShort(0);
        out.writeByte(0x08);
        out.writeByte(2);
        out.writeInt(3);
        out.writeInt(4);
        out.write(new byte[5]); // 12 expected
        Path f = dir.resolve("bad.idx");
        Files.write(f, b.toByteArray());
        var e = assertThrows(java.io.IOException.class, () -> Idx.readFloats(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("bad.idx"), e.getMessage());
        Files.write(f, new byte[] {1, 2, 8, 1, 0, 0, 0, 1, 0});
        e = assertThrows(java.io.IOException.class, () -> Idx.readFloats(f));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    }

    private static TensorDataset ramp(int n) {
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) labels[i] = i;
        return new TensorDataset(Tensor.arange(n).reshape(n, 1), Tensor.ofLongs(labels, n));
    }

    @Test
    void loaderCoversEveryExampleOncePerEpoch() {
        TensorDataset d = ramp(10);
        DataLoader loader = DataLoader.of(d).batchSize(3).shuffle(new Generator(1));
        assertEquals(4, loader.numBatches());
        List<Long> seen = new ArrayList<>();
        for (DataLoader.Batch b : loader) {
            assertEquals(b.x().size(0), b.y().size(0));
            for (int i = 0; i < b.size(); i++) {
                assertEquals((float) b.y().getLong(i), b.x().get(i, 0)); // x and y stay paired
                seen.add(b.y().getLong(i));
            }
        }
        assertEquals(10, seen.size());
        assertEquals(10, seen.stream().distinct().count());
        DataLoader dropping = DataLoader.of(d).batchSize(3).dropLast(true).shuffle(new Generator(1));
        int n = 0;
        for (DataLoader.Batch b : dropping) n += b.size();
        assertEquals(9, n);
    }

    @Test
    void shufflingIsSeededAndDiffersBetweenEpochs() {
        TensorDataset d = ramp(20);
        DataLoader a = DataLoader.of(d).batchSize(20).shuffle(new Generator(5));
        DataLoader b = DataLoader.of(d).batchSize(20).shuffle(new Generator(5));
        long[] a1 = a.iterator().next().y().toLongArray(), b1 = b.iterator().next().y().toLongArray();
        assertArrayEquals(a1, b1);
        long[] a2 = a.iterator().next().y().toLongArray();
        assertFalse(java.util.Arrays.equals(a1, a2));
        DataLoader seq = DataLoader.of(d).batchSize(8);
        assertArrayEquals(new long[] {16, 17, 18, 19}, java.util.stream.StreamSupport.stream(seq.spliterator(), false)
                .reduce((x, y) -> y).orElseThrow().y().toLongArray());
    }

    @Test
    void splitsPartitionTheData() {
        List<TensorDataset> parts = Splits.split(ramp(10), new Generator(3), 0.6, 0.2, 0.2);
        assertEquals(6, parts.get(0).size());
        assertEquals(2, parts.get(1).size());
        assertEquals(2, parts.get(2).size());
        java.util.Set<Long> all = new java.util.HashSet<>();
        for (TensorDataset p : parts) for (long v : p.y().toLongArray()) all.add(v);
        assertEquals(10, all.size());
        assertThrows(IllegalArgumentException.class, () -> Splits.split(ramp(4), new Generator(1), 0.5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    }
}
