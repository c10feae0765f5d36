package dev.arabica.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

    @Test
    void shuffledIsABijectionWithItsInverseAtAwkwardSizes() {
        EpochOrder order = EpochOrder.shuffled(42);
        for (int n : new int[] {1, 2, 3, 4, 5, 7, 16, 17, 33, 100, 1025, 4097}) {
            for (int epoch : new int[] {0, 1, 7}) {
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    long p = order.position(i, n, epoch);
                    assertTrue(p >= 0 && p < n, "position " + p + " of " + i + " for n = " + n);
                    assertFalse(seen[(int) p], "position " + p + " taken twice for n = " + n);
                    seen[(int) p] = true;
                    assertEquals(i, order.indexAt(p, n, epoch), "inverse at n = " + n);
                }
            }
        }
    }

    @Test
    void epochsAndSeedsGiveDifferentOrdersAndTheSameArgumentsTheSame() {
        int n = 1000;
        long[] a = positions(EpochOrder.shuffled(1), n, 0), b = positions(EpochOrder.shuffled(1), n, 1);
        long[] c = positions(EpochOrder.shuffled(2), n, 0), again = positions(EpochOrder.shuffled(1), n, 0);
        assertArrayEquals(a, again);
        assertFalse(Arrays.equals(a, b), "epoch 0 and 1 shuffle alike");
        assertFalse(Arrays.equals(a, c), "seeds 1 and 2 shuffle alike");
        int fixed = 0;
        for (int i = 0; i < n; i++) if (a[i] == i) fixed++;
        assertTrue(fixed < 10, "a shuffle leaves " + fixed + " of 1000 examples in place");
        // well mixed: the first global batch of 100 draws from all ten tenths of the data
        boolean[] tenths = new boolean[10];
        for (int pos = 0; pos < 100; pos++) tenths[(int) (EpochOrder.shuffled(1).indexAt(pos, n, 0) / 100)] = true;
        for (boolean t : tenths) assertTrue(t, "first batch misses a tenth of the data");
    }

    @Test
    void sequentialIsTheIdentity() {
        EpochOrder order = EpochOrder.sequential();
        for (int i = 0; i < 10; i++) {
            assertEquals(i, order.position(i, 10, 3));
            assertEquals(i, order.indexAt(i, 10, 3));
        }
        assertArrayEquals(new int[] {8, 9}, order.batchIndices(10, 4, 0, 2));
    }

    @Test
    void batchIndicesCoverTheEpochOnce() {
        EpochOrder order = EpochOrder.shuffled(5);
        int n = 103, batch = 10;
        boolean[] seen = new boolean[n];
        for (int k = 0; k < 11; k++) {
            int[] idx = order.batchIndices(n, batch, 2, k);
            assertEquals(k < 10 ? 10 : 3, idx.length);
            for (int i : idx) {
                assertFalse(seen[i]);
                seen[i] = true;
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> order.batchIndices(n, batch, 2, 11));
        assertTrue(e.getMessage().contains("batch 11 out of range for 103 examples"), e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        EpochOrder order = EpochOrder.shuffled(0);
        assertTrue(assertThrows(IndexOutOfBoundsException.class, () -> order.position(5, 5, 0)).getMessage().contains("index 5 out of range [0, 5)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> order.indexAt(0, 0, 0)).getMessage().contains("at least one example"));
    }

    private static long[] positions(EpochOrder order, int n, int epoch) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = order.position(i, n, epoch);
        return p;
    }
}
