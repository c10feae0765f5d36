package dev.arabica.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The training set as {@link SparkTrainer#fit} uses it: each partition's examples gathered into one
 * array (checked against the {@link ExampleFormat} once), persisted for the duration of the fit, and
 * the global index of each partition's first example. Global indices follow the RDD's order, so the
 * input must yield the same partitions in the same order every time it is computed (true of
 * {@code parallelize}, of files read the same way, and of anything cached).
 */
final class TrainingData {
    final JavaRDD<Example[]> partitions;
    final long[] offsets;
    final long size;

    private TrainingData(JavaRDD<Example[]> partitions, long[] offsets, long size) {
        this.partitions = partitions;
        this.offsets = offsets;
        this.size = size;
    }

    /** Gathers and persists {@code data} (one job, which also counts it). */
    static TrainingData prepare(JavaRDD<Example> data, ExampleFormat format, StorageLevel level) {
        JavaRDD<Example[]> partitions = data.mapPartitionsWithIndex((p, it) -> {
            List<Example> list = new ArrayList<>();
            while (it.hasNext()) {
                Example e = it.next();
                format.check(e, "example " + list.size() + " of partition " + p);
                list.add(e);
            }
            return List.<Example[]>of(list.toArray(new Example[0])).iterator();
        }, true).persist(level);
        List<Integer> sizes = partitions.map(a -> a.length).collect();
        long[] offsets = new long[sizes.size()];
        long n = 0;
        for (int p = 0; p < offsets.length; p++) {
            offsets[p] = n;
            n += sizes.get(p);
        }
        if (n == 0) {
            partitions.unpersist(false);
            throw new IllegalArgumentException("SparkTrainer.fit: the training RDD has no examples");
        }
        return new TrainingData(partitions, offsets, n);
    }

    /** Epoch {@code epoch}'s shards: every partition's examples sorted by their position in {@code order}. */
    JavaRDD<Shard> shards(EpochOrder order, int epoch) {
        long[] offsets = this.offsets;
        long n = size;
        return partitions.mapPartitionsWithIndex(
                (p, it) -> List.of(Shard.of(p, offsets[p], it.next(), order, n, epoch)).iterator(), true);
    }

    /** Drops the persisted copy. */
    void release() {
        partitions.unpersist(false);
    }
}
