package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.GradMode;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A trained model in eval mode serves predictions from several threads at once, bitwise as it does
 * from one: modules hold no per-call state, and the kernels' work arrays, the grad mode and the
 * thread-count override are per thread. (Training is single-writer: one thread updates a model.)
 */
class ConcurrentInferenceTest {

    @Test
    @Timeout(120)
    void fourThreadsGiveTheSingleThreadedResults() throws Exception {
        Generator gen = new Generator(11);
        // Wide enough that the GEMMs and the batch-norm pass are above their parallel thresholds.
        Sequential model = new Sequential(new Linear(256, 512, gen), new BatchNorm1d(512), new ReLU(), new Dropout(0.5, gen),
                new Linear(512, 256, gen), new Tanh(), new Linear(256, 10, gen));
        model.train();
        try (var scope = GradMode.noGrad()) {
            for (int i = 0; i < 3; i++) model.forward(Tensor.randn(gen, 64, 256)); // running statistics move
        }
        model.eval();
        int requests = 24;
        List<Tensor> inputs = new ArrayList<>();
        for (int r = 0; r < requests; r++) inputs.add(Tensor.randn(gen, 1 + (r % 3) * 100, 256));
        List<Tensor> expected = new ArrayList<>();
        try (var scope = GradMode.noGrad()) {
            for (Tensor x : inputs) expected.add(model.forward(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int worker = 0; worker < 4; worker++) {
                int w = worker;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 2; round++) {
                        for (int k = 0; k < requests; k++) {
                            int r = (k + w * 7) % requests; // every worker in its own order
                            if (w % 2 == 0) {
                                try (var scope = GradMode.noGrad()) {
                                    Tensor y = model.forward(inputs.get(r));
                                    assertFalse(y.requiresGrad());
                                    assertIdentical(expected.get(r), y);
                                }
                            } else { // recording in this thread only: the others' no-grad scopes do not leak here
                                Tensor y = model.forward(inputs.get(r));
                                assertTrue(y.requiresGrad());
                                assertIdentical(expected.get(r), y.detach());
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
    }
}
