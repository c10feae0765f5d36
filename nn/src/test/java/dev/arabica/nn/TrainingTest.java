package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain-Java training loops (no trainer) written against the public API. */
class TrainingTest {

    /** A seeded XOR-like problem: label 1 where x * y > 0, points kept at least {@code margin} from the axes. */
    record Data(Tensor x, Tensor y) {}

    static Data xorData(int n, long seed) {
        Generator gen = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            float a, b;
            do {
                a = gen.nextFloat() * 2 - 1;
                b = gen.nextFloat() * 2 - 1;
            } while (Math.abs(a) < 0.15f || Math.abs(b) < 0.15f);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return new Data(Tensor.of(x, n, 2), Tensor.ofLongs(y, n));
    }

    static double accuracy(Module model, Data d) {
        model.eval();
        try (var scope = GradMode.noGrad()) {
            long[] predicted = model.forward(d.x()).argmax(1, false).toLongArray(), labels = d.y().toLongArray();
            model.train();
            int correct = 0;
            for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
            return correct / (double) labels.length;
        }
    }

    static Sequential model(long seed) {
        Generator gen = new Generator(seed);
        return new Sequential(new Linear(2, 16, true, gen), new Tanh(), new Linear(16, 2, true, gen));
    }

    /** Hand-written full-batch gradient descent: the loop every optimizer replaces. */
    static Map<String, Tensor> trainWithPlainGradientDescent(long seed, int steps) {
        Data d = xorData(200, seed);
        Sequential model = model(seed + 1);
        for (int step = 0; step < steps; step++) {
            model.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(d.x()), d.y());
            loss.backward();
            try (var scope = GradMode.noGrad()) {
                for (Tensor p : model.trainableParameters()) p.addInPlace(p.grad(), -0.5f);
            }
        }
        assertEquals(1.0, accuracy(model, d), "training accuracy");
        return model.stateDict();
    }

    @Test
    void plainGradientDescentReachesFullTrainingAccuracy() {
        trainWithPlainGradientDescent(1, 1500);
    }
}
