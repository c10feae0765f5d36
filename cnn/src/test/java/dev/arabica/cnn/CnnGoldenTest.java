package dev.arabica.cnn;

import dev.arabica.core.golden.GoldenOp;
import dev.arabica.core.golden.GoldenRunner;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Golden cases of the convolution and pooling ops (none implemented yet: they report as not implemented). */
class CnnGoldenTest {
    static final Set<String> OPS = Set.of("conv1d", "conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d", "adaptive_avg_pool2d");

    @TestFactory
    Stream<DynamicNode> golden() {
        Map<String, GoldenOp> handlers = Map.of();
        return GoldenRunner.suite("cnn", (family, op) -> OPS.contains(op), handlers);
    }
}
