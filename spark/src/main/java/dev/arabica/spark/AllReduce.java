package dev.arabica.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Sums the partitions' {@link Contribution}s into one {@link Accumulator} on the driver,
 * deterministically: like {@code RDD.treeAggregate}, with the same number of levels for a given
 * depth, but every combination adds its inputs in partition order, so the float result does not
 * depend on which task finished first or was retried (Spark's own {@code treeAggregate} and
 * {@code reduce} merge in completion order).
 *
 * <p>With depth 1, or few partitions, the driver collects every contribution (one array of the
 * parameters' size per partition) and adds them in order. With depth {@code d > 1} and {@code P}
 * partitions, each level groups {@code scale = max(2, ceil(P^(1/d)))} consecutive partials through a
 * shuffle ({@code groupByKey}), as long as that shrinks the work the way {@code treeAggregate}
 * decides ({@code P > scale + ceil(P / scale)}); the driver then receives a few sums instead of
 * {@code P} contributions. Intermediate sums are in double, so they are twice the size per value.
 */
final class AllReduce {
    private AllReduce() {}

    /**
     * Runs the job that computes {@code contributions} (one per partition) and combines them.
     *
     * @param depth 1 to collect every contribution on the driver; 2 or more for a tree
     */
    static Accumulator sum(JavaRDD<Contribution> contributions, int depth) {
        if (depth < 1) throw new IllegalArgumentException("AllReduce: depth must be >= 1, got " + depth);
        int n = contributions.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        JavaRDD<Partial> level = contributions.map(c -> (Partial) c);
        while (depth > 1 && n > scale + ceilDiv(n, scale)) {
            int groups = ceilDiv(n, scale);
            final int groupSize = scale;
            level = level.mapPartitionsWithIndex((index, it) -> keyed(index / groupSize, it), true)
                    .mapToPair(t -> t)
                    .groupByKey(new HashPartitioner(groups)) // key g < groups lands in partition g
                    .map(group -> combine(group._2()));
            n = groups;
        }
        return combine(level.collect());
    }

    private static Iterator<Tuple2<Integer, Partial>> keyed(int key, Iterator<Partial> it) {
        List<Tuple2<Integer, Partial>> out = new ArrayList<>(1);
        while (it.hasNext()) out.add(new Tuple2<>(key, it.next()));
        return out.iterator();
    }

    /** The partials added in the order of their first partition. */
    static Accumulator combine(Iterable<? extends Partial> partials) {
        List<Partial> sorted = new ArrayList<>();
        for (Partial p : partials) sorted.add(p);
        sorted.sort(Comparator.comparingInt(Partial::first));
        Accumulator acc = new Accumulator();
        for (Partial p : sorted) p.addTo(acc);
        return acc;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
