package dev.arabica.examples;

import dev.arabica.core.Generator;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.train.History;
import dev.arabica.nn.train.Metrics;
import dev.arabica.optim.SGD;
import dev.arabica.spark.EpochOrder;
import dev.arabica.spark.Example;
import dev.arabica.spark.ExampleFormat;
import dev.arabica.spark.ModelFactory;
import dev.arabica.spark.OptimizerFactory;
import dev.arabica.spark.SparkCheckpoint;
import dev.arabica.spark.SparkProgress;
import dev.arabica.spark.SparkTrainer;
import dev.arabica.spark.TrainingMode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fashion-MNIST with a 784-128-10 ReLU network, trained data-parallel on Spark by
 * {@link SparkTrainer}: each partition loads its own range of the images on its executor, every
 * global batch is one Spark job (or every {@code --local-steps} batches with parameter averaging),
 * and the driver prints the test accuracy at the end. Any master works: {@code local[2]}, a
 * standalone {@code spark://host:7077}, or none when launched by {@code spark-submit}.
 */
@Command(name = "spark-fashion", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fashion-MNIST MLP trained data-parallel on Apache Spark.",
                "784-128-10 ReLU network, SGD with momentum; any Spark master URL.",
                "Prints the progress of every epoch and the test accuracy."})
public final class SparkFashionExample implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL", description = {"Spark master, e.g. local[2] or spark://host:7077 "
            + "(default: the one spark-submit set, else local[2]).", "With a local master Spark binds to 127.0.0.1."})
    String master;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder with Fashion-MNIST's *-idx?-ubyte.gz files, readable by every executor "
            + "(default: ../shared/data/fashion-mnist beside the project).")
    Path data;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256", description = "Global batch size over all partitions (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--lr", defaultValue = "0.1", description = "SGD learning rate, momentum 0.9 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions of the data (default: the context's default parallelism).")
    int partitions;

    /** How the partitions share the work (see {@link TrainingMode}). */
    enum Mode { SYNC, AVERAGING }

    @Option(names = "--mode", defaultValue = "sync", paramLabel = "sync|averaging",
            description = "sync: gradients all-reduced every batch; averaging: parameters averaged every --local-steps batches (default: sync).")
    Mode mode;

    @Option(names = "--local-steps", defaultValue = "4", description = "Batches between two averages with --mode averaging (default: ${DEFAULT-VALUE}).")
    int localSteps;

    @Option(names = "--train-limit", defaultValue = "60000", description = "Use the first N training images (default: all ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "10000", description = "Use the first N test images (default: all ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Write a training checkpoint after every epoch (on the driver) and resume from it if it exists.")
    Path checkpoint;

    PrintStream out = System.out;

    /** What a run found (for tests). */
    record Result(double testAccuracy, double testLoss, History history, long steps, double seconds) {}

    Result result;

    @Override
    public Integer call() throws IOException {
        TrainingMode trainingMode = mode == Mode.SYNC ? TrainingMode.synchronous() : TrainingMode.parameterAveraging(localSteps);
        Path dir = data != null ? data : Main.projectRoot().resolve("../shared/data/fashion-mnist").normalize();
        try (JavaSparkContext sc = new JavaSparkContext(conf())) {
            int parts = partitions > 0 ? partitions : sc.defaultParallelism();
            JavaRDD<Example> train = FashionMnist.rdd(sc, dir, "train", trainLimit, parts).persist(StorageLevel.MEMORY_ONLY());
            JavaRDD<Example> test = FashionMnist.rdd(sc, dir, "t10k", testLimit, parts).persist(StorageLevel.MEMORY_ONLY());
            out.printf(Locale.ROOT, "spark-fashion: master %s, %d partitions, 784-%d-10 MLP, batch %d, %s%n", sc.master(), parts, hidden,
                    batchSize, trainingMode);

            SparkTrainer trainer = new SparkTrainer(sc, mlp(hidden, seed), Losses::crossEntropy, sgd(lr), ExampleFormat.classification(FashionMnist.PIXELS))
                    .batchSize(batchSize).order(EpochOrder.shuffled(seed)).mode(trainingMode).seed(seed)
                    .metrics(Metrics.accuracy())
                    .callbacks(SparkProgress.every(Duration.ofSeconds(10)));
            EpochPrinter printer = new EpochPrinter(out);
            trainer.callbacks(printer);
            if (checkpoint != null) {
                trainer.callbacks(SparkCheckpoint.every(checkpoint, 1));
                if (java.nio.file.Files.exists(checkpoint)) {
                    trainer.resume(checkpoint);
                    out.printf(Locale.ROOT, "resumed from %s after epoch %d%n", checkpoint, trainer.epoch());
                }
            }
            long startStep = trainer.step();
            History history = trainer.fit(train, null, epochs);
            long steps = trainer.step() - startStep;
            double seconds = printer.seconds;
            out.printf(Locale.ROOT, "%d steps in %.1f s of epochs (%.2f steps/s, %s)%n", steps, seconds, steps / seconds, sc.master());
            Map<String, Double> evaluation = trainer.evaluate(test);
            out.printf(Locale.ROOT, "test loss: %.4f%n", evaluation.get("loss"));
            out.printf(Locale.ROOT, "test accuracy: %.4f%n", evaluation.get("accuracy"));
            result = new Result(evaluation.get("accuracy"), evaluation.get("loss"), history, steps, seconds);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return 0;
    }

    private SparkConf conf() {
        SparkConf conf = new SparkConf().setAppName("arabica spark-fashion");
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[2]"); // spark-submit sets spark.master
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    }

    /** 784-hidden-10 with ReLU, weights from {@code seed}: a serializable lambda that captures two numbers. */
    static ModelFactory mlp(int hidden, long seed) {
        return () -> new Sequential(new Linear(FashionMnist.PIXELS, hidden, new Generator(seed)), new ReLU(),
                new Linear(hidden, FashionMnist.CLASSES, new Generator(seed + 1)));
    }

    static OptimizerFactory sgd(double lr) {
        return model -> new SGD(model.parameters(), SGD.Options.lr(lr).withMomentum(0.9));
    }

    /** Prints each epoch's summary to the example's output (the trainer's progress goes to the log as well). */
    private static final class EpochPrinter implements dev.arabica.spark.SparkCallback {
        private final PrintStream out;
        private long start;
        /** Time spent in epochs (not in reading the data before the first). */
        double seconds;

        EpochPrinter(PrintStream out) {
            this.out = out;
        }

        @Override
        public void onEpochBegin(SparkTrainer trainer, int epoch) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(SparkTrainer trainer, int epoch, Map<String, Double> logs) {
            double s = (System.nanoTime() - start) / 1e9;
            seconds += s;
            out.printf(Locale.ROOT, "epoch %d/%d %.1fs (%.2f steps/s) loss %.4f accuracy %.4f%n", epoch + 1, trainer.targetEpochs(), s,
                    trainer.batchesPerEpoch() / s, logs.get("loss"), logs.get("accuracy"));
        }
    }
}
