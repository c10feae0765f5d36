package dev.arabica.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void tableForASequentialModel() {
        Generator gen = new Generator(1);
        Sequential model = new Sequential(new Flatten(), new Linear(12, 16, true, gen), new BatchNorm1d(16), new ReLU(),
                new Dropout(0.5, gen), new Sequential(new Linear(16, 3, true, gen), new LogSoftmax(1)));
        model.get(1).requiresGrad_(false);
        String s = model.summary(4, 3, 4);
        String expected = String.join("\n",
                "Sequential, input shape [4,3,4]",
                "Layer (type)      Output Shape       Param #",
                "============================================",
                "0 (Flatten)       [4,12]                   0",
                "1 (Linear)        [4,16]        208 (frozen)",
                "2 (BatchNorm1d)   [4,16]                  32",
                "3 (ReLU)          [4,16]                   0",
                "4 (Dropout)       [4,16]                   0",
                "5 (Sequential)    [4,3]                    0",
                "5.0 (Linear)      [4,3]                   51",
                "5.1 (LogSoftmax)  [4,3]                    0",
                "============================================",
                "Total params: 291",
                "Trainable params: 83",
                "Non-trainable params: 208",
                "Buffer elements (not trained): 33",
                "Output shape: [4,3]",
                "");
        assertEquals(expected, s);
    }

    @Test
    void summaryRestoresModesAndHasNoSideEffects() {
        Generator gen = new Generator(2);
        BatchNorm1d bn = new BatchNorm1d(4);
        Dropout drop = new Dropout(0.5, new Generator(3));
        Sequential model = new Sequential(new Linear(2, 4, true, gen), bn, drop);
        drop.eval(); // mixed modes must come back as they were
        Tensor meanBefore = bn.runningMean().clone();
        model.summary(3, 2);
        assertTrue(model.isTraining());
        assertTrue(bn.isTraining());
        assertFalse(drop.isTraining());
        assertEquals(0, bn.namedBuffers().get("num_batches_tracked").getLong());
        Asserts.assertIdentical(meanBefore, bn.runningMean());
    }

    @Test
    void leafModelAndCustomContainer() {
        String s = new Linear(3, 2, true, new Generator(4)).summary(5, 3);
        assertTrue(s.contains("Linear  ") && s.contains("[5,2]") && s.contains("Total params: 8"), s);
        String c = new ModuleTest.Block(new Generator(5)).summary(4, 2);
        assertTrue(c.contains("layers (Sequential)") && c.contains("layers.0 (Linear)") && c.contains("Output shape: [4,3]"), c);
    }
}
