package dev.arabica.nn;

import static dev.arabica.nn.Asserts.leaf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.arabica.core.GradCheck;
import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Central-difference gradient checks: the functional forms through core's {@link GradCheck}, and
 * the modules themselves by perturbing their registered parameters in place.
 */
class GradientTest {
    static final GradCheck.Options OPTIONS = new GradCheck.Options(1e-2, 1e-2, 1e-3, 42);

    /**
     * Checks d(sum(w * m(x)))/d(x and every trainable parameter of m) against central differences
     * (loss evaluated in double from the float32 output).
     */
    static void checkModule(Module m, Tensor x, double eps, double rtol, double atol) {
        Tensor input = leaf(x);
        Tensor out = m.forward(input);
        Tensor w = Tensor.uniform(new Generator(17), 0.5f, 1.5f, out.shape());
        m.zeroGrad();
        out.mul(w).sum().backward();
        Map<String, Tensor> targets = new LinkedHashMap<>();
        targets.put("input", input);
        for (Map.Entry<String, Tensor> e : m.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad()) targets.put(e.getKey(), e.getValue());
        }
        float[] wv = w.toFloatArray();
        for (Map.Entry<String, Tensor> e : targets.entrySet()) {
            Tensor t = e.getValue();
            float[] analytic = t.grad() == null ? new float[t.numel()] : t.grad().toFloatArray();
            float[] data = t.array();
            for (int i = 0; i < data.length; i++) {
                float orig = data[i];
                double plus, minus;
                try (var scope = GradMode.noGrad()) {
                    data[i] = (float) (orig + eps);
                    double hp = data[i] - orig;
                    plus = weighted(m.forward(input), wv);
                    data[i] = (float) (orig - eps);
                    double hm = orig - data[i];
                    minus = weighted(m.forward(input), wv);
                    data[i] = orig;
                    double numeric = (plus - minus) / (hp + hm);
                    if (!(Math.abs(analytic[i] - numeric) <= atol + rtol * Math.abs(numeric))) {
                        fail(m.getClass().getSimpleName() + " on " + Shape.format(x.shape()) + ": gradient of " + e.getKey()
                                + " at flat index " + i + ": analytic " + analytic[i] + ", numeric " + numeric);
                    }
                }
            }
        }
    }

    private static double weighted(Tensor out, float[] w) {
        float[] v = out.toFloatArray();
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * w[i];
        return s;
    }

    /** Moves parameters away from their trivial init (ones/zeros) so that every term matters. */
    static Module randomized(Module m, long seed) {
        Generator gen = new Generator(seed);
        try (var scope = GradMode.noGrad()) {
            for (Tensor p : m.parameters()) p.add_(Tensor.uniform(gen, -0.5f, 0.5f, p.shape()), 1f);
        }
        return m;
    }

    @Test
    void linearModule() {
        Generator gen = new Generator(1);
        checkModule(new Linear(3, 2, true, gen), Tensor.randn(gen, 4, 3), 1e-2, 1e-2, 1e-3);
        checkModule(new Linear(5, 4, false, gen), Tensor.randn(gen, 2, 3, 5), 1e-2, 1e-2, 1e-3);
        checkModule(new Linear(1, 1, true, gen), Tensor.randn(gen, 1, 1), 1e-2, 1e-2, 1e-3);
    }

    @Test
    void batchNormModulesInTrainingMode() {
        Generator gen = new Generator(2);
        checkModule(randomized(new BatchNorm1d(3), 3), Tensor.randn(gen, 6, 3), 1e-2, 2e-2, 2e-3);
        checkModule(randomized(new BatchNorm1d(2), 4), Tensor.randn(gen, 3, 2, 4), 1e-2, 2e-2, 2e-3);
        checkModule(randomized(new BatchNorm1d(4), 5), Tensor.randn(gen, 2, 4), 1e-2, 2e-2, 2e-3);
        checkModule(new BatchNorm1d(3, 1e-5, 0.1, false, true), Tensor.randn(gen, 5, 3), 1e-2, 2e-2, 2e-3);
        checkModule(randomized(new BatchNorm2d(2), 6), Tensor.randn(gen, 2, 2, 3, 3), 1e-2, 2e-2, 2e-3);
        BatchNorm1d eval = (BatchNorm1d) randomized(new BatchNorm1d(3), 7);
        eval.forward(Tensor.randn(gen, 8, 3));
        eval.eval();
        checkModule(eval, Tensor.randn(gen, 4, 3), 1e-2, 1e-2, 1e-3);
    }

    @Test
    void layerNormModule() {
        Generator gen = new Generator(3);
        checkModule(randomized(new LayerNorm(5), 8), Tensor.randn(gen, 3, 5), 1e-2, 2e-2, 2e-3);
        checkModule(randomized(new LayerNorm(2, 3), 9), Tensor.randn(gen, 2, 4, 2, 3), 1e-2, 2e-2, 2e-3);
        checkModule(new LayerNorm(new int[] {4}, 1e-5, false), Tensor.randn(gen, 2, 3, 4), 1e-2, 2e-2, 2e-3);
    }

    @Test
    void sequentialModelAllParameters() {
        Generator gen = new Generator(4);
        Sequential model = new Sequential(new Linear(3, 6, true, gen), new LayerNorm(6), new Tanh(),
                new Linear(6, 4, true, gen), new BatchNorm1d(4), new Softplus(), new Linear(4, 2, true, gen));
        randomized(model, 10);
        checkModule(model, Tensor.randn(gen, 5, 3), 1e-2, 3e-2, 3e-3);
    }

    @Test
    void functionalNormsWithGradCheck() {
        Generator gen = new Generator(5);
        for (int[] shape : new int[][] {{5, 3}, {3, 2, 4}, {2, 3, 2, 2}}) {
            int c = shape[1];
            Tensor x = Tensor.randn(gen, shape).requiresGrad_(true);
            Tensor w = Tensor.uniform(gen, 0.5f, 1.5f, c).requiresGrad_(true);
            Tensor b = Tensor.randn(gen, c).requiresGrad_(true);
            GradCheck.assertGradients(in -> Functional.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, 1e-5), OPTIONS, x, w, b);
            Tensor rm = Tensor.randn(gen, c), rv = Tensor.uniform(gen, 0.5f, 2f, c);
            GradCheck.assertGradients(in -> Functional.batchNorm(in[0], rm, rv, in[1], in[2], false, 0.1, 1e-5), OPTIONS, x, w, b);
            int[] last = {shape[shape.length - 1]};
            Tensor lw = Tensor.uniform(gen, 0.5f, 1.5f, last).requiresGrad_(true), lb = Tensor.randn(gen, last).requiresGrad_(true);
            GradCheck.assertGradients(in -> Functional.layerNorm(in[0], last, in[1], in[2], 1e-5), OPTIONS, x, lw, lb);
        }
    }

    @Test
    void fusedNormBackwardMatchesTheComposite() {
        Generator gen = new Generator(6);
        Tensor x = Tensor.randn(gen, 4, 3, 5);
        Tensor w = Tensor.uniform(gen, 0.5f, 1.5f, 3), b = Tensor.randn(gen, 3), g = Tensor.randn(gen, 4, 3, 5);
        Tensor[] fused = {leaf(x), leaf(w), leaf(b)}, composite = {leaf(x), leaf(w), leaf(b)};
        Functional.batchNorm(fused[0], null, null, fused[1], fused[2], true, 0.1, 1e-5).backward(g);
        Oracles.batchNormTrain(composite[0], composite[1], composite[2], 1e-5).backward(g);
        for (int i = 0; i < 3; i++) Asserts.assertClose(composite[i].grad(), fused[i].grad(), 1e-4, 1e-5);

        Tensor lw = Tensor.uniform(gen, 0.5f, 1.5f, 5), lb = Tensor.randn(gen, 5);
        Tensor[] lf = {leaf(x), leaf(lw), leaf(lb)}, lc = {leaf(x), leaf(lw), leaf(lb)};
        Functional.layerNorm(lf[0], new int[] {5}, lf[1], lf[2], 1e-5).backward(g);
        Oracles.layerNorm(lc[0], 1, lc[1], lc[2], 1e-5).backward(g);
        for (int i = 0; i < 3; i++) Asserts.assertClose(lc[i].grad(), lf[i].grad(), 1e-4, 1e-5);
    }

    @Test
    void lossesWithGradCheck() {
        Generator gen = new Generator(7);
        Tensor logits = Tensor.randn(gen, 5, 4).requiresGrad_(true);
        Tensor labels = Tensor.ofInts(new int[] {0, 3, -100, 1, 2}, 5);
        Tensor classWeights = Tensor.uniform(gen, 0.5f, 2f, 4);
        for (Reduction r : Reduction.values()) {
            GradCheck.assertGradients(in -> Losses.crossEntropy(in[0], labels, classWeights, -100, 0.2, r), OPTIONS, logits);
            GradCheck.assertGradients(in -> Losses.nllLoss(in[0], labels, classWeights, -100, r), OPTIONS, logits);
        }
        Tensor seq = Tensor.randn(gen, 2, 3, 4).requiresGrad_(true);
        Tensor seqLabels = Tensor.ofInts(new int[] {0, 2, 1, 1, -1, 0, 2, -1}, 2, 4);
        GradCheck.assertGradients(in -> Losses.crossEntropy(in[0], seqLabels, null, -1, 0.1, Reduction.MEAN), OPTIONS, seq);

        Tensor probs = Tensor.uniform(gen, 0.1f, 0.9f, 3, 4).requiresGrad_(true);
        Tensor soft = Tensor.uniform(gen, 0f, 1f, 3, 4).requiresGrad_(true);
        Tensor weight = Tensor.uniform(gen, 0.5f, 1.5f, 4).requiresGrad_(true);
        GradCheck.assertGradients(in -> Losses.binaryCrossEntropy(in[0], in[1], in[2], Reduction.MEAN),
                new GradCheck.Options(1e-3, 1e-2, 1e-3, 1), probs, soft, weight);
        Tensor x = Tensor.randn(gen, 3, 4).mul(2f).detach().requiresGrad_(true);
        Tensor posWeight = Tensor.uniform(gen, 0.5f, 3f, 4).requiresGrad_(true);
        for (Reduction r : Reduction.values()) {
            GradCheck.assertGradients(in -> Losses.binaryCrossEntropyWithLogits(in[0], in[1], in[2], in[3], r), OPTIONS,
                    x, soft, weight, posWeight);
        }
        Tensor a = Tensor.randn(gen, 3, 4).requiresGrad_(true), t = Tensor.randn(gen, 3, 4).requiresGrad_(true);
        GradCheck.assertGradients(in -> Losses.mseLoss(in[0], in[1]), OPTIONS, a, t);
        GradCheck.assertGradients(in -> Losses.huberLoss(in[0], in[1], 0.7, Reduction.SUM), OPTIONS, a, t);
        GradCheck.assertGradients(in -> Losses.smoothL1Loss(in[0], in[1], 0.7, Reduction.NONE), OPTIONS, a, t);
        GradCheck.assertGradients(in -> Regularization.l2(java.util.List.of(in[0], in[1])), OPTIONS, a, t);
    }
}
