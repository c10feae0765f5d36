package dev.arabica.examples.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.LayerNorm;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.nn.Module;
import dev.arabica.optim.Adam;
import dev.arabica.rnn.Embedding;
import dev.arabica.rnn.LSTM;
import dev.arabica.rnn.LstmOutput;
import dev.arabica.rnn.RecurrentOptions;
import dev.arabica.rnn.attention.AttentionMask;
import dev.arabica.rnn.text.CharVocabulary;
import dev.arabica.rnn.transformer.TransformerEncoder;
import dev.arabica.rnn.transformer.TransformerEncoderLayer;
import dev.arabica.rnn.transformer.TransformerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The samples of docs/rnn.md, run. */
class DocSamplesRnnTest {
    final Generator gen = new Generator(0);

    @Test
    void lstm() {
        LSTM lstm = new LSTM(RecurrentOptions.of(10, 32).withNumLayers(2).withBatchFirst(true), gen);
        Tensor x = Tensor.randn(gen, 4, 15, 10);                         // [batch, steps, features]
        LstmOutput out = lstm.forward(x, null, null);                    // zero initial states
        Tensor everyStep = out.output();                                 // [4, 15, 32]: the last layer's h_t
        Tensor last = out.hN();                                          // [2, 4, 32]: each layer's h_T
        LstmOutput shorter = lstm.forward(x, null, null, new int[] {15, 9, 3, 12}); // variable lengths
        // --- end of sample
        assertArrayEquals(new int[] {4, 15, 32}, everyStep.shape());
        assertArrayEquals(new int[] {2, 4, 32}, last.shape());
        assertEquals(0f, shorter.output().select(0, 2).slice(0, 3, 15).abs().sum().item()); // padded steps output zeros
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"),
                List.copyOf(lstm.stateDict().keySet()).subList(0, 4));
    }

    /** Embeds tokens, runs an LSTM over them and classifies the last hidden state. */
    static final class SequenceClassifier extends Module {
        private final Embedding embedding;
        private final LSTM lstm;
        private final Linear head;

        SequenceClassifier(int vocabulary, int dim, int hidden, int classes, Generator gen) {
            embedding = registerModule("embedding", new Embedding(vocabulary, dim, gen));
            lstm = registerModule("lstm", new LSTM(RecurrentOptions.of(dim, hidden).withBatchFirst(true), gen));
            head = registerModule("head", new Linear(hidden, classes, gen));
        }

        @Override
        public Tensor forward(Tensor tokens) {                           // int64 [batch, steps]
            LstmOutput out = lstm.forward(embedding.forward(tokens), null, null);
            return head.forward(out.hN().select(0, 0));                  // [batch, classes]
        }
    }

    @Test
    void classifier() {
        SequenceClassifier model = new SequenceClassifier(100, 16, 32, 2, gen);
        Tensor tokens = Tensor.randint(gen, 0, 100, 8, 12);              // 8 sequences of 12 tokens
        Tensor labels = Tensor.randint(gen, 0, 2, 8);
        Adam optimizer = new Adam(model.parameters(), 1e-2);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++) {
            optimizer.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(tokens), labels);
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item();
            last = loss.item();
        }
        // --- end of sample
        assertTrue(last < first * 0.5, first + " -> " + last);
    }

    @Test
    void transformer() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(64, 4,
                TransformerOptions.defaults().withDimFeedforward(128).withBatchFirst(true), gen);
        TransformerEncoder encoder = new TransformerEncoder(layer, 2, new LayerNorm(64), gen);
        Tensor x = Tensor.randn(gen, 8, 20, 64);                         // [batch, steps, dModel]
        Tensor encoded = encoder.forward(x, AttentionMask.causalMask()); // step t sees steps <= t: [8, 20, 64]
        // --- end of sample
        assertArrayEquals(new int[] {8, 20, 64}, encoded.shape());
    }

    @Test
    void characters() {
        CharVocabulary vocab = CharVocabulary.of("hello, world");
        Tensor ids = vocab.encodeTensor("hold");                         // int64 [4]
        Tensor oneHot = vocab.oneHot(ids);                               // [4, vocab.size()]
        String text = vocab.decode(vocab.encode("word"));                // "word"
        // --- end of sample
        assertArrayEquals(new int[] {4, vocab.size()}, oneHot.shape());
        assertEquals("word", text);
    }
}
