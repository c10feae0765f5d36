package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void partitionSlicesMakeUpEachGlobalBatchExactly() {
        int n = 53, batch = 8;
        int[] sizes = {20, 0, 1, 32};
        EpochOrder order = EpochOrder.shuffled(9);
        Shard[] shards = new Shard[sizes.length];
        long offset = 0;
        for (int p = 0; p < sizes.length; p++) {
            Example[] local = new Example[sizes[p]];
            for (int i = 0; i < sizes[p]; i++) local[i] = Example.ofClass(new float[] {offset + i}, 0); // feature = global index
            shards[p] = Shard.of(p, offset, local, order, n, 4);
            offset += sizes[p];
        }
        for (int k = 0; k * batch < n; k++) {
            Set<Integer> expected = new HashSet<>();
            for (int i : order.batchIndices(n, batch, 4, k)) expected.add(i);
            Set<Integer> got = new HashSet<>();
            for (Shard s : shards) {
                List<Example> slice = s.slice((long) k * batch, Math.min(n, (long) (k + 1) * batch));
                long last = -1;
                for (Example e : slice) {
                    int index = (int) e.features()[0];
                    assertTrue(got.add(index));
                    long pos = order.position(index, n, 4);
                    assertTrue(pos > last, "slice in position order");
                    last = pos;
                }
            }
            assertEquals(expected, got, "batch " + k);
        }
        assertEquals(0, shards[1].slice(0, n).size());
    }
}
