package dev.arabica.nn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/** Batch normalisation of {@code [N, C]} or {@code [N, C, L]} inputs over the channel dim; see {@link BatchNorm}. */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** eps 1e-5, momentum 0.1, affine, tracking running stats (PyTorch's defaults). */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("BatchNorm1d: expected 2-D [N, C] or 3-D [N, C, L] input, got shape "
                    + Shape.format(x.shape()));
        }
    }
}
