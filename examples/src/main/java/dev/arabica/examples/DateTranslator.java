package dev.arabica.examples;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Module;
import dev.arabica.rnn.LSTM;
import dev.arabica.rnn.LSTMCell;
import dev.arabica.rnn.LstmState;
import dev.arabica.rnn.RecurrentOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The course's date-translation model with attention: a bidirectional LSTM encoder (32 units each
 * way) reads the one-hot human date {@code x} ({@code Tx = 30} characters) into
 * {@code a = [a_fwd; a_bwd]} ({@code [B, 30, 64]}); then for each of the 10 output characters the
 * course's {@code one_step_attention} weighs the encoder states by the previous decoder state
 * {@code s}:
 * <pre>
 *   e_t'    = tanh(W_a a_t' + W_s s + b)          (the course's Dense(10, tanh) on [a_t'; s])
 *   energy  = relu(w . e_t' + b_e)                 (Dense(1, relu))
 *   alpha   = softmax over t' of energy            ([B, 30])
 *   context = sum_t' alpha_t' a_t'                 ([B, 64])
 * </pre>
 * and a post-attention {@link LSTMCell} of 64 units, fed the context and carrying {@code (s, c)}
 * (zeros at first), emits the character through {@code Linear(64, 11)}. The decoder does not read
 * its previous output, as in the course.
 *
 * <p>Parameters: {@code encoder.*} (PyTorch LSTM names with {@code _reverse}), {@code attn_a}
 * ({@code [10, 64]} with bias), {@code attn_s} ({@code [10, 64]}, no bias: together the course's
 * {@code Dense(10)} over the concatenation), {@code attn_energy} ({@code [1, 10]}),
 * {@code post.*} (LSTMCell), {@code out}.
 */
final class DateTranslator extends Module {
    static final int ENCODER_UNITS = 32, DECODER_UNITS = 64, ATTENTION_UNITS = 10;

    /** Logits {@code [B, 10, 11]} and attention weights {@code [B, 10, 30]} (output step, input position). */
    record Result(Tensor logits, Tensor attention) {}

    private final Tensor oneHotTable = Tensor.eye(DateData.HUMAN_VOCAB);
    private final LSTM encoder;
    private final Linear attnA;
    private final Linear attnS;
    private final Linear attnEnergy;
    private final LSTMCell post;
    private final Linear out;

    DateTranslator(Generator gen) {
        encoder = registerModule("encoder", new LSTM(RecurrentOptions.of(DateData.HUMAN_VOCAB, ENCODER_UNITS)
                .withBidirectional(true).withBatchFirst(true), gen));
        attnA = registerModule("attn_a", new Linear(2 * ENCODER_UNITS, ATTENTION_UNITS, true, gen));
        attnS = registerModule("attn_s", new Linear(DECODER_UNITS, ATTENTION_UNITS, false, gen));
        attnEnergy = registerModule("attn_energy", new Linear(ATTENTION_UNITS, 1, true, gen));
        post = registerModule("post", new LSTMCell(2 * ENCODER_UNITS, DECODER_UNITS, gen));
        out = registerModule("out", new Linear(DECODER_UNITS, DateData.MACHINE_VOCAB, gen));
    }

    /** Logits and attention weights for int64 inputs {@code [B, 30]}. */
    Result run(Tensor x) {
        if (x.dtype() != DType.INT64 || x.dim() != 2 || x.size(1) != DateData.TX) {
            throw new IllegalArgumentException("dates: input must be int64 [B, " + DateData.TX + "], got " + x.dtype() + " " + Shape.format(x.shape()));
        }
        int b = x.size(0);
        Tensor oneHot = oneHotTable.indexSelect(0, x.reshape(-1)).reshape(b, DateData.TX, DateData.HUMAN_VOCAB);
        Tensor a = encoder.forward(oneHot, null, null).output();         // [B, 30, 64]
        Tensor keys = attnA.forward(a);                                   // [B, 30, 10], once for all steps
        LstmState state = null;
        Tensor s = Tensor.zeros(b, DECODER_UNITS);
        List<Tensor> logits = new ArrayList<>(DateData.TY), weights = new ArrayList<>(DateData.TY);
        for (int t = 0; t < DateData.TY; t++) {
            Tensor e = keys.add(attnS.forward(s).unsqueeze(1)).tanh();    // [B, 30, 10]
            Tensor alphas = attnEnergy.forward(e).relu().softmax(1);      // [B, 30, 1]
            Tensor context = alphas.transpose(1, 2).matmul(a).squeeze(1); // [B, 64]
            state = post.forward(context, state);
            s = state.h();
            logits.add(out.forward(s));
            weights.add(alphas.squeeze(2));
        }
        return new Result(Tensor.stack(logits, 1), Tensor.stack(weights, 1));
    }

    /** Logits {@code [B, 10, 11]}. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x).logits();
    }
}
