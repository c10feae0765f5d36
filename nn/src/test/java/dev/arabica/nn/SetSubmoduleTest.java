package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.*;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Module#setSubmodule}: PyTorch's {@code set_submodule} / {@code model.fc = ...}. */
class SetSubmoduleTest {

    /** Keeps its child in a field: replacing it must be refused, not silently ignored. */
    static final class FieldHolder extends Module {
        private final Linear inner;

        FieldHolder(Generator gen) {
            inner = registerModule("inner", new Linear(2, 2, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x);
        }
    }

    @Test
    void replacesALayerOfASequentialAtADottedPath() {
        Generator gen = new Generator(1);
        Sequential model = new Sequential(new Sequential(new Linear(4, 8, gen), new ReLU()), new Linear(8, 3, gen));
        Linear head = new Linear(8, 5, gen);
        assertSame(head, model.setSubmodule("1", head));
        Linear first = new Linear(4, 8, gen);
        model.setSubmodule("0.0", first);
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"), List.copyOf(model.stateDict().keySet()));
        assertSame(head.weight(), model.namedParameters().get("1.weight"));
        Tensor x = Tensor.randn(gen, 2, 4);
        Tensor expected = head.forward(first.forward(x).relu());
        assertArrayEquals(expected.toFloatArray(), model.forward(x).toFloatArray());
    }

    @Test
    void theReplacementTakesTheParentsMode() {
        Generator gen = new Generator(2);
        Sequential model = new Sequential(new Linear(2, 2, gen), new Dropout(0.5, gen));
        model.eval();
        Dropout d = new Dropout(0.5, gen);
        assertTrue(d.isTraining());
        model.setSubmodule("1", d);
        assertFalse(d.isTraining());
    }

    @Test
    void badTargetsAreRejectedWithTheirName() {
        Generator gen = new Generator(3);
        Sequential model = new Sequential(new FieldHolder(gen), new Linear(2, 2, gen));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.setSubmodule("7", new ReLU()));
        assertTrue(e.getMessage().contains("'7'") && e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.setSubmodule("0.inner", new Linear(2, 2, gen)));
        assertTrue(e.getMessage().contains("FieldHolder") && e.getMessage().contains("'inner'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.setSubmodule("x.y", new ReLU()));
        assertThrows(IllegalArgumentException.class, () -> model.setSubmodule("1", null));
        assertThrows(IllegalArgumentException.class, () -> model.setSubmodule("1", model), "cycle");
    }
}
