package dev.arabica.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One partition's examples for one epoch, sorted by their position in the epoch's
 * {@link EpochOrder}, so that the partition's share of global batch {@code k} (positions
 * {@code [k B, (k + 1) B)}) is a contiguous run found by binary search. The examples are the
 * partition's own objects (not copied).
 */
final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    private final long[] positions;
    private final Example[] examples;

    private Shard(int partition, long[] positions, Example[] examples) {
        this.partition = partition;
        this.positions = positions;
        this.examples = examples;
    }

    /**
     * @param offset the global index of the partition's first example
     * @param local the partition's examples in iteration order
     * @param n the number of examples in the whole data set
     */
    static Shard of(int partition, long offset, Example[] local, EpochOrder order, long n, int epoch) {
        long[] positions = new long[local.length];
        for (int i = 0; i < local.length; i++) positions[i] = order.position(offset + i, n, epoch);
        long[] sorted = positions.clone();
        Arrays.sort(sorted);
        Example[] byPosition = new Example[local.length];
        for (int i = 0; i < local.length; i++) byPosition[Arrays.binarySearch(sorted, positions[i])] = local[i]; // positions are distinct
        return new Shard(partition, sorted, byPosition);
    }

    /** The examples with positions in {@code [from, to)}, in position order (a view). */
    List<Example> slice(long from, long to) {
        int a = lowerBound(from), b = lowerBound(to);
        return Arrays.asList(examples).subList(a, Math.max(a, b));
    }

    int size() {
        return examples.length;
    }

    private int lowerBound(long key) {
        int lo = 0, hi = positions.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
