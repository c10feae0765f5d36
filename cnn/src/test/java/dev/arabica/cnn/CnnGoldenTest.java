package dev.arabica.cnn;

import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenCase;
import dev.arabica.core.golden.GoldenOp;
import dev.arabica.core.golden.GoldenRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases of the convolution and pooling ops. Handlers take the arguments in call order and
 * every attribute PyTorch's call accepts, with PyTorch's defaults when an attribute is absent.
 */
class CnnGoldenTest {
    static final Set<String> OPS = Set.of("conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d");

    @TestFactory
    Stream<DynamicNode> golden() {
        return GoldenRunner.suite("cnn", (family, op) -> OPS.contains(op), handlers());
    }

    static Map<String, GoldenOp> handlers() {
        Map<String, GoldenOp> ops = new HashMap<>();
        ops.put("conv1d", c -> out(c, CnnFunctional.conv1d(c.arg(0), c.arg(1), c.argOrNull(2), convOptions(c))));
        ops.put("conv2d", c -> out(c, CnnFunctional.conv2d(c.arg(0), c.arg(1), c.argOrNull(2), convOptions(c))));
        ops.put("conv_transpose2d", c -> out(c, CnnFunctional.convTranspose2d(c.arg(0), c.arg(1), c.argOrNull(2), transposeOptions(c))));
        ops.put("max_pool2d", CnnGoldenTest::maxPool);
        ops.put("avg_pool2d", c -> out(c, CnnFunctional.avgPool2d(c.arg(0), poolOptions(c))));
        ops.put("adaptive_avg_pool2d", c -> {
            int[] size = outputSize(c);
            return out(c, CnnFunctional.adaptiveAvgPool2d(c.arg(0), size[0], size[1]));
        });
        return ops;
    }

    private static Map<String, Tensor> out(GoldenCase c, Tensor t) {
        return Map.of(c.outputStems().isEmpty() ? "out" : c.outputStems().get(0), t);
    }

    /** An int or pair attribute as {@code {h, w}}; {@code fallback} if absent, null or an empty list. */
    static int[] pair(GoldenCase c, String name, int[] fallback) {
        int[] v = c.intsAttr(name);
        if (v == null || v.length == 0) return fallback;
        return v.length == 1 ? new int[] {v[0], v[0]} : v;
    }

    private static ConvOptions convOptions(GoldenCase c) {
        int[] stride = pair(c, "stride", new int[] {1, 1}), dilation = pair(c, "dilation", new int[] {1, 1});
        Padding padding;
        if (c.attr("padding") instanceof String s) {
            padding = Padding.parse(s);
        } else {
            int[] p = pair(c, "padding", new int[] {0, 0});
            padding = Padding.of(p[0], p[1]);
        }
        return ConvOptions.DEFAULT.stride(stride[0], stride[1]).dilation(dilation[0], dilation[1]).padding(padding)
                .groups(c.has("groups") ? c.intAttr("groups") : 1);
    }

    private static ConvTransposeOptions transposeOptions(GoldenCase c) {
        int[] stride = pair(c, "stride", new int[] {1, 1}), dilation = pair(c, "dilation", new int[] {1, 1});
        int[] padding = pair(c, "padding", new int[] {0, 0}), outputPadding = pair(c, "output_padding", new int[] {0, 0});
        return ConvTransposeOptions.DEFAULT.stride(stride[0], stride[1]).dilation(dilation[0], dilation[1])
                .padding(padding[0], padding[1]).outputPadding(outputPadding[0], outputPadding[1])
                .groups(c.has("groups") ? c.intAttr("groups") : 1);
    }

    private static PoolOptions poolOptions(GoldenCase c) {
        int[] kernel = pair(c, "kernel_size", null);
        int[] stride = pair(c, "stride", kernel), padding = pair(c, "padding", new int[] {0, 0});
        int[] dilation = pair(c, "dilation", new int[] {1, 1});
        return PoolOptions.of(kernel[0], kernel[1]).stride(stride[0], stride[1]).padding(padding[0], padding[1])
                .dilation(dilation[0], dilation[1])
                .ceilMode(c.has("ceil_mode") && c.boolAttr("ceil_mode"))
                .countIncludePad(!c.has("count_include_pad") || c.boolAttr("count_include_pad"))
                .divisorOverride(c.has("divisor_override") ? c.intAttr("divisor_override") : 0);
    }

    /** Values under the first output stem; the indices (int64) under the second, when the case has one. */
    private static Map<String, Tensor> maxPool(GoldenCase c) {
        List<String> stems = c.outputStems();
        boolean indices = stems.size() > 1 || (c.has("return_indices") && c.boolAttr("return_indices"));
        Map<String, Tensor> result = new HashMap<>();
        if (indices) {
            Tensor.ValuesIndices vi = CnnFunctional.maxPool2dWithIndices(c.arg(0), poolOptions(c));
            result.put(stems.get(0), vi.values());
            result.put(stems.size() > 1 ? stems.get(1) : "indices", vi.indices());
        } else {
            result.put(stems.get(0), CnnFunctional.maxPool2d(c.arg(0), poolOptions(c)));
        }
        return result;
    }

    /** {@code output_size}: an int, or a pair whose entries may be null (keep the input size: -1). */
    private static int[] outputSize(GoldenCase c) {
        Object v = c.attr("output_size");
        if (v instanceof Number n) return new int[] {n.intValue(), n.intValue()};
        List<?> list = (List<?>) v;
        Object h = list.get(0), w = list.size() > 1 ? list.get(1) : list.get(0);
        return new int[] {h == null ? -1 : ((Number) h).intValue(), w == null ? -1 : ((Number) w).intValue()};
    }
}
