package dev.arabica.examples;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.rnn.Embedding;
import dev.arabica.rnn.GRU;
import dev.arabica.rnn.LSTM;
import dev.arabica.rnn.LstmOutput;
import dev.arabica.rnn.RecurrentModule;
import dev.arabica.rnn.RecurrentOptions;
import dev.arabica.rnn.RnnOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The char-rnn language model: {@code Embedding(V, E) -> LSTM or GRU (layers x H, batch first) ->
 * Linear(H, V)}, giving next-character logits. Parameter names as the PyTorch module with
 * attributes {@code embedding}, {@code rnn} and {@code head} ({@code embedding.weight},
 * {@code rnn.weight_ih_l0}, ..., {@code head.bias}), so weights move between the two.
 *
 * <p>Shapes: tokens int64 {@code [B, T]}; logits {@code [B, T, V]}; state {@code {h}} (GRU) or
 * {@code {h, c}} (LSTM), each {@code [layers, B, H]}, null for zeros.
 */
final class CharRnnModel extends Module {
    /** The recurrent cell. */
    enum Cell { LSTM, GRU }

    /** The architecture; {@link #metadata} stores it (with the vocabulary) in the weights file. */
    record Config(Cell cell, int vocab, int embedding, int hidden, int layers) {
        Config {
            if (vocab < 1 || embedding < 1 || hidden < 1 || layers < 1) {
                throw new IllegalArgumentException("char-rnn: vocabulary, --embedding, --hidden and --layers must be >= 1, got "
                        + vocab + ", " + embedding + ", " + hidden + ", " + layers);
            }
        }

        Map<String, String> metadata(String vocabulary) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("model", "char-rnn");
            m.put("cell", cell.name().toLowerCase(Locale.ROOT));
            m.put("embedding", Integer.toString(embedding));
            m.put("hidden", Integer.toString(hidden));
            m.put("layers", Integer.toString(layers));
            m.put("vocabulary", vocabulary);
            return m;
        }

        /** The configuration stored by {@link #metadata}. @throws IOException if {@code file}'s metadata is not a char-rnn model's */
        static Config fromMetadata(Path file, Map<String, String> m) throws IOException {
            if (!"char-rnn".equals(m.get("model")) || !m.containsKey("vocabulary")) {
                throw new IOException(file + ": not a char-rnn weights file (its metadata lacks model=char-rnn and the vocabulary)");
            }
            try {
                String vocabulary = m.get("vocabulary");
                return new Config(Cell.valueOf(m.get("cell").toUpperCase(Locale.ROOT)), (int) vocabulary.codePoints().count(),
                        Integer.parseInt(m.get("embedding")), Integer.parseInt(m.get("hidden")), Integer.parseInt(m.get("layers")));
            } catch (RuntimeException e) {
                throw new IOException(file + ": malformed char-rnn metadata " + m.keySet() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Logits {@code [B, T, V]} and the state after the last step. */
    record Output(Tensor logits, Tensor[] state) {}

    private final Config config;
    private final Embedding embedding;
    private final RecurrentModule rnn;
    private final Linear head;

    /** Weights drawn from {@code gen}: the embedding N(0, 1), the rest as PyTorch's defaults; no dropout. */
    CharRnnModel(Config config, Generator gen) {
        this(config, 0, gen);
    }

    /**
     * As {@link #CharRnnModel(Config, Generator)} with {@code dropout} between the recurrent layers
     * in training mode (PyTorch's {@code LSTM(dropout=p)}; the masks are drawn from {@code gen}).
     */
    CharRnnModel(Config config, double dropout, Generator gen) {
        this.config = config;
        this.embedding = registerModule("embedding", new Embedding(config.vocab(), config.embedding(), gen));
        RecurrentOptions options = RecurrentOptions.of(config.embedding(), config.hidden()).withNumLayers(config.layers()).withBatchFirst(true)
                .withDropout(dropout);
        this.rnn = registerModule("rnn", config.cell() == Cell.LSTM ? new LSTM(options, gen) : new GRU(options, gen));
        this.head = registerModule("head", new Linear(config.hidden(), config.vocab(), gen));
    }

    Config config() {
        return config;
    }

    /** The generator of the dropout masks between the recurrent layers, or null without dropout (for checkpoints). */
    Generator dropoutGenerator() {
        return rnn.dropoutGenerator();
    }

    /** Logits and final state for {@code tokens [B, T]} from {@code state} (null: zeros). */
    Output forward(Tensor tokens, Tensor[] state) {
        if (tokens.dtype() != DType.INT64 || tokens.dim() != 2) {
            throw new IllegalArgumentException("char-rnn: tokens must be int64 [B, T], got " + tokens.dtype() + " " + Shape.format(tokens.shape()));
        }
        Tensor x = embedding.forward(tokens);
        Tensor output;
        Tensor[] next;
        if (rnn instanceof LSTM lstm) {
            LstmOutput o = lstm.forward(x, state == null ? null : state[0], state == null ? null : state[1]);
            output = o.output();
            next = new Tensor[] {o.hN(), o.cN()};
        } else {
            RnnOutput o = ((GRU) rnn).forward(x, state == null ? null : state[0]);
            output = o.output();
            next = new Tensor[] {o.hN()};
        }
        return new Output(head.forward(output), next);
    }

    /** Logits from a zero state. */
    @Override
    public Tensor forward(Tensor tokens) {
        return forward(tokens, null).logits();
    }
}
