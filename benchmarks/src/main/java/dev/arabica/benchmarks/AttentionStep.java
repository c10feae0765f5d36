package dev.arabica.benchmarks;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.rnn.attention.MultiheadAttention;

/**
 * W7, shared by {@code AttentionStepBenchmark} (JMH) and {@code compare.AttentionWorkload}: a
 * multi-head self-attention block ({@code MultiheadAttention(dModel, heads, batchFirst = true)},
 * no dropout) forward and backward on a fixed random batch {@code x [batch, seq, dModel]} that
 * requires grad: clear the gradients, {@code out = mha(x, x, x)} without weights, then
 * {@code out.backward(gout)} with a fixed upstream gradient. The PyTorch twin is
 * {@code attention_step} in {@code benchmarks/compare_torch.py}.
 */
public final class AttentionStep {
    private final Tensor x;
    private final Tensor gout;
    private final MultiheadAttention mha;

    public AttentionStep(int batch, int seq, int dModel, int heads, long seed) {
        Generator generator = new Generator(seed);
        mha = new MultiheadAttention(dModel, heads, true, generator);
        x = Tensor.randn(generator, batch, seq, dModel).requiresGrad_(true);
        gout = Tensor.randn(generator, batch, seq, dModel);
    }

    /** One forward + backward; returns an element of the input's gradient. */
    public float step() {
        mha.zeroGrad();
        x.zeroGrad();
        Tensor out = mha.forward(x);
        out.backward(gout);
        return x.grad().get(0, 0, 0);
    }
}
