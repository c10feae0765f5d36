package dev.arabica.nn.data;

import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;

/**
 * An in-memory data set: inputs {@code x} of shape {@code [n, ...]} and targets {@code y} of shape
 * {@code [n, ...]} (float values or int64 class labels), indexed along dim 0.
 */
public record TensorDataset(Tensor x, Tensor y) {
    public TensorDataset {
        if (x.dim() == 0 || y.dim() == 0 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs of shape " + Shape.format(x.shape())
                    + " and targets of shape " + Shape.format(y.shape()) + " must have the same (non-zero rank) first dim");
        }
    }

    public int size() {
        return x.size(0);
    }

    /** The examples at the given indices (copies, in that order). */
    public TensorDataset subset(int[] indices) {
        Tensor idx = Tensor.ofInts(indices, indices.length);
        return new TensorDataset(x.detach().indexSelect(0, idx), y.detach().indexSelect(0, idx));
    }
}
