package dev.arabica.benchmarks;

import dev.arabica.core.GradMode;
import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Linear;
import dev.arabica.nn.Losses;
import dev.arabica.optim.Adam;
import dev.arabica.rnn.CellInference;
import dev.arabica.rnn.GRU;
import dev.arabica.rnn.GRUCell;
import dev.arabica.rnn.LSTM;
import dev.arabica.rnn.LSTMCell;
import dev.arabica.rnn.LstmState;
import dev.arabica.rnn.RecurrentModule;
import dev.arabica.rnn.RecurrentOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * W5 (LSTM) and W6 (GRU), shared by {@code CharRnnBenchmark} (JMH) and the compare workloads: a
 * character-level model over a vocabulary of 65 with one-hot input {@code [batch 32, seq 64, 65]}
 * (batch first), one recurrent layer of 256, {@code Linear(256, 65)} on every step, cross-entropy
 * over all {@code 32 * 64} steps, Adam with lr 2e-3 and full backpropagation through time.
 * {@link #trainStep()} is zero grads + forward + backward + update on a fixed random batch;
 * {@link #sample(int, long)} draws characters one at a time with batch 1 from the model, under
 * {@code GradMode.noGrad()}, with a {@link CellInference} snapshot of the layer's weights taken once
 * (as the PyTorch twin copies them into an {@code LSTMCell} once, outside the timed call) and
 * retaken after a training step. The PyTorch twins are
 * {@code char_rnn_step} and {@code char_rnn_sample} in {@code benchmarks/compare_torch.py}.
 */
public final class CharRnn {
    public static final int VOCAB = 65, HIDDEN = 256, SEQ = 64, BATCH = 32;
    private static final double LEARNING_RATE = 2e-3;

    private final boolean lstm;
    private final RecurrentModule rnn;
    private final Linear head;
    private final Adam optimizer;
    private final Tensor x;       // [BATCH, SEQ, VOCAB] one-hot
    private final Tensor targets; // [BATCH * SEQ] int64
    private CellInference inference; // snapshot of the layer's weights for sampling, or null

    /** @param lstm LSTM (W5) or GRU (W6) */
    public CharRnn(boolean lstm, long seed) {
        Generator gen = new Generator(seed);
        RecurrentOptions options = RecurrentOptions.of(VOCAB, HIDDEN).withBatchFirst(true);
        this.lstm = lstm;
        rnn = lstm ? new LSTM(options, gen) : new GRU(options, gen);
        head = new Linear(HIDDEN, VOCAB, gen);
        List<Tensor> params = new ArrayList<>(rnn.parameters());
        params.addAll(head.parameters());
        optimizer = new Adam(params, Adam.Options.lr(LEARNING_RATE));
        float[] oneHot = new float[BATCH * SEQ * VOCAB];
        for (int i = 0; i < BATCH * SEQ; i++) oneHot[i * VOCAB + gen.nextInt(VOCAB)] = 1f;
        x = Tensor.wrap(oneHot, BATCH, SEQ, VOCAB);
        targets = Tensor.randint(gen, 0, VOCAB, BATCH * SEQ);
    }

    /** One training step; returns the loss before the update. */
    public float trainStep() {
        inference = null;
        optimizer.zeroGrad();
        Tensor logits = head.forward(rnn.forward(x)); // [BATCH, SEQ, VOCAB]
        Tensor loss = Losses.crossEntropy(logits.reshape(BATCH * SEQ, VOCAB), targets);
        loss.backward();
        optimizer.step();
        return loss.item();
    }

    /**
     * {@code count} characters, one step at a time from a zero state, starting after character 0,
     * with {@link CellInference} (the library's sampling path; the snapshot of the weights is taken
     * at the first call after construction or a training step).
     */
    public int[] sample(int count, long seed) {
        Generator gen = new Generator(seed);
        int[] out = new int[count];
        if (inference == null) {
            inference = lstm ? ((LSTM) rnn).cell(0, false).inference() : ((GRU) rnn).cell(0, false).inference();
        }
        CellInference run = inference;
        run.reset();
        try (var scope = GradMode.noGrad()) {
            int previous = 0;
            for (int i = 0; i < count; i++) {
                Tensor input = Tensor.zeros(1, VOCAB);
                input.set(1f, 0, previous);
                float[] p = head.forward(run.step(input)).softmax(1).toFloatArray();
                previous = draw(p, gen.nextFloat());
                out[i] = previous;
            }
        }
        return out;
    }

    /** {@link #sample} with the cell modules' {@code forward} (the general, differentiable step). */
    public int[] sampleWithCell(int count, long seed) {
        Generator gen = new Generator(seed);
        int[] out = new int[count];
        LSTMCell lstmCell = lstm ? ((LSTM) rnn).cell(0, false) : null;
        GRUCell gruCell = lstm ? null : ((GRU) rnn).cell(0, false);
        try (var scope = GradMode.noGrad()) {
            LstmState state = null;
            Tensor h = null;
            int previous = 0;
            for (int i = 0; i < count; i++) {
                Tensor input = Tensor.zeros(1, VOCAB);
                input.set(1f, 0, previous);
                if (lstm) {
                    state = lstmCell.forward(input, state);
                    h = state.h();
                } else {
                    h = gruCell.forward(input, h);
                }
                float[] p = head.forward(h).softmax(1).toFloatArray();
                previous = draw(p, gen.nextFloat());
                out[i] = previous;
            }
        }
        return out;
    }

    /** The first index whose cumulative probability exceeds {@code u} (the last one on round-off). */
    static int draw(float[] p, float u) {
        float cumulative = 0f;
        for (int k = 0; k < p.length; k++) {
            cumulative += p[k];
            if (u < cumulative) return k;
        }
        return p.length - 1;
    }
}
