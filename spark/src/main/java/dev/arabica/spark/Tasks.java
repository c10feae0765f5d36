package dev.arabica.spark;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.data.DataLoader.Batch;
import dev.arabica.nn.train.Evaluation;
import dev.arabica.nn.data.Seeds;
import dev.arabica.optim.GradClip;
import dev.arabica.optim.Optimizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The work a partition does, as serializable functions for {@code mapPartitionsWithIndex}. Each
 * returns exactly one {@link Contribution}. A task reads the broadcast state and copies it into its
 * thread's model ({@link Worker}); it never writes a broadcast value or an example.
 */
final class Tasks {
    private Tasks() {}

    /** The seed of the random layers for global step {@code step} on partition {@code partition}. */
    static long stepSeed(long seed, long step, int partition) {
        return Seeds.derive(Seeds.derive(seed, step), partition);
    }

    private static Shard single(Iterator<Shard> it, int partition) {
        if (!it.hasNext()) throw new IllegalStateException("SparkTrainer: partition " + partition + " has no shard");
        Shard shard = it.next();
        if (it.hasNext()) throw new IllegalStateException("SparkTrainer: partition " + partition + " has more than one shard");
        return shard;
    }

    private static Iterator<Contribution> one(Contribution c) {
        return List.of(c).iterator();
    }

    /** Runs forward and loss on {@code examples} with the model in its current mode; returns [output, loss]. */
    private static Tensor[] forward(TaskSpec spec, Module model, Batch batch) {
        Tensor out = model.forward(batch.x());
        Tensor loss = spec.loss().compute(out, batch.y());
        if (loss.numel() != 1) {
            throw new IllegalStateException("SparkTrainer: the loss function returned a tensor of shape " + Shape.format(loss.shape())
                    + "; it must return one value (a mean over the batch)");
        }
        return new Tensor[] {out, loss};
    }

    private static float[] targets(TaskSpec spec, List<Example> examples) {
        int k = spec.format().targetSize();
        float[] t = new float[examples.size() * k];
        for (int i = 0; i < examples.size(); i++) System.arraycopy(examples.get(i).target(), 0, t, i * k, k);
        return t;
    }

    /**
     * Synchronous training, one global batch: the gradient of the mean loss over this partition's
     * share (positions {@code [from, to)}) at the broadcast parameters, as {@code grad.<i>} for the
     * i-th of {@code model.parameters()} (absent when backward did not reach it), the updated float buffers as
     * {@code buffer.<name>} and int64 buffers as maxima.
     */
    static final class Gradient implements Function2<Integer, Iterator<Shard>, Iterator<Contribution>> {
        private static final long serialVersionUID = 1L;
        private final TaskSpec spec;
        private final Broadcast<StateArrays> params;
        private final long from;
        private final long to;
        private final long step;

        Gradient(TaskSpec spec, Broadcast<StateArrays> params, long from, long to, long step) {
            this.spec = spec;
            this.params = params;
            this.from = from;
            this.to = to;
            this.step = step;
        }

        @Override
        public Iterator<Contribution> call(Integer partition, Iterator<Shard> shards) {
            List<Example> examples = single(shards, partition).slice(from, to);
            if (examples.isEmpty()) return one(Contribution.empty(partition));
            Worker w = Worker.get(spec);
            Module model = w.model;
            w.load(params.value());
            model.train();
            spec.modelFactory().reseed(model, stepSeed(spec.seed(), step, partition));
            model.zeroGrad();
            Batch batch = spec.format().batch(examples);
            Tensor[] outLoss = forward(spec, model, batch);
            outLoss[1].backward();
            int n = examples.size();
            Contribution c = new Contribution(partition, n, (double) outLoss[1].item() * n,
                    spec.collectOutputs() ? Outputs.of(outLoss[0], targets(spec, examples)) : null);
            for (int i = 0; i < w.params.size(); i++) {
                Tensor g = w.params.get(i).grad();
                if (g != null) c.values.put("grad." + i, g.contiguous().toFloatArray());
            }
            for (Map.Entry<String, Tensor> b : model.namedBuffers().entrySet()) {
                if (b.getValue().dtype() == DType.FLOAT32) c.values.put("buffer." + b.getKey(), b.getValue().toFloatArray());
                else c.maxima.put("buffer." + b.getKey(), b.getValue().toLongArray());
            }
            model.zeroGrad();
            return one(c);
        }
    }

    /**
     * Parameter averaging, one round: local optimizer steps from the broadcast parameters and
     * optimizer state on this partition's shares of global batches {@code j = 0 .. bounds.length - 2}
     * (positions {@code [bounds[j], bounds[j + 1])}), then the model's state dict as
     * {@code model.<name>} and the optimizer's per-parameter state as {@code optimizer.state.<i>.<name>}
     * (floats averaged, int64 step counts as maxima).
     */
    static final class LocalSteps implements Function2<Integer, Iterator<Shard>, Iterator<Contribution>> {
        private static final long serialVersionUID = 1L;
        private final TaskSpec spec;
        private final Broadcast<StateArrays> params;
        private final Broadcast<StateArrays> optimizerState;
        private final double[] learningRates;
        private final long[] bounds;
        private final long firstStep;

        LocalSteps(TaskSpec spec, Broadcast<StateArrays> params, Broadcast<StateArrays> optimizerState, double[] learningRates,
                long[] bounds, long firstStep) {
            this.spec = spec;
            this.params = params;
            this.optimizerState = optimizerState;
            this.learningRates = learningRates;
            this.bounds = bounds;
            this.firstStep = firstStep;
        }

        @Override
        public Iterator<Contribution> call(Integer partition, Iterator<Shard> shards) {
            Shard shard = single(shards, partition);
            if (shard.slice(bounds[0], bounds[bounds.length - 1]).isEmpty()) return one(Contribution.empty(partition));
            Worker w = Worker.get(spec);
            Module model = w.model;
            w.load(params.value());
            Optimizer<?> optimizer = w.optimizer(spec.optimizerFactory());
            optimizer.loadStateDict(optimizerState.value().tensors());
            for (int g = 0; g < learningRates.length; g++) optimizer.setLr(g, learningRates[g]); // the driver's exact (double) rates
            model.train();
            long count = 0;
            double lossSum = 0;
            List<Outputs> outputs = new ArrayList<>();
            for (int j = 0; j + 1 < bounds.length; j++) {
                List<Example> examples = shard.slice(bounds[j], bounds[j + 1]);
                if (examples.isEmpty()) continue;
                spec.modelFactory().reseed(model, stepSeed(spec.seed(), firstStep + j, partition));
                optimizer.zeroGrad();
                Batch batch = spec.format().batch(examples);
                Tensor[] outLoss = forward(spec, model, batch);
                outLoss[1].backward();
                if (!Double.isNaN(spec.clipNorm())) GradClip.clipGradNorm(optimizer.params(), spec.clipNorm());
                optimizer.step();
                int n = examples.size();
                count += n;
                lossSum += (double) outLoss[1].item() * n;
                if (spec.collectOutputs()) outputs.add(Outputs.of(outLoss[0], targets(spec, examples)));
            }
            optimizer.zeroGrad();
            Contribution c = new Contribution(partition, count, lossSum, Outputs.concat(outputs));
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) put(c, "model." + e.getKey(), e.getValue());
            for (Map.Entry<String, Tensor> e : optimizer.stateDict().entrySet()) {
                if (e.getKey().startsWith("state.")) put(c, "optimizer." + e.getKey(), e.getValue());
            }
            return one(c);
        }

        private static void put(Contribution c, String key, Tensor t) {
            if (t.dtype() == DType.FLOAT32) c.values.put(key, t.toFloatArray());
            else c.maxima.put(key, t.toLongArray());
        }
    }

    /**
     * Evaluation: the model in eval mode without gradients over all of the partition's examples, in
     * chunks of {@code batchSize}: the loss sum (each chunk's mean times its size) and, for metrics,
     * the outputs.
     */
    static final class Evaluate implements Function2<Integer, Iterator<Example>, Iterator<Contribution>> {
        private static final long serialVersionUID = 1L;
        private final TaskSpec spec;
        private final Broadcast<StateArrays> params;
        private final int batchSize;

        Evaluate(TaskSpec spec, Broadcast<StateArrays> params, int batchSize) {
            this.spec = spec;
            this.params = params;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<Contribution> call(Integer partition, Iterator<Example> data) {
            if (!data.hasNext()) return one(Contribution.empty(partition));
            Worker w = Worker.get(spec);
            Module model = w.model;
            w.load(params.value());
            long count = 0;
            double lossSum = 0;
            List<Outputs> outputs = new ArrayList<>();
            List<Example> chunk = new ArrayList<>(batchSize);
            try (var scope = Evaluation.scope(model)) {
                while (data.hasNext()) {
                    chunk.clear();
                    while (data.hasNext() && chunk.size() < batchSize) chunk.add(data.next());
                    Batch batch = spec.format().batch(chunk);
                    Tensor out = model.forward(batch.x());
                    if (spec.loss() != null) {
                        Tensor loss = spec.loss().compute(out, batch.y());
                        if (loss.numel() != 1) {
                            throw new IllegalStateException("SparkTrainer: the loss function returned a tensor of shape "
                                    + Shape.format(loss.shape()) + "; it must return one value (a mean over the batch)");
                        }
                        lossSum += (double) loss.item() * chunk.size();
                    }
                    count += chunk.size();
                    if (spec.collectOutputs()) outputs.add(Outputs.of(out, targets(spec, chunk)));
                }
            }
            return one(new Contribution(partition, count, lossSum, Outputs.concat(outputs)));
        }
    }
}
