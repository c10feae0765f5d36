package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.init.Init;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layers, initializers and dropout built without a generator draw from the default generator:
 * the same {@link Generator#manualSeed} and the same construction order give the same bits, and
 * the same bits as passing {@code new Generator(seed)} explicitly.
 */
class DefaultGeneratorLayersTest {

    private static Map<String, Tensor> trainOneStep(Sequential model, Tensor x) {
        model.train();
        Losses.mseLoss(model.forward(x), Tensor.zeros(4, 2)).backward();
        Map<String, Tensor> out = new java.util.LinkedHashMap<>(model.stateDict());
        for (var e : model.namedParameters().entrySet()) out.put("grad." + e.getKey(), e.getValue().grad());
        return out;
    }

    private static void assertIdentical(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) Asserts.assertIdentical(expected.get(k), actual.get(k));
    }

    private static Sequential withDefault() {
        return new Sequential(new Linear(3, 8), new ReLU(), new Dropout(0.5), new Linear(8, 2, false));
    }

    @Test
    void sameSeedSameConstructionOrderSameBits() {
        Tensor x = Tensor.randn(new Generator(1), 4, 3);
        Generator.manualSeed(2024);
        Map<String, Tensor> first = trainOneStep(withDefault(), x);
        Generator.manualSeed(2024);
        Map<String, Tensor> second = trainOneStep(withDefault(), x);
        assertIdentical(first, second);

        Generator gen = new Generator(2024);
        Sequential explicit = new Sequential(new Linear(3, 8, gen), new ReLU(), new Dropout(0.5, gen), new Linear(8, 2, false, gen));
        assertIdentical(first, trainOneStep(explicit, x));
    }

    @Test
    void initializersWithoutAGeneratorUseTheDefault() {
        Generator.manualSeed(5);
        Tensor a = Init.kaimingUniform_(Tensor.zeros(6, 4));
        Tensor b = Init.xavierNormal_(Tensor.zeros(3, 5));
        Tensor c = Init.normal_(Tensor.zeros(7), 1, 2);
        Generator gen = new Generator(5);
        assertIdentical(Map.of("a", Init.kaimingUniform_(Tensor.zeros(6, 4), gen), "b", Init.xavierNormal_(Tensor.zeros(3, 5), 1.0, gen),
                "c", Init.normal_(Tensor.zeros(7), 1, 2, gen)), Map.of("a", a, "b", b, "c", c));
        assertSame(Generator.defaultGenerator(), new Dropout(0.1).generator());
    }
}
