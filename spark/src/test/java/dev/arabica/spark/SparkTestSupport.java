package dev.arabica.spark;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.golden.SharedFiles;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.data.Idx;
import dev.arabica.nn.data.TensorDataset;
import dev.arabica.optim.Optimizer;
import dev.arabica.optim.SGD;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** A local Spark context on loopback, the Fashion-MNIST slice, the MLP and a single-machine reference loop. */
final class SparkTestSupport {
    private SparkTestSupport() {}

    private static TensorDataset fashion;

    /** A quiet local context bound to 127.0.0.1 ({@code master} e.g. {@code local[2]}, {@code local[2,2]}). */
    static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("arabica-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2");
        return new JavaSparkContext(conf);
    }

    /** The first {@code n} (at most 10,000) Fashion-MNIST test images, flattened to [n, 784] and scaled to [0, 1], with int64 labels. */
    static synchronized TensorDataset fashion(int n) {
        if (fashion == null) {
            Path dir = SharedFiles.dataDir().resolve("fashion-mnist");
            Path images = SharedFiles.require(dir.resolve("t10k-images-idx3-ubyte.gz"), "Fashion-MNIST (set -Darabica.data.dir)");
            Path labels = SharedFiles.require(dir.resolve("t10k-labels-idx1-ubyte.gz"), "Fashion-MNIST (set -Darabica.data.dir)");
            try {
                Tensor x = Idx.readFloats(images);
                fashion = new TensorDataset(x.reshape(x.size(0), 784).div(255f), Idx.readLongs(labels));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TensorDataset(fashion.x().slice(0, 0, n).contiguous(), fashion.y().slice(0, 0, n).contiguous());
    }

    /** 784-hidden-10 with ReLU, fixed initial weights. */
    static ModelFactory mlp(int hidden) {
        return () -> new Sequential(new Linear(784, hidden, new Generator(11)), new ReLU(), new Linear(hidden, 10, new Generator(12)));
    }

    /** 784-hidden-10 with ReLU and dropout. */
    static ModelFactory mlpWithDropout(int hidden, double p) {
        return () -> new Sequential(new Linear(784, hidden, new Generator(11)), new ReLU(), new Dropout(p, new Generator(5)),
                new Linear(hidden, 10, new Generator(12)));
    }

    static OptimizerFactory sgd(double lr, double momentum) {
        return model -> new SGD(model.parameters(), SGD.Options.lr(lr).withMomentum(momentum));
    }

    static final SparkLoss CROSS_ENTROPY = Losses::crossEntropy;

    /**
     * Single-machine training on the same global batches: {@code epochs} epochs of
     * {@code order.batchIndices}, each a plain zeroGrad/forward/backward/step on the whole batch.
     */
    static Module trainLocally(ModelFactory factory, OptimizerFactory optimizerFactory, TensorDataset data, EpochOrder order, int batch,
            int epochs) {
        Module model = factory.create();
        Optimizer<?> optimizer = optimizerFactory.create(model);
        int n = data.size();
        for (int e = 0; e < epochs; e++) {
            for (int k = 0; (long) k * batch < n; k++) {
                TensorDataset b = data.subset(order.batchIndices(n, batch, e, k));
                optimizer.zeroGrad();
                Losses.crossEntropy(model.forward(b.x()), b.y()).backward();
                optimizer.step();
            }
        }
        return model;
    }

    /** The largest |a - b| over the state dicts, relative to max(1, |b|) per element. */
    static double maxRelativeDifference(Module a, Module b) {
        double worst = 0;
        var sa = a.stateDict();
        var sb = b.stateDict();
        for (var e : sa.entrySet()) {
            float[] x = e.getValue().toFloatArray(), y = sb.get(e.getKey()).toFloatArray();
            for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
        }
        return worst;
    }
}
