package dev.arabica.optim;

import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenCase;
import dev.arabica.core.golden.GoldenRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** PyTorch reference trajectories of the optimizers and learning-rate schedules (families optim, lr_schedule). */
class OptimGoldenTest {

    @TestFactory
    Stream<DynamicNode> golden() {
        return GoldenRunner.suite("optim", (family, op) -> family.equals("optim") || family.equals("lr_schedule"),
                Map.of("optimizer", OptimGoldenTest::optimizer, "lr_schedule", OptimGoldenTest::schedule));
    }

    /**
     * Starts from argument 0 (the parameter), feeds argument {@code 1 + i} (the gradient) before
     * step {@code i}, and returns the parameter after each step under the case's output stems.
     */
    static Map<String, Tensor> optimizer(GoldenCase c) {
        int steps = c.has("steps") ? c.intAttr("steps") : c.argCount() - 1;
        Tensor start = c.arg(0);
        Tensor p = Tensor.of(start.toFloatArray(), start.shape()).requiresGrad_(true);
        Optimizer<?> opt = build(c, List.of(p));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < steps; i++) {
            Tensor g = c.arg(1 + i);
            p.setGrad(Tensor.of(g.toFloatArray(), g.shape()));
            opt.step();
            out.put(c.outputStems().get(i), Tensor.of(p.toFloatArray(), p.shape()));
        }
        return out;
    }

    private static final Set<String> IGNORED = Set.of("optimizer", "steps", "foreach", "differentiable", "capturable", "fused");

    static Optimizer<?> build(GoldenCase c, List<Tensor> params) {
        String name = c.stringAttr("optimizer");
        Set<String> known = switch (name) {
            case "SGD" -> Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");
            case "Adam", "AdamW" -> Set.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize");
            case "RMSprop" -> Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize");
            case "MomentumEWMA" -> Set.of("lr", "beta");
            default -> throw new IllegalArgumentException(c.id() + ": unknown optimizer " + name);
        };
        for (String attr : c.attrs().keySet()) {
            if (!IGNORED.contains(attr) && !known.contains(attr) && c.has(attr)) {
                throw new IllegalArgumentException(c.id() + ": unsupported " + name + " attribute '" + attr + "'");
            }
        }
        return switch (name) {
            case "SGD" -> new SGD(params, new SGD.Options(c.doubleAttr("lr"), num(c, "momentum", 0), num(c, "dampening", 0),
                    num(c, "weight_decay", 0), bool(c, "nesterov"), bool(c, "maximize")));
            case "Adam" -> {
                double[] betas = c.has("betas") ? c.doublesAttr("betas") : new double[] {0.9, 0.999};
                yield new Adam(params, new Adam.Options(num(c, "lr", 1e-3), betas[0], betas[1], num(c, "eps", 1e-8),
                        num(c, "weight_decay", 0), bool(c, "amsgrad"), bool(c, "maximize")));
            }
            case "AdamW" -> {
                double[] betas = c.has("betas") ? c.doublesAttr("betas") : new double[] {0.9, 0.999};
                yield new AdamW(params, new Adam.Options(num(c, "lr", 1e-3), betas[0], betas[1], num(c, "eps", 1e-8),
                        num(c, "weight_decay", 1e-2), bool(c, "amsgrad"), bool(c, "maximize")));
            }
            case "RMSprop" -> new RMSprop(params, new RMSprop.Options(num(c, "lr", 1e-2), num(c, "alpha", 0.99),
                    num(c, "eps", 1e-8), num(c, "weight_decay", 0), num(c, "momentum", 0), bool(c, "centered"),
                    bool(c, "maximize")));
            default -> new EwmaMomentum(params, new EwmaMomentum.Options(c.doubleAttr("lr"), num(c, "beta", 0.9)));
        };
    }

    /** lrs[t] = the learning rate of the t-th optimizer step, read before scheduler.step(). */
    static Map<String, Tensor> schedule(GoldenCase c) {
        String name = c.stringAttr("scheduler");
        Tensor p = Tensor.zeros(1).requiresGrad_(true);
        SGD sgd = new SGD(List.of(p), c.doubleAttr("base_lr"));
        LrScheduler scheduler = switch (name) {
            case "StepLR" -> new StepLR(sgd, c.intAttr("step_size"), num(c, "gamma", 0.1));
            case "MultiStepLR" -> new MultiStepLR(sgd, c.intsAttr("milestones"), num(c, "gamma", 0.1));
            case "ExponentialLR" -> new ExponentialLR(sgd, c.doubleAttr("gamma"));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(sgd, c.intAttr("T_max"), num(c, "eta_min", 0));
            case "LinearLR" -> new LinearLR(sgd, num(c, "start_factor", 1.0 / 3), num(c, "end_factor", 1.0),
                    c.has("total_iters") ? c.intAttr("total_iters") : 5);
            case "InverseTimeDecay" -> new InverseTimeDecay(sgd, c.doubleAttr("decay_rate"),
                    c.has("time_interval") ? c.intAttr("time_interval") : 1);
            default -> throw new IllegalArgumentException(c.id() + ": unknown scheduler " + name);
        };
        int steps = c.intAttr("steps");
        float[] lrs = new float[steps];
        for (int t = 0; t < steps; t++) {
            lrs[t] = (float) sgd.lr();
            sgd.step(); // no gradient: nothing moves, but this is the order a training loop uses
            scheduler.step();
        }
        return Map.of("lrs", Tensor.of(lrs, steps));
    }

    private static double num(GoldenCase c, String attr, double otherwise) {
        return c.has(attr) ? c.doubleAttr(attr) : otherwise;
    }

    private static boolean bool(GoldenCase c, String attr) {
        return c.has(attr) && c.boolAttr(attr);
    }
}
