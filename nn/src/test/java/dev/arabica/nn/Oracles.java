package dev.arabica.nn;

import dev.arabica.core.Tensor;
import java.util.Arrays;

/**
 * Composite versions of the fused kernels, built only from differentiable Tensor primitives.
 * They are the test oracles for values and gradients of {@link Normalization}, {@link ClassLosses}
 * and {@link BinaryLosses}.
 */
final class Oracles {
    private Oracles() {}

    /** Batch norm in training mode (batch statistics, biased variance) over all dims but 1. */
    static Tensor batchNormTrain(Tensor x, Tensor weight, Tensor bias, double eps) {
        int[] dims = new int[x.dim() - 1];
        dims[0] = 0;
        for (int d = 2; d < x.dim(); d++) dims[d - 1] = d;
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, false, true);
        Tensor y = x.sub(mean).div(var.add((float) eps).sqrt());
        int[] pshape = new int[x.dim()];
        Arrays.fill(pshape, 1);
        pshape[1] = x.size(1);
        if (weight != null) y = y.mul(weight.reshape(pshape));
        if (bias != null) y = y.add(bias.reshape(pshape));
        return y;
    }

    /** Layer norm over the last {@code k} dims. */
    static Tensor layerNorm(Tensor x, int k, Tensor weight, Tensor bias, double eps) {
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) dims[i] = x.dim() - k + i;
        Tensor y = x.sub(x.mean(dims, true)).div(x.var(dims, false, true).add((float) eps).sqrt());
        if (weight != null) y = y.mul(weight);
        if (bias != null) y = y.add(bias);
        return y;
    }

    /**
     * Cross-entropy for [N, C] logits without ignored targets: {@code (1-ls) nll + ls/C smooth},
     * weighted mean over {@code w[y]}.
     */
    static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, double ls, Reduction reduction) {
        int c = logits.size(1);
        Tensor logp = logits.logSoftmax(1);
        Tensor w = weight == null ? Tensor.ones(c) : weight;
        Tensor wy = w.indexSelect(0, target);                         // [N]
        Tensor nll = logp.gather(1, target.unsqueeze(1)).squeeze(1).mul(wy).neg();
        Tensor smooth = logp.mul(w).sum(1, false).neg();
        Tensor per = nll.mul((float) (1 - ls)).add(smooth.mul((float) (ls / c)));
        return switch (reduction) {
            case NONE -> per;
            case SUM -> per.sum();
            case MEAN -> per.sum().div(wy.sum());
        };
    }

    /** BCE on probabilities in (0, 1) (no clamping needed there). */
    static Tensor binaryCrossEntropy(Tensor p, Tensor t) {
        return t.mul(p.log()).add(t.rsub(1f).mul(p.rsub(1f).log())).neg().mean();
    }

    /** BCE with logits as {@code -[pw t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))]} (fine for moderate x). */
    static Tensor binaryCrossEntropyWithLogits(Tensor x, Tensor t, Tensor posWeight) {
        Tensor s = x.sigmoid();
        Tensor pos = t.mul(s.log());
        if (posWeight != null) pos = pos.mul(posWeight);
        return pos.add(t.rsub(1f).mul(s.rsub(1f).log())).neg().mean();
    }
}
