package dev.arabica.rnn;

import dev.arabica.core.golden.GoldenOp;
import dev.arabica.core.golden.GoldenRunner;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Golden cases of the recurrent, embedding and attention ops (none implemented yet: they report as not implemented). */
class RnnGoldenTest {
    static final Set<String> OPS = Set.of("lstm", "gru", "rnn_tanh", "embedding", "scaled_dot_product_attention",
            "multihead_attention");

    @TestFactory
    Stream<DynamicNode> golden() {
        Map<String, GoldenOp> handlers = Map.of();
        return GoldenRunner.suite("rnn", (family, op) -> OPS.contains(op), handlers);
    }
}
