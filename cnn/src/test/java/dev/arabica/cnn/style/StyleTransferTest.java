package dev.arabica.cnn.style;

import static dev.arabica.cnn.CnnAsserts.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.cnn.Conv2d;
import dev.arabica.cnn.ConvOptions;
import dev.arabica.cnn.MaxPool2d;
import dev.arabica.core.Generator;
import dev.arabica.core.GradCheck;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.ReLU;
import dev.arabica.nn.Sequential;
import dev.arabica.nn.Tanh;
import dev.arabica.optim.Adam;
import dev.arabica.optim.Optimizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gram matrix, content and style costs against hand computations and PyTorch (losses_refs.py). */
class StyleTransferTest {
    static final Tensor C = Tensor.of(StyleReferences.ACT_C, 1, 3, 4, 5);
    static final Tensor S = Tensor.of(StyleReferences.ACT_S, 1, 3, 4, 5);
    static final Tensor G = Tensor.of(StyleReferences.ACT_G, 1, 3, 4, 5);

    @Test
    void gramByHand() {
        // channels (1, 2) and (3, 4): G = [[5, 11], [11, 25]]
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 1, 2);
        assertClose(Tensor.of(new float[] {5, 11, 11, 25}, 2, 2), StyleTransfer.gramMatrix(a), 0, 0);
        Tensor batch = Tensor.stack(List.of(a, a.mul(2f)), 0);
        assertClose(Tensor.of(new float[] {20, 44, 44, 100}, 2, 2), StyleTransfer.gramMatrix(batch).select(0, 1), 0, 0);
    }

    @Test
    void costsMatchPyTorch() {
        assertClose(StyleReferences.GRAM_S, new int[] {1, 3, 3}, StyleTransfer.gramMatrix(S), 1e-6, 1e-6);
        assertEquals(StyleReferences.J_CONTENT[0], StyleTransfer.contentCost(C, G).item(), 1e-6);
        assertEquals(StyleReferences.J_STYLE_LAYER[0], StyleTransfer.styleLayerCost(S, G).item(), 1e-7);
        // unbatched [C, H, W] gives the same
        assertEquals(StyleReferences.J_STYLE_LAYER[0], StyleTransfer.styleLayerCost(S.select(0, 0), G.select(0, 0)).item(), 1e-7);
        Tensor g = G.clone().requiresGrad_(true);
        StyleTransfer.styleLayerCost(S, g).backward();
        assertClose(StyleReferences.J_STYLE_LAYER_GRAD, new int[] {1, 3, 4, 5}, g.grad(), 1e-5, 1e-8);
    }

    @Test
    void contentCostByHand() {
        // one channel 1 x 2: (1 - 0)^2 + (2 - 4)^2 = 5, divided by 4 * 1 * 2 * 1 = 8
        Tensor c = Tensor.of(new float[] {1, 2}, 1, 1, 2), g = Tensor.of(new float[] {0, 4}, 1, 1, 2);
        assertEquals(5f / 8, StyleTransfer.contentCost(c, g).item(), 0f);
        assertEquals(0f, StyleTransfer.contentCost(c, c).item());
    }

    @Test
    void styleCostWeightsLayersAndTotalCombines() {
        Tensor s2 = S.slice(1, 0, 2), g2 = G.slice(1, 0, 2);
        double expected = 0.3 * StyleTransfer.styleLayerCost(S, G).item() + 0.7 * StyleTransfer.styleLayerCost(s2, g2).item();
        Tensor j = StyleTransfer.styleCost(List.of(S, s2), List.of(G, g2), new double[] {0.3, 0.7});
        assertEquals(expected, j.item(), 1e-7);
        Tensor total = StyleTransfer.totalCost(StyleTransfer.contentCost(C, G), j, 10, 40);
        assertEquals(10 * StyleReferences.J_CONTENT[0] + 40 * j.item(), total.item(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> StyleTransfer.styleCost(List.of(S), List.of(G, G), new double[] {1}));
    }

    @Test
    void gradientsByCentralDifferences() {
        Generator gen = new Generator(5);
        Tensor s = Tensor.randn(gen, 2, 3, 4), g = Tensor.randn(gen, 2, 3, 4).requiresGrad_(true), c = Tensor.randn(gen, 2, 3, 4);
        GradCheck.assertGradients(in -> StyleTransfer.styleLayerCost(s, in[0]), g);
        GradCheck.assertGradients(in -> StyleTransfer.contentCost(c, in[0]), g);
        GradCheck.assertGradients(in -> StyleTransfer.gramMatrix(in[0]), g);
    }

    @Test
    void featuresRunsTheNetworkOnceInLayerOrder() {
        Generator gen = new Generator(1);
        Sequential net = new Sequential(new Linear(4, 6, gen), new ReLU(), new Linear(6, 3, gen), new Tanh());
        Tensor x = Tensor.randn(gen, 2, 4);
        List<Tensor> f = StyleTransfer.features(net, new int[] {2, 0}, x);
        Tensor h0 = net.get(0).forward(x);
        Tensor h2 = net.get(2).forward(net.get(1).forward(h0));
        assertClose(h2, f.get(0), 0, 0);
        assertClose(h0, f.get(1), 0, 0);
        assertTrue(StyleTransfer.features(net, new int[0], x).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> StyleTransfer.features(net, new int[] {1, 1}, x));
        assertThrows(IllegalArgumentException.class, () -> StyleTransfer.features(net, new int[] {4}, x));
    }

    @Test
    void optimisingTheGeneratedImageThroughConvolutionsLowersTheCost() {
        Generator gen = new Generator(7);
        Sequential net = new Sequential(new Conv2d(3, 4, 3, ConvOptions.DEFAULT.padding(1), gen), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 8, 3, ConvOptions.DEFAULT.padding(1), gen), new ReLU());
        net.requiresGrad_(false);
        Tensor content = Tensor.rand(gen, 1, 3, 16, 16), style = Tensor.rand(gen, 1, 3, 16, 16);
        int[] styleLayers = {1, 4};
        double[] weights = {0.5, 0.5};
        List<Tensor> s = StyleTransfer.features(net, styleLayers, style);
        Tensor c = StyleTransfer.features(net, new int[] {4}, content).get(0);
        Tensor generated = content.add(Tensor.uniform(gen, -0.2f, 0.2f, 1, 3, 16, 16)).requiresGrad_(true);
        Optimizer<?> opt = new Adam(List.of(generated), Adam.Options.lr(0.02));
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            opt.zeroGrad();
            List<Tensor> g = StyleTransfer.features(net, new int[] {1, 4}, generated);
            Tensor j = StyleTransfer.totalCost(StyleTransfer.contentCost(c, g.get(1)), StyleTransfer.styleCost(s, g, weights), 10, 40);
            j.backward();
            opt.step();
            if (step == 0) first = j.item();
            last = j.item();
        }
        assertTrue(last < 0.5f * first, "cost " + first + " -> " + last);
    }

    @Test
    void badShapesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StyleTransfer.contentCost(C, S.slice(1, 0, 2)));
        assertTrue(e.getMessage().contains("contentCost: activations must have one shape, got [1,3,4,5] and [1,2,4,5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StyleTransfer.gramMatrix(Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("gramMatrix: expected a float activation [C, H, W] or [N, C, H, W], got"), e.getMessage());
    }
}
