package dev.arabica.nn;

import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;

/**
 * Common part of {@link BatchNorm1d} and {@link BatchNorm2d}: normalises each channel (dim 1) with
 * batch statistics in training mode and with running statistics in eval mode; see
 * {@link Functional#batchNorm}.
 *
 * <p>Parameters {@code weight} (ones) and {@code bias} (zeros), shape {@code [C]}, if {@code affine}.
 * Buffers {@code running_mean} (zeros), {@code running_var} (ones) and {@code num_batches_tracked}
 * (int64 scalar, counts training batches) if {@code trackRunningStats}; without them, batch
 * statistics are used in eval mode too. The names match PyTorch's state dict.
 */
public abstract class BatchNorm extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /**
     * @param momentum weight of the current batch in the running averages, in [0, 1] (PyTorch: 0.1)
     * @param eps added to the variance, >= 0 (PyTorch: 1e-5)
     */
    protected BatchNorm(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        String name = getClass().getSimpleName();
        if (numFeatures <= 0) throw new IllegalArgumentException(name + ": numFeatures must be > 0, got " + numFeatures);
        if (!(eps >= 0)) throw new IllegalArgumentException(name + ": eps must be >= 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": momentum must be in [0, 1], got " + momentum);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Parameter.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Parameter.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
            this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
            this.numBatchesTracked = registerBuffer("num_batches_tracked", Tensor.ofLongs(new long[] {0}));
        } else {
            this.runningMean = null;
            this.runningVar = null;
            this.numBatchesTracked = null;
        }
    }

    /** Throws if {@code x} does not have a rank this layer accepts. */
    protected abstract void checkInput(Tensor x);

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        boolean training = isTraining();
        Tensor y = Functional.batchNorm(x, runningMean, runningVar, weight, bias, training || runningMean == null, momentum, eps);
        if (training && numBatchesTracked != null) {
            try (var scope = GradMode.noGrad()) {
                numBatchesTracked.copy_(Tensor.ofLongs(new long[] {numBatchesTracked.getLong() + 1}));
            }
        }
        return y;
    }

    /** Resets running mean to 0, running variance to 1 and the batch count to 0. */
    public final void resetRunningStats() {
        if (runningMean == null) return;
        try (var scope = GradMode.noGrad()) {
            runningMean.fill_(0f);
            runningVar.fill_(1f);
            numBatchesTracked.fill_(0f);
        }
    }

    public final int numFeatures() {
        return numFeatures;
    }

    /** The scale {@code [C]}, or null without affine. */
    public final Tensor weight() {
        return weight;
    }

    /** The shift {@code [C]}, or null without affine. */
    public final Tensor bias() {
        return bias;
    }

    /** The running mean buffer {@code [C]} (updated in place), or null without running stats. */
    public final Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance buffer {@code [C]} (updated in place), or null without running stats. */
    public final Tensor runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", trackRunningStats=" + (runningMean != null);
    }
}
