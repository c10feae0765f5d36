package dev.arabica.core.golden;

import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Core's golden conformance: the elementwise, activation, reduction, linalg and shape families. */
class CoreGoldenTest {
    static final Set<String> FAMILIES = Set.of("elementwise", "activation", "reduction", "linalg", "shape");

    @TestFactory
    Stream<DynamicNode> golden() {
        return GoldenRunner.suite("core", (family, op) -> FAMILIES.contains(family), handlers());
    }

    static Map<String, Tensor> out(Tensor t) {
        return Map.of("out", t);
    }

    /** Binary ops: two tensors, or a tensor and a python scalar (left or right). */
    interface Binary {
        Tensor apply(Tensor a, Tensor b);
    }

    static GoldenOp binary(Binary f) {
        return c -> {
            if (c.has("scalar")) {
                Tensor x = c.arg(0);
                Tensor s = Tensor.scalar(c.floatAttr("scalar"));
                boolean first = c.has("scalar_first") && c.boolAttr("scalar_first");
                return out(first ? f.apply(s, x) : f.apply(x, s));
            }
            return out(f.apply(c.arg(0), c.arg(1)));
        };
    }

    static GoldenOp unary(java.util.function.Function<Tensor, Tensor> f) {
        return c -> out(f.apply(c.arg(0)));
    }

    static Map<String, GoldenOp> handlers() {
        Map<String, GoldenOp> h = new HashMap<>();
        // elementwise
        h.put("add", binary(Tensor::add));
        h.put("sub", binary(Tensor::sub));
        h.put("mul", binary(Tensor::mul));
        h.put("div", binary(Tensor::div));
        h.put("maximum", binary(Tensor::maximum));
        h.put("minimum", binary(Tensor::minimum));
        h.put("neg", unary(Tensor::neg));
        h.put("exp", unary(Tensor::exp));
        h.put("log", unary(Tensor::log));
        h.put("sqrt", unary(Tensor::sqrt));
        h.put("abs", unary(Tensor::abs));
        h.put("pow", c -> {
            if (c.has("exponent")) return out(c.arg(0).pow(c.floatAttr("exponent")));
            throw new UnsupportedOperationException(c.id() + ": pow with a tensor exponent");
        });
        h.put("clamp", c -> out(c.arg(0).clamp(
                c.has("min") ? c.floatAttr("min") : Float.NEGATIVE_INFINITY,
                c.has("max") ? c.floatAttr("max") : Float.POSITIVE_INFINITY)));
        h.put("where", c -> out(Tensor.where(c.arg(0), c.arg(1), c.arg(2))));
        h.put("masked_fill", c -> out(c.arg(0).maskedFill(c.arg(1), c.floatAttr("value"))));
        // activations
        h.put("relu", unary(Tensor::relu));
        h.put("sigmoid", unary(Tensor::sigmoid));
        h.put("tanh", unary(Tensor::tanh));
        h.put("leaky_relu", c -> out(c.arg(0).leakyRelu(c.has("negative_slope") ? c.floatAttr("negative_slope") : 0.01f)));
        h.put("elu", c -> out(c.arg(0).elu(c.has("alpha") ? c.floatAttr("alpha") : 1f)));
        h.put("softplus", c -> out(c.arg(0).softplus(c.has("beta") ? c.floatAttr("beta") : 1f,
                c.has("threshold") ? c.floatAttr("threshold") : 20f)));
        h.put("gelu", c -> out(c.arg(0).gelu(c.has("approximate") && c.stringAttr("approximate").equals("tanh"))));
        h.put("softmax", c -> out(c.arg(0).softmax(c.intAttr("dim"))));
        h.put("log_softmax", c -> out(c.arg(0).logSoftmax(c.intAttr("dim"))));
        // reductions
        h.put("sum", c -> out(c.arg(0).sum(c.intsAttr("dim"), keep(c))));
        h.put("mean", c -> out(c.arg(0).mean(c.intsAttr("dim"), keep(c))));
        h.put("var", c -> {
            boolean unbiased = c.has("unbiased") ? c.boolAttr("unbiased")
                    : c.has("correction") ? c.intAttr("correction") != 0 : true;
            return out(c.arg(0).var(c.intsAttr("dim"), unbiased, keep(c)));
        });
        h.put("max_all", c -> out(c.arg(0).max()));
        h.put("max_dim", c -> {
            Tensor.ValuesIndices vi = c.arg(0).max(c.intAttr("dim"), keep(c));
            return Map.of("out", vi.values(), "indices", vi.indices());
        });
        h.put("argmax", c -> out(c.has("dim") ? c.arg(0).argmax(c.intAttr("dim"), keep(c)) : c.arg(0).argmax(keep(c))));
        h.put("logsumexp", c -> out(c.arg(0).logsumexp(c.intsAttr("dim"), keep(c))));
        // linalg
        h.put("matmul", c -> out(c.arg(0).matmul(c.arg(1))));
        h.put("linear", c -> out(c.arg(0).linear(c.arg(1), c.argOrNull(2))));
        // shape
        h.put("reshape", c -> out(c.arg(0).reshape(c.intsAttr("shape"))));
        h.put("transpose", c -> out(c.arg(0).transpose(c.intAttr("dim0"), c.intAttr("dim1"))));
        h.put("permute", c -> out(c.arg(0).permute(c.intsAttr("dims"))));
        h.put("slice", c -> {
            Tensor x = c.arg(0);
            @SuppressWarnings("unchecked")
            List<List<Object>> slices = (List<List<Object>>) c.attr("slices");
            for (List<Object> s : slices) {
                int dim = ((Number) s.get(0)).intValue();
                int size = x.size(dim);
                int start = s.get(1) == null ? 0 : ((Number) s.get(1)).intValue();
                int stop = s.get(2) == null ? size : ((Number) s.get(2)).intValue();
                int step = s.size() > 3 && s.get(3) != null ? ((Number) s.get(3)).intValue() : 1;
                x = x.slice(dim, start, stop, step);
            }
            return out(x);
        });
        h.put("cat", c -> out(Tensor.cat(all(c), c.intAttr("dim"))));
        h.put("stack", c -> out(Tensor.stack(all(c), c.intAttr("dim"))));
        h.put("squeeze", c -> out(c.has("dim") ? squeezeDims(c.arg(0), c.intsAttr("dim")) : c.arg(0).squeeze()));
        h.put("unsqueeze", c -> out(c.arg(0).unsqueeze(c.intAttr("dim"))));
        h.put("expand", c -> out(c.arg(0).expand(c.intsAttr("size"))));
        h.put("flatten", c -> out(c.arg(0).flatten(c.has("start_dim") ? c.intAttr("start_dim") : 0,
                c.has("end_dim") ? c.intAttr("end_dim") : -1)));
        h.put("pad", c -> {
            String mode = c.has("mode") ? c.stringAttr("mode") : "constant";
            if (!mode.equals("constant")) throw new UnsupportedOperationException(c.id() + ": pad mode " + mode);
            return out(c.arg(0).pad(c.intsAttr("pad"), c.has("value") ? c.floatAttr("value") : 0f));
        });
        return h;
    }

    private static boolean keep(GoldenCase c) {
        return c.has("keepdim") && c.boolAttr("keepdim");
    }

    private static List<Tensor> all(GoldenCase c) {
        List<Tensor> list = new ArrayList<>();
        for (int i = 0; i < c.argCount(); i++) list.add(c.arg(i));
        return list;
    }

    /** squeeze with a list of dims (PyTorch 2 accepts a tuple): squeeze the highest dim first. */
    private static Tensor squeezeDims(Tensor x, int[] dims) {
        int rank = x.dim();
        int[] norm = new int[dims.length];
        for (int i = 0; i < dims.length; i++) norm[i] = dims[i] < 0 ? dims[i] + Math.max(rank, 1) : dims[i];
        java.util.Arrays.sort(norm);
        for (int i = norm.length - 1; i >= 0; i--) x = x.squeeze(norm[i]);
        return x;
    }
}
