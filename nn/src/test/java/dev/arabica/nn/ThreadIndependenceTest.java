package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.core.kernels.Parallel;
import dev.arabica.nn.init.Init;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * nn's fused ops split large inputs over the kernel pool (batch norm over channels, layer norm over
 * rows, dropout masks over blocks); their outputs and gradients must be bitwise identical with 1, 2
 * and 3 threads. Sizes are above the ops' parallel thresholds.
 */
class ThreadIndependenceTest {

    /** Runs {@code body} with 1, 2 and 3 threads and checks every returned tensor is identical. */
    private static void sameWithAnyThreadCount(Supplier<List<Tensor>> body) {
        List<Tensor> one = Parallel.withThreads(1, body);
        for (int threads : new int[] {2, 3}) {
            List<Tensor> other = Parallel.withThreads(threads, body);
            assertEquals(one.size(), other.size());
            for (int i = 0; i < one.size(); i++) assertIdentical(one.get(i), other.get(i));
        }
    }

    private static List<Tensor> forwardBackward(Tensor x, Tensor out, Tensor... params) {
        Generator gen = new Generator(99);
        Tensor g = Tensor.randn(gen, out.shape());
        out.backward(g);
        List<Tensor> result = new ArrayList<>(List.of(out.detach(), x.grad()));
        for (Tensor p : params) result.add(p.grad());
        return result;
    }

    @Test
    void batchNormOverFeatures() { // [N, C]: the row-vector path
        sameWithAnyThreadCount(() -> {
            Generator gen = new Generator(1);
            Tensor x = Tensor.randn(gen, 512, 300).mul(3f).add(1f).requiresGrad_(true);
            BatchNorm1d bn = new BatchNorm1d(300);
            Init.uniform_(bn.weight(), 0.5f, 1.5f, gen);
            Tensor y = bn.forward(x);
            List<Tensor> r = forwardBackward(x, y, bn.weight(), bn.bias());
            r.add(bn.runningMean());
            r.add(bn.runningVar());
            return r;
        });
    }

    @Test
    void batchNormOverImages() { // [N, C, H, W]: the per-channel-block path
        sameWithAnyThreadCount(() -> {
            Generator gen = new Generator(2);
            Tensor x = Tensor.randn(gen, 8, 16, 24, 24).requiresGrad_(true);
            BatchNorm2d bn = new BatchNorm2d(16);
            List<Tensor> r = forwardBackward(x, bn.forward(x), bn.weight(), bn.bias());
            bn.eval();
            Tensor x2 = x.detach().requiresGrad_(true);
            r.addAll(forwardBackward(x2, bn.forward(x2)));
            return r;
        });
    }

    @Test
    void layerNorm() {
        sameWithAnyThreadCount(() -> {
            Generator gen = new Generator(3);
            Tensor x = Tensor.randn(gen, 700, 130).requiresGrad_(true);
            LayerNorm ln = new LayerNorm(new int[] {130});
            Init.uniform_(ln.weight(), 0.5f, 1.5f, gen);
            return forwardBackward(x, ln.forward(x), ln.weight(), ln.bias());
        });
    }

    @Test
    void dropoutMasksAndCrossEntropy() {
        sameWithAnyThreadCount(() -> {
            Generator gen = new Generator(4);
            Tensor x = Tensor.randn(gen, 1024, 400).requiresGrad_(true);
            Tensor y = Functional.dropout(x, 0.3, true, new Generator(5));
            Tensor labels = Tensor.randint(gen, 0, 400, 1024);
            Tensor loss = Losses.crossEntropy(y, labels);
            loss.backward();
            return List.of(y.detach(), loss.detach(), x.grad());
        });
    }

    @Test
    void bulkUniformsEqualOneAtATime() {
        Generator a = new Generator(42), b = new Generator(42);
        float[] bulk = new float[300_001];
        Parallel.withThreads(2, () -> a.nextFloats(bulk, 0, bulk.length));
        for (int i = 0; i < bulk.length; i++) {
            if (bulk[i] != b.nextFloat()) throw new AssertionError("value " + i + " differs");
        }
        assertEquals(b.nextLong(), a.nextLong(), "both generators continue from the same state");
    }
}
