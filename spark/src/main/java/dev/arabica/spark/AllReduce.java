package dev.arabica.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.api.java.function.PairFunction;
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
        if (depth == 1 || n <= scale + ceilDiv(n, scale)) return combine(contributions.collect());
        JavaRDD<Partial> level = contributions.map(new Upcast());
        while (n > scale + ceilDiv(n, scale)) {
            int groups = ceilDiv(n, scale);
            level = level.mapPartitionsWithIndex(new KeyByGroup(scale), true)
                    .mapToPair(new Identity())
                    .groupByKey(new HashPartitioner(groups)) // key g < groups lands in partition g
                    .map(new CombineGroup());
            n = groups;
        }
        return combine(level.collect());
    }

    // Named function classes rather than lambdas: Spark's closure cleaner then has no bytecode to inspect per job.

    private static final class Upcast implements Function<Contribution, Partial> {
        private static final long serialVersionUID = 1L;

        @Override
        public Partial call(Contribution c) {
            return c;
        }
    }

    /** Keys the partial of level partition {@code i} by its group {@code i / groupSize}. */
    private static final class KeyByGroup implements Function2<Integer, Iterator<Partial>, Iterator<Tuple2<Integer, Partial>>> {
        private static final long serialVersionUID = 1L;
        private final int groupSize;

        KeyByGroup(int groupSize) {
            this.groupSize = groupSize;
        }

        @Override
        public Iterator<Tuple2<Integer, Partial>> call(Integer index, Iterator<Partial> it) {
            List<Tuple2<Integer, Partial>> out = new ArrayList<>(1);
            while (it.hasNext()) out.add(new Tuple2<>(index / groupSize, it.next()));
            return out.iterator();
        }
    }

    private static final class Identity implements PairFunction<Tuple2<Integer, Partial>, Integer, Partial> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Integer, Partial> call(Tuple2<Integer, Partial> t) {
            return t;
        }
    }

    private static final class CombineGroup implements Function<Tuple2<Integer, Iterable<Partial>>, Partial> {
        private static final long serialVersionUID = 1L;

        @Override
        public Partial call(Tuple2<Integer, Iterable<Partial>> group) {
            return combine(group._2());
        }
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
