package dev.arabica.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The Spark jobs of a training run, one per call: broadcast the state, run one task per partition,
 * combine the partitions' {@link Contribution}s with {@link AllReduce}, destroy the broadcasts.
 * Nothing here changes the driver's model; {@link SparkTrainer} applies the results.
 */
final class Jobs {
    private Jobs() {}

    /** Synchronous training: the partitions' gradients for global batch positions {@code [from, to)} (see {@link Tasks.Gradient}). */
    static Accumulator gradients(JavaSparkContext sc, JavaRDD<Shard> shards, TaskSpec spec, StateArrays params, long from, long to,
            long step, int depth) {
        Broadcast<StateArrays> bc = sc.broadcast(params);
        try {
            return AllReduce.sum(shards.mapPartitionsWithIndex(new Tasks.Gradient(spec, bc, from, to, step), true), depth);
        } finally {
            bc.destroy();
        }
    }

    /** Parameter averaging: one round of local steps (see {@link Tasks.LocalSteps}). */
    static Accumulator localSteps(JavaSparkContext sc, JavaRDD<Shard> shards, TaskSpec spec, StateArrays params,
            StateArrays optimizerState, double[] learningRates, long[] bounds, long firstStep, int depth) {
        Broadcast<StateArrays> bcParams = sc.broadcast(params);
        Broadcast<StateArrays> bcOptimizer = sc.broadcast(optimizerState);
        try {
            return AllReduce.sum(shards.mapPartitionsWithIndex(
                    new Tasks.LocalSteps(spec, bcParams, bcOptimizer, learningRates, bounds, firstStep), true), depth);
        } finally {
            bcParams.destroy();
            bcOptimizer.destroy();
        }
    }

    /** Evaluation over every example of {@code data} (see {@link Tasks.Evaluate}). */
    static Accumulator evaluate(JavaSparkContext sc, JavaRDD<Example> data, TaskSpec spec, StateArrays params, int batchSize, int depth) {
        Broadcast<StateArrays> bc = sc.broadcast(params);
        try {
            return AllReduce.sum(data.mapPartitionsWithIndex(new Tasks.Evaluate(spec, bc, batchSize), true), depth);
        } finally {
            bc.destroy();
        }
    }
}
