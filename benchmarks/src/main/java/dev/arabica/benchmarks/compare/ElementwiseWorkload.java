package dev.arabica.benchmarks.compare;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.List;

/**
 * EW: {@code a.add(b)}, {@code a.mul(b)}, {@code a.exp()} on 1M floats, ms per call, allocating
 * the result ({@code op=add}) and into a reused buffer ({@code op=add_out}, PyTorch's
 * {@code torch.add(a, b, out=c)}). Inputs do not require grad, so no graph is recorded (PyTorch
 * runs under no_grad).
 */
public final class ElementwiseWorkload implements Workload {
    @Override public String id() { return "EW"; }

    @Override public String description() {
        return "elementwise a.add(b), a.mul(b), a.exp() on 1M floats (allocating, and _out into a reused buffer)";
    }

    @Override public Metric metric() { return Metric.MILLISECONDS; }

    @Override
    public List<String> params() {
        return List.of("op=add,n=1048576", "op=mul,n=1048576", "op=exp,n=1048576",
                "op=add_out,n=1048576", "op=mul_out,n=1048576", "op=exp_out,n=1048576");
    }

    @Override
    public Task prepare(Params params) {
        int n = params.getInt("n");
        Generator generator = new Generator(42);
        Tensor a = Tensor.randn(generator, n);
        Tensor b = Tensor.randn(generator, n);
        Tensor out = Tensor.zeros(n);
        return switch (params.get("op")) {
            case "add" -> Task.keeping(() -> a.add(b));
            case "mul" -> Task.keeping(() -> a.mul(b));
            case "exp" -> Task.keeping(a::exp);
            case "add_out" -> Task.keeping(() -> a.add(b, out));
            case "mul_out" -> Task.keeping(() -> a.mul(b, out));
            case "exp_out" -> Task.keeping(() -> a.exp(out));
            default -> throw new IllegalArgumentException("unknown op in " + params);
        };
    }
}
