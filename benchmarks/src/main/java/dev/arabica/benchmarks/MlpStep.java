package dev.arabica.benchmarks;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * W2, shared by {@code MlpStepBenchmark} (JMH) and {@code compare.MlpStepWorkload}: one plain-SGD
 * training step (lr 0.01) of an MLP 784-256-128-10 with ReLU and softmax cross-entropy on integer
 * labels, on a fixed random batch: zero the gradients, forward, backward, update. The PyTorch
 * twin is {@code mlp_step} in {@code benchmarks/compare_torch.py}.
 *
 * <p>PENDING (needs Tensor). Written against the announced API; the one call not on that list is
 * {@code logSoftmax(int)} (STYLE.md names it): if it ends up elsewhere (e.g. an nn cross-entropy),
 * use that. Once {@code dev.arabica.nn.Linear}, a cross-entropy loss and {@code dev.arabica.optim.SGD}
 * exist, switch to them (that is what users run) and keep sizes, lr and the zero-grad semantics.
 */
public final class MlpStep {
    private static final int[] SIZES = {784, 256, 128, 10};
    private static final float LEARNING_RATE = 0.01f;

    private final Tensor x;        // [batch, 784]
    private final Tensor target;   // [batch, 10]: -1/batch at the label, 0 elsewhere (constant)
    private final Tensor[] weights = new Tensor[SIZES.length - 1];  // [in, out]
    private final Tensor[] biases = new Tensor[SIZES.length - 1];   // [out]

    public MlpStep(int batch, long seed) {
        Generator generator = new Generator(seed);
        x = Tensor.randn(generator, batch, SIZES[0]);
        SplittableRandom random = new SplittableRandom(seed);
        target = Tensor.zeros(batch, SIZES[SIZES.length - 1]);
        float[] t = target.array();
        for (int i = 0; i < batch; i++) {
            t[i * 10 + random.nextInt(10)] = -1f / batch;
        }
        for (int layer = 0; layer < weights.length; layer++) {
            int in = SIZES[layer];
            int out = SIZES[layer + 1];
            Tensor w = Tensor.randn(generator, in, out);
            float[] wa = w.array();
            float scale = (float) (1 / Math.sqrt(in));   // PyTorch's default init has this scale
            for (int i = 0; i < wa.length; i++) {
                wa[i] *= scale;
            }
            w.requiresGrad(true);
            Tensor b = Tensor.zeros(out);
            b.requiresGrad(true);
            weights[layer] = w;
            biases[layer] = b;
        }
    }

    /** One step; returns the loss before the update. */
    public float step() {
        for (int layer = 0; layer < weights.length; layer++) {
            zeroGrad(weights[layer]);
            zeroGrad(biases[layer]);
        }
        Tensor h = x;
        for (int layer = 0; layer < weights.length; layer++) {
            h = h.matmul(weights[layer]).add(biases[layer]);
            if (layer < weights.length - 1) {
                h = h.relu();
            }
        }
        // cross_entropy(logits, y) = -mean_i logSoftmax(logits)[i, y_i] = sum(logSoftmax(logits) * target)
        Tensor loss = h.logSoftmax(1).mul(target).sum();
        loss.backward();
        for (int layer = 0; layer < weights.length; layer++) {
            sgd(weights[layer]);
            sgd(biases[layer]);
        }
        return loss.array()[0];
    }

    /** zero_grad(set_to_none=False), as the PyTorch side does. */
    private static void zeroGrad(Tensor parameter) {
        if (parameter.grad() != null) {
            Arrays.fill(parameter.grad().array(), 0f);
        }
    }

    private static void sgd(Tensor parameter) {
        float[] p = parameter.array();
        float[] g = parameter.grad().array();
        for (int i = 0; i < p.length; i++) {
            p[i] -= LEARNING_RATE * g[i];
        }
    }
}
