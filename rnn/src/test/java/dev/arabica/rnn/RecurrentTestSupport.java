package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Random weights and inputs for the recurrent tests. */
final class RecurrentTestSupport {
    private RecurrentTestSupport() {}

    /** Flat weights (PyTorch order) for {@code options}, uniform in [-0.6, 0.6), requiring grad. */
    static List<Tensor> weights(RecurrentMode mode, RecurrentOptions o, Generator gen) {
        List<Tensor> w = new ArrayList<>();
        int gw = mode.gates() * o.hiddenSize();
        for (int layer = 0; layer < o.numLayers(); layer++) {
            for (int d = 0; d < o.directions(); d++) {
                w.add(Tensor.uniform(gen, -0.6f, 0.6f, gw, o.layerInputSize(layer)).requiresGrad_(true));
                w.add(Tensor.uniform(gen, -0.6f, 0.6f, gw, o.hiddenSize()).requiresGrad_(true));
                if (o.bias()) {
                    w.add(Tensor.uniform(gen, -0.6f, 0.6f, gw).requiresGrad_(true));
                    w.add(Tensor.uniform(gen, -0.6f, 0.6f, gw).requiresGrad_(true));
                }
            }
        }
        return w;
    }

    /** Runs any mode through the functional API: {@code {output, h_n, c_n or null}}. */
    static Tensor[] run(RecurrentMode mode, Tensor x, Tensor h0, Tensor c0, List<Tensor> w, RecurrentOptions o,
                        int[] lengths) {
        return switch (mode) {
            case LSTM -> {
                LstmOutput r = RnnFunctional.lstm(x, h0, c0, w, o, lengths, false, null);
                yield new Tensor[] {r.output(), r.hN(), r.cN()};
            }
            case GRU -> {
                RnnOutput r = RnnFunctional.gru(x, h0, w, o, lengths, false, null);
                yield new Tensor[] {r.output(), r.hN(), null};
            }
            default -> {
                RnnOutput r = RnnFunctional.rnn(mode, x, h0, w, o, lengths, false, null);
                yield new Tensor[] {r.output(), r.hN(), null};
            }
        };
    }

    /** All outputs flattened into one vector (for GradCheck). */
    static Tensor flat(Tensor... outputs) {
        List<Tensor> parts = new ArrayList<>();
        for (Tensor t : outputs) if (t != null) parts.add(t.reshape(-1));
        return Tensor.cat(parts, 0);
    }

    static Tensor input(Generator gen, RecurrentOptions o, int steps, int batch) {
        return o.batchFirst() ? Tensor.uniform(gen, -1f, 1f, batch, steps, o.inputSize())
                : Tensor.uniform(gen, -1f, 1f, steps, batch, o.inputSize());
    }
}
