/**
 * Data-parallel training of Arabica models as Apache Spark jobs.
 *
 * <ul>
 *   <li>{@link dev.arabica.spark.SparkTrainer}: the training loop on the driver (epochs, metrics,
 *       callbacks, checkpoints, resume), each global batch a Spark job
 *       ({@link dev.arabica.spark.TrainingMode#synchronous()}) or each round of local steps
 *       ({@link dev.arabica.spark.TrainingMode#parameterAveraging(int)}).</li>
 *   <li>What is shipped instead of objects: a {@link dev.arabica.spark.ModelFactory}, an
 *       {@link dev.arabica.spark.OptimizerFactory}, a {@link dev.arabica.spark.SparkLoss}; the
 *       parameters as {@link dev.arabica.spark.StateArrays} in broadcasts.</li>
 *   <li>Data: an RDD of {@link dev.arabica.spark.Example}s, batched by an
 *       {@link dev.arabica.spark.ExampleFormat}, visited in an {@link dev.arabica.spark.EpochOrder};
 *       {@link dev.arabica.spark.Examples} and {@link dev.arabica.spark.DataFrames} build such RDDs.</li>
 *   <li>{@link dev.arabica.spark.SparkCallback}s: {@link dev.arabica.spark.SparkProgress} (SLF4J on
 *       the driver), {@link dev.arabica.spark.SparkCheckpoint}.</li>
 * </ul>
 *
 * <p>Spark is a {@code provided} dependency (Spark 4, Scala 2.13); see the module's README for the
 * versions and JVM flags, and docs/scale-out.md for running on a cluster.
 */
package dev.arabica.spark;
