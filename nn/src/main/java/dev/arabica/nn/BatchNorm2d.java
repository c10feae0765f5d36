package dev.arabica.nn;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/** Batch normalisation of {@code [N, C, H, W]} inputs per channel; see {@link BatchNorm}. */
public class BatchNorm2d extends BatchNorm {
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    /** eps 1e-5, momentum 0.1, affine, tracking running stats (PyTorch's defaults). */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true, true);
    }

    @Override
    protected void checkInput(Tensor x) {
        if (x.dim() != 4) {
            throw new IllegalArgumentException("BatchNorm2d: expected 4-D [N, C, H, W] input, got shape " + Shape.format(x.shape()));
        }
    }
}
