package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.optim.Adam;
import dev.arabica.optim.AdamW;
import dev.arabica.optim.CosineAnnealingLR;
import dev.arabica.optim.GradClip;
import dev.arabica.optim.LinearWarmup;
import dev.arabica.optim.LrScheduler;
import dev.arabica.optim.ParamGroup;
import dev.arabica.optim.SGD;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The samples of docs/optim.md, run. */
class DocSamplesOptimTest {
    final Generator gen = new Generator(0);
    final Sequential model = new Sequential(new Linear(8, 16, gen), new ReLU(), new Linear(16, 2, gen));

    @Test
    void options() {
        List<Tensor> params = model.parameters();
        SGD sgd = new SGD(params, SGD.Options.lr(0.01).withMomentum(0.9).withNesterov(true).withWeightDecay(5e-4));
        Adam adam = new Adam(params, Adam.Options.lr(3e-4).withBetas(0.9, 0.98));
        AdamW adamW = new AdamW(params, AdamW.options(1e-3).withWeightDecay(0.05));
        // --- end of sample
        assertEquals(0.01, sgd.lr());
        assertEquals(3e-4, adam.lr());
        assertEquals(1e-3, adamW.lr());
    }

    @Test
    void paramGroups() {
        Sequential backbone = new Sequential(new Linear(8, 16, gen), new ReLU());
        Linear head = new Linear(16, 2, gen);
        Adam optimizer = Adam.ofGroups(List.of(
                new ParamGroup(backbone.parameters(), Adam.Options.lr(1e-4)),   // fine-tune slowly
                new ParamGroup(head.parameters())),                             // the defaults below
                Adam.Options.lr(1e-3));
        // --- end of sample
        assertEquals(2, optimizer.groupCount());
        assertEquals(1e-4, optimizer.lr(0));
        assertEquals(1e-3, optimizer.lr(1));
    }

    @Test
    void warmupThenCosine() {
        Adam optimizer = new Adam(model.parameters(), 1e-3);
        int totalSteps = 1000, warmup = 100;
        LrScheduler scheduler = new LinearWarmup(optimizer, 0.01, warmup,
                new CosineAnnealingLR(optimizer, totalSteps - warmup));
        for (int step = 0; step < totalSteps; step++) {
            // ... zeroGrad, forward, backward, optimizer.step()
            scheduler.step();                                        // once per batch here
        }
        // --- end of sample
        assertEquals(0, optimizer.lr(), 1e-12);
    }

    @Test
    void customSchedule() {
        SGD optimizer = new SGD(model.parameters(), 0.1);
        LrScheduler decay = new LrScheduler(optimizer, (epoch, baseLr) -> baseLr * Math.pow(0.95, epoch));
        // --- end of sample
        decay.step();
        decay.step();
        assertEquals(0.1 * 0.95 * 0.95, optimizer.lr(), 1e-12);
    }

    @Test
    void clippingAndState() {
        Adam optimizer = new Adam(model.parameters());
        model.forward(Tensor.randn(gen, 4, 8)).square().sum().backward();
        double norm = GradClip.clipGradNorm(model.parameters(), 1.0);     // the norm before clipping
        optimizer.step();
        Map<String, Tensor> state = optimizer.stateDict();              // steps, moments, hyperparameters
        Adam restored = new Adam(model.parameters());
        restored.loadStateDict(state);
        // --- end of sample
        assertTrue(norm > 0);
        Map<String, Tensor> again = restored.stateDict();
        assertEquals(state.keySet(), again.keySet());
        for (String k : state.keySet()) assertArrayEquals(state.get(k).toFloatArray(), again.get(k).toFloatArray(), k);
    }
}
