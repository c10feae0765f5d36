package dev.arabica.nn;

import static dev.arabica.nn.Asserts.assertIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.DType;
import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** A custom module with its own parameter, a buffer and children. */
    static final class Block extends Module {
        final Tensor scale;
        final Tensor counter;
        final Sequential layers;

        Block(Generator gen) {
            scale = registerParameter("scale", Parameter.ones(3));
            layers = registerModule("layers", new Sequential(new Linear(2, 3, true, gen), new ReLU(), new BatchNorm1d(3)));
            counter = registerBuffer("counter", Tensor.zeros(1));
        }

        @Override
        public Tensor forward(Tensor x) {
            return layers.forward(x).mul(scale);
        }
    }

    @Test
    void namesAreDottedInRegistrationOrder() {
        Block b = new Block(new Generator(1));
        assertEquals(List.of("scale", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"),
                List.copyOf(b.namedParameters().keySet()));
        assertEquals(List.of("counter", "layers.2.running_mean", "layers.2.running_var", "layers.2.num_batches_tracked"),
                List.copyOf(b.namedBuffers().keySet()));
        // state dict: per module parameters then buffers, then children (PyTorch's order)
        assertEquals(List.of("scale", "counter", "layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias",
                "layers.2.running_mean", "layers.2.running_var", "layers.2.num_batches_tracked"), List.copyOf(b.stateDict().keySet()));
        assertEquals(List.of("", "layers", "layers.0", "layers.1", "layers.2"), List.copyOf(b.namedModules().keySet()));
        assertEquals(List.of("layers"), List.copyOf(b.namedChildren().keySet()));
        assertSame(b.layers, b.children().get(0));
        assertEquals(5, b.parameters().size());
        assertSame(b.scale, b.parameters().get(0));
        assertEquals(3 + 6 + 3 + 3 + 3, b.parameterCount(false));
    }

    @Test
    void sharedParametersAreListedOnce() {
        Linear shared = new Linear(2, 2, true, new Generator(2));
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(s.stateDict().keySet()));
    }

    @Test
    void registrationIsValidated() {
        class Bad extends Module {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }

            void param(String name, Tensor t) {
                registerParameter(name, t);
            }

            void child(String name, Module m) {
                registerModule(name, m);
            }
        }
        Bad bad = new Bad();
        bad.param("w", Parameter.zeros(2));
        assertThrows(IllegalArgumentException.class, () -> bad.param("w", Parameter.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> bad.param("a.b", Parameter.zeros(2)));
        assertThrows(IllegalArgumentException.class, () -> bad.param("", Parameter.zeros(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.param("plain", Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("Parameter.of"), e.getMessage());
        Tensor nonLeaf = Parameter.zeros(2).mul(2f);
        assertThrows(IllegalArgumentException.class, () -> bad.param("nonleaf", nonLeaf));
        Bad outer = new Bad();
        outer.child("inner", bad);
        assertThrows(IllegalArgumentException.class, () -> bad.child("outer", outer), "cycle");
        assertThrows(IllegalArgumentException.class, () -> bad.child("self", bad), "cycle");
    }

    @Test
    void parameterOfCopiesIntoAFreshLeaf() {
        Tensor src = Tensor.of(1f, 2f).requiresGrad_(true);
        Tensor p = Parameter.of(src.mul(3f));
        assertTrue(p.isLeaf());
        assertTrue(p.requiresGrad());
        assertIdentical(Tensor.of(3f, 6f), p);
        assertThrows(IllegalArgumentException.class, () -> Parameter.of(Tensor.ofInts(new int[] {1}, 1)));
    }

    @Test
    void trainAndEvalPropagate() {
        Block b = new Block(new Generator(3));
        assertTrue(b.isTraining());
        b.eval();
        for (Module m : b.namedModules().values()) assertFalse(m.isTraining());
        b.train();
        for (Module m : b.namedModules().values()) assertTrue(m.isTraining());
        b.layers.get(1).eval();
        assertTrue(b.isTraining());
        assertFalse(b.layers.get(1).isTraining());
        // a child registered later takes the parent's mode
        Sequential s = new Sequential();
        s.eval();
        Dropout d = new Dropout(0.5, new Generator(1));
        s.add(d);
        assertFalse(d.isTraining());
    }

    @Test
    void freezingExcludesParametersFromTrainingAndGradients() {
        Generator gen = new Generator(4);
        Linear first = new Linear(2, 3, true, gen), second = new Linear(3, 1, true, gen);
        Sequential s = new Sequential(first, new Tanh(), second);
        first.requiresGrad_(false);
        assertEquals(List.of(second.weight(), second.bias()), s.trainableParameters());
        assertEquals(4, s.parameters().size());
        assertEquals(4, s.parameterCount(true));
        assertEquals(13, s.parameterCount(false));
        s.forward(Tensor.randn(gen, 5, 2)).sum().backward();
        assertNull(first.weight().grad());
        assertNull(first.bias().grad());
        assertNotNull(second.weight().grad());
        s.zeroGrad();
        assertNull(second.weight().grad());
        s.requiresGrad_(true);
        assertEquals(4, s.trainableParameters().size());
    }

    /** Every module kind, for the state dict round trip. */
    static List<Supplier<Module>> allModules() {
        return List.of(
                () -> new Linear(3, 4, true, new Generator(11)),
                () -> new Linear(3, 4, false, new Generator(12)),
                () -> new Sequential(new Linear(3, 5, true, new Generator(13)), new ReLU(), new Linear(5, 2, true, new Generator(14))),
                () -> new BatchNorm1d(3),
                () -> new BatchNorm1d(3, 1e-5, 0.1, false, true),
                () -> new BatchNorm1d(3, 1e-5, 0.1, true, false),
                () -> new BatchNorm2d(3),
                () -> new LayerNorm(3),
                () -> new LayerNorm(new int[] {3}, 1e-5, false),
                () -> new Block(new Generator(15)),
                () -> new Flatten(), () -> new Identity(), () -> new Dropout(0.2, new Generator(1)),
                () -> new ReLU(), () -> new LeakyReLU(), () -> new Sigmoid(), () -> new Tanh(), () -> new Softmax(1),
                () -> new LogSoftmax(1), () -> new GELU(), () -> new ELU(), () -> new Softplus());
    }

    /** Changes every parameter and buffer of m in place (deterministically). */
    static void perturb(Module m, Generator gen) {
        try (var scope = GradMode.noGrad()) {
            for (Tensor p : m.parameters()) p.add_(Tensor.randn(gen, p.shape()), 1f);
            for (Tensor b : m.buffers()) {
                if (b.dtype() == DType.INT64) b.copy_(Tensor.ofLongs(new long[] {b.getLong() + 5}));
                else b.add_(Tensor.full(3f, b.shape()), 1f);
            }
        }
    }

    @Test
    void stateDictRoundTripsEveryModuleExactly() {
        for (Supplier<Module> factory : allModules()) {
            Module source = factory.get();
            perturb(source, new Generator(99));
            if (source instanceof BatchNorm1d bn) {
                bn.forward(Tensor.randn(new Generator(5), 6, 3)); // real running statistics
            }
            Map<String, Tensor> state = source.stateDict();
            Module target = factory.get();
            target.loadStateDict(state);
            Map<String, Tensor> loaded = target.stateDict();
            assertEquals(state.keySet(), loaded.keySet(), source.toString());
            for (String k : state.keySet()) {
                assertEquals(state.get(k).dtype(), loaded.get(k).dtype(), k);
                assertIdentical(state.get(k), loaded.get(k));
            }
        }
    }

    @Test
    void stateDictIsASnapshotAndLoadingKeepsTensorIdentity() {
        Linear l = new Linear(2, 2, true, new Generator(6));
        Tensor weight = l.weight();
        Map<String, Tensor> state = l.stateDict();
        assertNotSame(weight, state.get("weight"));
        assertFalse(state.get("weight").requiresGrad());
        float before = state.get("weight").get(0, 0);
        perturb(l, new Generator(7));
        assertEquals(before, state.get("weight").get(0, 0), "snapshot must not follow the model");
        l.loadStateDict(state);
        assertSame(weight, l.weight(), "loading copies into the existing tensors");
        assertEquals(before, l.weight().get(0, 0));
        assertTrue(l.weight().requiresGrad());
    }

    @Test
    void strictLoadingReportsEveryProblemAtOnceAndChangesNothing() {
        Sequential s = new Sequential(new Linear(3, 4, true, new Generator(8)), new BatchNorm1d(4));
        Map<String, Tensor> state = new LinkedHashMap<>(s.stateDict());
        Tensor original = s.stateDict().get("0.bias");
        state.remove("0.weight");
        state.remove("1.running_var");
        state.put("0.bias", Tensor.full(7f, 5));
        state.put("2.weight", Tensor.zeros(1));
        state.put("1.running_mean", Tensor.full(9f, 4)); // valid entry: must not be applied either
        StateDictException e = assertThrows(StateDictException.class, () -> s.loadStateDict(state));
        assertEquals(List.of("0.weight", "1.running_var"), e.missingKeys());
        assertEquals(List.of("2.weight"), e.unexpectedKeys());
        assertEquals(List.of("0.bias: checkpoint [5] vs model [4]"), e.shapeMismatches());
        String msg = e.getMessage();
        assertTrue(msg.contains("missing keys (2): 0.weight, 1.running_var"), msg);
        assertTrue(msg.contains("unexpected keys (1): 2.weight"), msg);
        assertTrue(msg.contains("shape mismatches (1): 0.bias: checkpoint [5] vs model [4]"), msg);
        assertIdentical(original, s.stateDict().get("0.bias"));
        assertEquals(0f, s.stateDict().get("1.running_mean").get(0));

        // non-strict: loads what fits and returns the rest
        Module.LoadResult r = s.loadStateDict(state, false);
        assertEquals(List.of("0.weight", "1.running_var"), r.missingKeys());
        assertEquals(List.of("2.weight"), r.unexpectedKeys());
        assertEquals(1, r.shapeMismatches().size());
        assertFalse(r.isClean());
        assertEquals(9f, s.stateDict().get("1.running_mean").get(0));
        assertIdentical(original, s.stateDict().get("0.bias"));
    }

    @Test
    void toStringIsNested() {
        Sequential s = new Sequential(new Linear(2, 3, true, new Generator(1)), new ReLU());
        assertEquals("Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)", s.toString());
    }

    @Test
    void sequentialAccess() {
        ReLU r = new ReLU();
        Sequential s = new Sequential(new Identity(), r);
        assertEquals(2, s.size());
        assertSame(r, s.get(1));
        assertSame(r, s.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.get(2));
        assertIdentical(Tensor.of(0f, 2f), s.forward(Tensor.of(-1f, 2f)));
    }
}
