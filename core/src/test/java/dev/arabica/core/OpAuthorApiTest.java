package dev.arabica.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.VectorOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The public low-level API for ops written outside core: storage access, wrapping, forRange, scratch arrays. */
class OpAuthorApiTest {

    @Test
    void wrapSharesTheArrayAndChecksTheShape() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.wrap(data, 2, 3);
        assertSame(data, t.storage());
        assertEquals(0, t.offset());
        assertTrue(t.isContiguous());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(data, 4, 2));
        assertEquals("wrap: array of 6 values does not match shape [4,2] (8 elements)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(new float[0], -1, 0));
        Tensor l = Tensor.wrapLongs(new long[] {7, 8}, 2);
        assertEquals(8L, l.longStorage()[1]);
        assertThrows(IllegalStateException.class, l::storage);
        assertThrows(IllegalStateException.class, t::longStorage);
    }

    @Test
    void storageOfAViewAddressesItsElementsThroughOffsetAndStrides() {
        Tensor base = Tensor.arange(24).reshape(2, 3, 4);
        Tensor v = base.select(0, 1).transpose(0, 1); // [4, 3], offset 12, strides [1, 4]
        float[] s = v.storage();
        int[] st = v.strides();
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) assertEquals(v.get(i, j), s[v.offset() + i * st[0] + j * st[1]]);
        }
        Tensor c = v.detach().contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(v.toFloatArray(), java.util.Arrays.copyOfRange(c.storage(), c.offset(), c.offset() + 12));
        Tensor row = base.select(0, 1); // contiguous at offset 12: no copy
        assertSame(row, row.contiguous());
        assertEquals(12, row.offset());
    }

    @Test
    void forRangeVisitsFixedBlocksWhateverTheThreadCount() {
        for (int n : new int[] {0, 1, 7, 64, 1000, 1001}) {
            for (int grain : new int[] {1, 3, 64, 5000}) {
                List<String> one = blocks(1, n, grain), four = blocks(4, n, grain);
                assertEquals(one, four, "n=" + n + " grain=" + grain);
                assertEquals(Parallel.blockCount(n, grain), one.size());
                AtomicIntegerArray hits = new AtomicIntegerArray(n);
                Parallel.withThreads(3, () -> Parallel.forRange(n, grain, (from, to) -> {
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                }));
                for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "index " + i);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(10, 0, (a, b) -> { }));
    }

    private static List<String> blocks(int threads, int n, int grain) {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Parallel.withThreads(threads, () -> Parallel.forRange(n, grain, (from, to) -> seen.add(from + ".." + to)));
        List<String> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.split("\\.\\.")[0]), Integer.parseInt(b.split("\\.\\.")[0])));
        return sorted;
    }

    @Test
    void forRangeRethrowsAnExceptionFromABlock() {
        var e = assertThrows(IllegalStateException.class, () -> Parallel.withThreads(2, () ->
                Parallel.forRange(100, 10, (from, to) -> {
                    if (from == 50) throw new IllegalStateException("block 5");
                })));
        assertEquals("block 5", e.getMessage());
    }

    @Test
    void scratchArraysGrowAndArePerThread() throws Exception {
        Scratch scratch = new Scratch();
        float[] a = scratch.floats(10);
        assertTrue(a.length >= 10);
        assertSame(a, scratch.floats(5));
        float[] b = scratch.floats(100);
        assertTrue(b.length >= 100);
        float[][] other = new float[1][];
        Thread t = new Thread(() -> other[0] = scratch.floats(100));
        t.start();
        t.join();
        assertTrue(other[0] != b);
    }

    @Test
    void vectorOpsMatchPlainLoops() {
        int n = 37;
        float[] a = new float[n + 3], b = new float[n + 5], c = new float[n + 2];
        for (int i = 0; i < a.length; i++) a[i] = (i % 7) - 3.5f;
        for (int i = 0; i < b.length; i++) b[i] = (i % 5) * 0.25f + 0.5f;
        VectorOps.add(a, 3, b, 5, c, 2, n);
        for (int i = 0; i < n; i++) assertEquals(a[3 + i] + b[5 + i], c[2 + i]);
        VectorOps.mul(a, 3, b, 5, c, 2, n);
        for (int i = 0; i < n; i++) assertEquals(a[3 + i] * b[5 + i], c[2 + i]);
        VectorOps.sigmoid(a, 3, c, 2, n);
        for (int i = 0; i < n; i++) assertEquals(1 / (1 + Math.exp(-a[3 + i])), c[2 + i], 1e-6);
        double dot = 0, sum = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            dot += a[3 + i] * b[5 + i];
            sum += a[3 + i];
            max = Math.max(max, a[3 + i]);
        }
        assertEquals(dot, VectorOps.dot(a, 3, b, 5, n), 1e-4);
        assertEquals(sum, VectorOps.sum(a, 3, n), 1e-4);
        assertEquals(max, VectorOps.max(a, 3, n));
        assertThrows(IndexOutOfBoundsException.class, () -> VectorOps.add(a, 10, b, 0, c, 0, n));
    }
}
