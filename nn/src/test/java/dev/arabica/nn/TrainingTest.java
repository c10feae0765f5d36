package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.optim.Adam;
import dev.arabica.optim.AdamW;
import dev.arabica.optim.EwmaMomentum;
import dev.arabica.optim.Optimizer;
import dev.arabica.optim.RMSprop;
import dev.arabica.optim.SGD;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain-Java training loops (no trainer) written against the public API. */
class TrainingTest {

    /** A seeded XOR-like problem: label 1 where x * y > 0, points kept at least 0.05 from the axes. */
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
            } while (Math.abs(a) < 0.05f || Math.abs(b) < 0.05f);
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
                for (Tensor p : model.trainableParameters()) p.add_(p.grad(), -0.5f);
            }
        }
        assertEquals(1.0, accuracy(model, d), "training accuracy");
        return model.stateDict();
    }

    @Test
    void plainGradientDescentReachesFullTrainingAccuracy() {
        trainWithPlainGradientDescent(1, 1500);
    }

    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("SGD", (Function<List<Tensor>, Optimizer<?>>) p -> new SGD(p, SGD.Options.lr(0.5))),
                Arguments.of("SGD momentum", (Function<List<Tensor>, Optimizer<?>>) p -> new SGD(p, SGD.Options.lr(0.1).withMomentum(0.9))),
                Arguments.of("Nesterov", (Function<List<Tensor>, Optimizer<?>>) p ->
                        new SGD(p, SGD.Options.lr(0.1).withMomentum(0.9).withNesterov(true))),
                Arguments.of("RMSprop", (Function<List<Tensor>, Optimizer<?>>) p -> new RMSprop(p, RMSprop.Options.lr(0.01))),
                Arguments.of("Adam", (Function<List<Tensor>, Optimizer<?>>) p -> new Adam(p, Adam.Options.lr(0.05))),
                Arguments.of("AdamW", (Function<List<Tensor>, Optimizer<?>>) p ->
                        new AdamW(p, AdamW.options(0.05).withWeightDecay(0.01))),
                Arguments.of("EWMA momentum", (Function<List<Tensor>, Optimizer<?>>) p ->
                        new EwmaMomentum(p, EwmaMomentum.Options.lr(0.5).withBeta(0.9))));
    }

    /**
     * Full-batch training of a 2-16-2 tanh network with cross-entropy; stops as soon as every
     * training point is classified correctly (checked every 25 steps) and fails if that does not
     * happen within {@code maxSteps}.
     */
    static int stepsToFullAccuracy(Function<List<Tensor>, Optimizer<?>> factory, long seed, int maxSteps) {
        Data d = xorData(200, seed);
        Sequential model = model(seed + 1);
        Optimizer<?> optimizer = factory.apply(model.trainableParameters());
        for (int step = 1; step <= maxSteps; step++) {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(d.x()), d.y());
            loss.backward();
            optimizer.step();
            if (step % 25 == 0 && accuracy(model, d) == 1.0) return step;
        }
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void everyOptimizerReachesFullTrainingAccuracy(String name, Function<List<Tensor>, Optimizer<?>> factory) {
        int steps = stepsToFullAccuracy(factory, 3, 2000);
        assertTrue(steps > 0, name + " did not reach 100% training accuracy in 2000 steps");
    }

    @Test
    void frozenLayersStayUnchangedWhileTheRestTrains() {
        Data d = xorData(100, 4);
        Sequential model = model(5);
        Linear first = (Linear) model.get(0);
        first.requiresGrad_(false);
        Tensor before = first.weight().clone();
        Tensor headBefore = ((Linear) model.get(2)).weight().clone();
        Optimizer<?> optimizer = new Adam(model.parameters(), Adam.Options.lr(0.05)); // frozen ones are skipped
        for (int step = 0; step < 20; step++) {
            optimizer.zeroGrad();
            Losses.crossEntropy(model.forward(d.x()), d.y()).backward();
            optimizer.step();
        }
        Asserts.assertIdentical(before, first.weight());
        assertTrue(((Linear) model.get(2)).weight().sub(headBefore).abs().sum().item() > 0);
    }
}
