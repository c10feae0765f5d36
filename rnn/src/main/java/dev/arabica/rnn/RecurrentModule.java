package dev.arabica.rnn;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Module;
import dev.arabica.nn.Parameter;
import dev.arabica.nn.init.Init;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share (PyTorch's {@code RNNBase}): the parameters,
 * their names and initialisation, and the forward driver.
 *
 * <p>Parameters, in registration ({@code stateDict}) order, for each layer {@code k} and direction
 * (suffix {@code _reverse} for the backward one): {@code weight_ih_l{k} [G*H, in_k]},
 * {@code weight_hh_l{k} [G*H, H]} and, with bias, {@code bias_ih_l{k} [G*H]},
 * {@code bias_hh_l{k} [G*H]}, where {@code G} is the number of gate blocks ({@link RecurrentMode#gates()})
 * and {@code in_k} is {@code inputSize} for layer 0 and {@code D*H} above. All are drawn from
 * {@code U(-1/sqrt(H), 1/sqrt(H))} in that order, as in PyTorch's {@code reset_parameters}.
 *
 * <p>Dropout between layers (training mode, {@code dropout > 0}, more than one layer) draws its masks
 * from a generator seeded from the constructor's generator ({@link #dropoutGenerator()}).
 */
public abstract sealed class RecurrentModule extends Module permits RNN, LSTM, GRU {
    private final RecurrentMode mode;
    private final RecurrentOptions options;
    private final List<Tensor> flatWeights;
    private final Generator dropoutGenerator;

    RecurrentModule(RecurrentMode mode, RecurrentOptions options, Generator gen) {
        if (options == null) throw new IllegalArgumentException(mode.opName() + ": options must not be null");
        if (gen == null) throw new IllegalArgumentException(mode.opName() + ": generator must not be null");
        this.mode = mode;
        this.options = options;
        int hidden = options.hiddenSize(), gw = mode.gates() * hidden;
        List<Tensor> weights = new ArrayList<>();
        for (int layer = 0; layer < options.numLayers(); layer++) {
            for (int d = 0; d < options.directions(); d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                weights.add(registerParameter("weight_ih" + suffix, Parameter.zeros(gw, options.layerInputSize(layer))));
                weights.add(registerParameter("weight_hh" + suffix, Parameter.zeros(gw, hidden)));
                if (options.bias()) {
                    weights.add(registerParameter("bias_ih" + suffix, Parameter.zeros(gw)));
                    weights.add(registerParameter("bias_hh" + suffix, Parameter.zeros(gw)));
                }
            }
        }
        double bound = 1 / Math.sqrt(hidden);
        for (Tensor w : weights) Init.uniform_(w, -bound, bound, gen);
        this.flatWeights = Collections.unmodifiableList(weights);
        this.dropoutGenerator = options.dropout() > 0 && options.numLayers() > 1 ? new Generator(gen.nextLong()) : null;
    }

    public RecurrentMode mode() {
        return mode;
    }

    public RecurrentOptions options() {
        return options;
    }

    /** The weights in PyTorch's {@code _flat_weights} order (the same tensors as the parameters). */
    public List<Tensor> flatWeights() {
        return flatWeights;
    }

    /** The generator of the dropout masks between layers, or null if there is no such dropout. */
    public Generator dropoutGenerator() {
        return dropoutGenerator;
    }

    /** The weights of one layer and direction: {@code weight_ih, weight_hh[, bias_ih, bias_hh]}. */
    List<Tensor> layerWeights(int layer, boolean reverse) {
        if (layer < 0 || layer >= options.numLayers()) {
            throw new IllegalArgumentException(mode.opName() + ": layer " + layer + " is outside [0, " + options.numLayers() + ")");
        }
        if (reverse && !options.bidirectional()) {
            throw new IllegalArgumentException(mode.opName() + ": no reverse direction (not bidirectional)");
        }
        int per = options.bias() ? 4 : 2;
        int base = (layer * options.directions() + (reverse ? 1 : 0)) * per;
        return flatWeights.subList(base, base + per);
    }

    /** {@code {output, h_n, c_n or null}}. */
    final Tensor[] run(Tensor x, Tensor h0, Tensor c0, int[] lengths) {
        RecurrentOptions o = options;
        if (x != null && (x.dim() == 2 || x.dim() == 3) && x.size(-1) != o.inputSize()) {
            throw new IllegalArgumentException(mode.opName() + ": input of shape " + dev.arabica.core.Shape.format(x.shape())
                    + " has " + x.size(-1) + " features per step, expected inputSize " + o.inputSize());
        }
        return Recurrence.run(mode, x, h0, c0, flatWeights, o.hiddenSize(), o.numLayers(), o.bias(), o.batchFirst(),
                o.dropout(), o.bidirectional(), lengths, isTraining(), dropoutGenerator);
    }

    /** Lengths from a validity mask laid out like the input ({@code [B, T]} with batchFirst, else {@code [T, B]}). */
    final int[] lengths(Tensor x, Tensor mask) {
        if (mask == null) return null;
        if (x == null || x.dim() != 3) {
            throw new IllegalArgumentException(mode.opName() + ": a mask needs a batched 3-D input");
        }
        boolean bf = options.batchFirst();
        int steps = x.size(bf ? 1 : 0), batch = x.size(bf ? 0 : 1);
        return Recurrence.lengthsFromMask(mode.opName(), mask, steps, batch, bf);
    }

    /** The output sequence for zero initial states ({@code output} of the full forward). */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null, null)[0];
    }

    @Override
    protected String extraRepr() {
        RecurrentOptions o = options;
        StringBuilder sb = new StringBuilder().append(o.inputSize()).append(", ").append(o.hiddenSize());
        if (o.numLayers() != 1) sb.append(", numLayers=").append(o.numLayers());
        if (!o.bias()) sb.append(", bias=false");
        if (o.batchFirst()) sb.append(", batchFirst=true");
        if (o.dropout() != 0) sb.append(", dropout=").append(o.dropout());
        if (o.bidirectional()) sb.append(", bidirectional=true");
        return sb.toString();
    }
}
