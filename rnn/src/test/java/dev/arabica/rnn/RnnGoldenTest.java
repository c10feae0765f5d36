package dev.arabica.rnn;

import dev.arabica.core.Tensor;
import dev.arabica.core.golden.GoldenCase;
import dev.arabica.core.golden.GoldenOp;
import dev.arabica.core.golden.GoldenRunner;
import dev.arabica.rnn.attention.AttentionGoldenHandlers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden cases of the embedding, recurrent and attention ops, one summary line for the module. The
 * recurrent and embedding handlers live here ({@link #recurrentHandlers()}), the attention handlers
 * in {@link AttentionGoldenHandlers#handlers()}.
 */
class RnnGoldenTest {
    static final Set<String> OPS = Set.of("lstm", "gru", "rnn_tanh", "rnn_relu", "embedding",
            "scaled_dot_product_attention", "multihead_attention");

    @TestFactory
    Stream<DynamicNode> golden() {
        return GoldenRunner.suite("rnn", (family, op) -> OPS.contains(op), handlers());
    }

    /** Every handler of the module: the recurrent and embedding ops here, the attention ops' own class. */
    static Map<String, GoldenOp> handlers() {
        Map<String, GoldenOp> all = new HashMap<>(recurrentHandlers());
        all.putAll(AttentionGoldenHandlers.handlers());
        return all;
    }

    static Map<String, GoldenOp> recurrentHandlers() {
        Map<String, GoldenOp> ops = new HashMap<>();
        ops.put("embedding", RnnGoldenTest::embedding);
        ops.put("lstm", c -> recurrent(c, RecurrentMode.LSTM));
        ops.put("gru", c -> recurrent(c, RecurrentMode.GRU));
        ops.put("rnn_tanh", c -> recurrent(c, rnnMode(c, RecurrentMode.RNN_TANH)));
        ops.put("rnn_relu", c -> recurrent(c, rnnMode(c, RecurrentMode.RNN_RELU)));
        return ops;
    }

    /** {@code F.embedding(indices, weight, padding_idx, max_norm, norm_type, scale_grad_by_freq)}. */
    private static Map<String, Tensor> embedding(GoldenCase c) {
        Integer padding = c.has("padding_idx") ? c.intAttr("padding_idx") : null;
        boolean scale = c.has("scale_grad_by_freq") && c.boolAttr("scale_grad_by_freq");
        Double maxNorm = c.has("max_norm") ? c.doubleAttr("max_norm") : null;
        double normType = c.has("norm_type") ? c.doubleAttr("norm_type") : 2.0;
        return Map.of(c.outputStems().get(0), RnnFunctional.embedding(c.arg(0), c.arg(1), padding, maxNorm, normType, scale));
    }

    /** An explicit {@code nonlinearity} attribute wins over the op name. */
    private static RecurrentMode rnnMode(GoldenCase c, RecurrentMode byName) {
        if (!c.has("nonlinearity")) return byName;
        return "relu".equals(c.stringAttr("nonlinearity")) ? RecurrentMode.RNN_RELU : RecurrentMode.RNN_TANH;
    }

    /**
     * {@code torch.nn.LSTM/GRU/RNN(...)(x, h0[, c0])} with the parameters given as inputs: x, the
     * initial states (absent, or h0 and for the LSTM c0), then per layer and direction weight_ih,
     * weight_hh[, bias_ih, bias_hh]. Layer and direction counts come from the attributes; the number
     * of states from the argument count.
     */
    private static Map<String, Tensor> recurrent(GoldenCase c, RecurrentMode mode) {
        int layers = c.has("num_layers") ? c.intAttr("num_layers") : 1;
        boolean bidirectional = c.has("bidirectional") && c.boolAttr("bidirectional");
        boolean bias = !c.has("bias") || c.boolAttr("bias");
        boolean batchFirst = c.has("batch_first") && c.boolAttr("batch_first");
        if (c.has("proj_size") && c.intAttr("proj_size") != 0) {
            throw new UnsupportedOperationException(c.id() + ": LSTM proj_size is not supported");
        }
        int weightCount = layers * (bidirectional ? 2 : 1) * (bias ? 4 : 2);
        int states = c.argCount() - 1 - weightCount;
        int stateArgs = mode.hasCellState() ? 2 : 1;
        if (states != 0 && states != stateArgs) {
            throw new IllegalArgumentException(c.id() + ": " + c.argCount() + " arguments do not fit " + weightCount
                    + " weights plus " + stateArgs + " states");
        }
        Tensor x = c.arg(0);
        Tensor h0 = states > 0 ? c.arg(1) : null;
        Tensor c0 = states > 1 ? c.arg(2) : null;
        List<Tensor> weights = new java.util.ArrayList<>();
        for (int i = 1 + states; i < c.argCount(); i++) weights.add(c.arg(i));
        int hidden = c.has("hidden_size") ? c.intAttr("hidden_size") : weights.get(1).size(1);
        int inputSize = c.has("input_size") ? c.intAttr("input_size") : weights.get(0).size(1);
        RecurrentOptions o = new RecurrentOptions(inputSize, hidden, layers, bias, batchFirst,
                c.has("dropout") ? c.doubleAttr("dropout") : 0, bidirectional);
        List<String> names = c.outputStems();
        Map<String, Tensor> out = new HashMap<>();
        if (mode == RecurrentMode.LSTM) {
            LstmOutput r = RnnFunctional.lstm(x, h0, c0, weights, o);
            out.put(names.get(0), r.output());
            if (names.size() > 1) out.put(names.get(1), r.hN());
            if (names.size() > 2) out.put(names.get(2), r.cN());
        } else {
            RnnOutput r = mode == RecurrentMode.GRU ? RnnFunctional.gru(x, h0, weights, o) : RnnFunctional.rnn(mode, x, h0, weights, o);
            out.put(names.get(0), r.output());
            if (names.size() > 1) out.put(names.get(1), r.hN());
        }
        return out;
    }
}
