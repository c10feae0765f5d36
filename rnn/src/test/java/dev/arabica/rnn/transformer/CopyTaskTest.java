package dev.arabica.rnn.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.optim.Adam;
import dev.arabica.rnn.Embedding;
import dev.arabica.rnn.attention.AttentionMask;
import dev.arabica.rnn.attention.PositionalEncoding;
import dev.arabica.rnn.decoding.Decoding;
import dev.arabica.rnn.decoding.Hypothesis;
import dev.arabica.rnn.decoding.StepModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end: embedding + positional encoding + a one-layer {@link Transformer} + linear head learn
 * to copy a sequence of digits with Adam (teacher forcing, causal target mask), then greedy
 * decoding through {@link StepModel#ofPrefix} reproduces unseen inputs.
 */
class CopyTaskTest {
    static final int START = 0, END = 1, DIGITS = 10, VOCAB = 2 + DIGITS, LEN = 5, D = 32;

    @Test
    void learnsToCopyAndGreedyDecodingReproducesTheInput() {
        Generator g = new Generator(2024);
        Embedding embed = new Embedding(VOCAB, D, g);
        PositionalEncoding pos = new PositionalEncoding(D, 0.0, 16, true, g);
        Transformer tr = new Transformer(D, 4, 1, 1, TransformerOptions.defaults().withDimFeedforward(64).withDropout(0.0)
                .withBatchFirst(true), g);
        Linear head = new Linear(D, VOCAB, g);
        List<Tensor> params = new ArrayList<>(embed.parameters());
        params.addAll(tr.parameters());
        params.addAll(head.parameters());
        Adam adam = new Adam(params, Adam.Options.lr(3e-3));
        int batch = 32;
        float loss = Float.NaN;
        for (int step = 0; step < 200; step++) {
            long[] src = new long[batch * LEN], tgtIn = new long[batch * (LEN + 1)], tgtOut = new long[batch * (LEN + 1)];
            for (int b = 0; b < batch; b++) {
                tgtIn[b * (LEN + 1)] = START;
                for (int t = 0; t < LEN; t++) {
                    long digit = 2 + g.nextInt(DIGITS);
                    src[b * LEN + t] = digit;
                    tgtIn[b * (LEN + 1) + t + 1] = digit;
                    tgtOut[b * (LEN + 1) + t] = digit;
                }
                tgtOut[b * (LEN + 1) + LEN] = END;
            }
            Tensor memory = tr.encode(pos.forward(embed.forward(Tensor.wrapLongs(src, batch, LEN))), AttentionMask.NONE);
            Tensor out = tr.decode(pos.forward(embed.forward(Tensor.wrapLongs(tgtIn, batch, LEN + 1))), memory,
                    AttentionMask.causalMask(), AttentionMask.NONE);
            Tensor logits = head.forward(out).reshape(batch * (LEN + 1), VOCAB);
            Tensor l = Losses.crossEntropy(logits, Tensor.wrapLongs(tgtOut, batch * (LEN + 1)));
            adam.zeroGrad();
            l.backward();
            adam.step();
            loss = l.item();
        }
        // Uniform guessing costs ln 12 = 2.48 nats per token; a model that copies is near 0.
        assertTrue(loss < 0.1, "final training loss " + loss);

        int correct = 0;
        Generator test = new Generator(7);
        try (var scope = GradMode.noGrad()) {
            for (int n = 0; n < 20; n++) {
                int[] digits = new int[LEN];
                long[] src = new long[LEN];
                for (int t = 0; t < LEN; t++) {
                    digits[t] = 2 + test.nextInt(DIGITS);
                    src[t] = digits[t];
                }
                Tensor memory = tr.encode(pos.forward(embed.forward(Tensor.wrapLongs(src, 1, LEN))), AttentionMask.NONE);
                StepModel<int[]> model = StepModel.ofPrefix(prefix -> {
                    Tensor x = pos.forward(embed.forward(Tensor.ofInts(prefix, 1, prefix.length)));
                    Tensor o = tr.decode(x, memory, AttentionMask.causalMask(), AttentionMask.NONE);
                    return head.forward(o.select(1, prefix.length - 1));
                });
                Hypothesis h = Decoding.greedy(model, new int[0], START, END, LEN + 3);
                int[] expected = java.util.Arrays.copyOf(digits, LEN + 1);
                expected[LEN] = END;
                if (java.util.Arrays.equals(expected, h.tokens())) correct++;
                if (n == 0) assertArrayEquals(expected, h.tokens());
            }
        }
        assertTrue(correct >= 18, correct + " of 20 copied exactly");
    }
}
