package dev.arabica.spark;

import dev.arabica.core.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Model outputs and targets of some examples, flattened, for the driver's metrics.
 *
 * @param examples the number of examples
 * @param outputShape the shape of one example's output
 * @param outputs {@code examples * prod(outputShape)} values, example by example
 * @param targets the examples' target values ({@code examples * targetSize}), in the same order
 */
record Outputs(int examples, int[] outputShape, float[] outputs, float[] targets) implements Serializable {

    /** The outputs of {@code out} ({@code [n, ...]}, detached) with the targets of its {@code n} examples. */
    static Outputs of(Tensor out, float[] targets) {
        int[] shape = out.shape();
        if (shape.length == 0) throw new IllegalStateException("SparkTrainer: the model returned a 0-d output; metrics need [n, ...] outputs");
        return new Outputs(shape[0], Arrays.copyOfRange(shape, 1, shape.length), out.detach().contiguous().toFloatArray(), targets);
    }

    /** The concatenation of {@code parts} (all with the same output shape), or null if there are none. */
    static Outputs concat(List<Outputs> parts) {
        if (parts.isEmpty()) return null;
        if (parts.size() == 1) return parts.get(0);
        int[] shape = parts.get(0).outputShape;
        int examples = 0, outputs = 0, targets = 0;
        for (Outputs p : parts) {
            if (!Arrays.equals(p.outputShape, shape)) {
                throw new IllegalStateException("SparkTrainer: the model's outputs have different shapes per example: "
                        + Arrays.toString(shape) + " and " + Arrays.toString(p.outputShape));
            }
            examples += p.examples;
            outputs += p.outputs.length;
            targets += p.targets.length;
        }
        float[] o = new float[outputs], t = new float[targets];
        int oi = 0, ti = 0;
        for (Outputs p : parts) {
            System.arraycopy(p.outputs, 0, o, oi, p.outputs.length);
            System.arraycopy(p.targets, 0, t, ti, p.targets.length);
            oi += p.outputs.length;
            ti += p.targets.length;
        }
        return new Outputs(examples, shape, o, t);
    }

    /** The outputs as a tensor {@code [n, ...outputShape]}. */
    Tensor outputTensor() {
        int[] shape = new int[outputShape.length + 1];
        shape[0] = examples;
        System.arraycopy(outputShape, 0, shape, 1, outputShape.length);
        return Tensor.wrap(outputs, shape);
    }
}
