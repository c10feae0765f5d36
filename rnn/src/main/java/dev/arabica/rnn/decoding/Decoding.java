package dev.arabica.rnn.decoding;

import dev.arabica.core.Generator;
import dev.arabica.core.Tensor;
import java.util.Arrays;

/**
 * Greedy decoding and sampling for any {@link StepModel}. Both feed the start token first, then
 * each chosen token, until the end token is chosen (it is included in the result) or
 * {@code maxLength} tokens have been generated. Log-probabilities are those of the model's
 * softmax (computed in double).
 */
public final class Decoding {
    private Decoding() {}

    /** At each step the most probable token (the lowest index on ties). */
    public static <S> Hypothesis greedy(StepModel<S> model, S initialState, int startToken, int endToken, int maxLength) {
        checkLength(maxLength);
        S state = initialState;
        int token = startToken;
        int[] out = new int[maxLength];
        int n = 0;
        double logP = 0;
        boolean finished = false;
        while (n < maxLength) {
            StepModel.Step<S> step = model.step(state, token);
            double[] lp = logSoftmax(logits(step));
            token = argmax(lp);
            logP += lp[token];
            out[n++] = token;
            state = step.state();
            if (token == endToken) {
                finished = true;
                break;
            }
        }
        return new Hypothesis(Arrays.copyOf(out, n), logP, logP, finished);
    }

    /** As {@link #sample(StepModel, Object, int, int, int, double, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static <S> Hypothesis sample(StepModel<S> model, S initialState, int startToken, int endToken, int maxLength, double temperature, int topK) {
        return sample(model, initialState, startToken, endToken, maxLength, temperature, topK, Generator.defaultGenerator());
    }

    /**
     * Samples each token from {@code softmax(logits / temperature)} restricted to the {@code topK}
     * most probable tokens (renormalised; {@code topK <= 0} = all tokens), drawing one
     * {@code generator.nextDouble()} per token: the same seed gives the same sequence. The returned
     * log-probability is under the model's own (untempered, untruncated) softmax.
     */
    public static <S> Hypothesis sample(StepModel<S> model, S initialState, int startToken, int endToken, int maxLength,
                                        double temperature, int topK, Generator generator) {
        checkLength(maxLength);
        S state = initialState;
        int token = startToken;
        int[] out = new int[maxLength];
        int n = 0;
        double logP = 0;
        boolean finished = false;
        while (n < maxLength) {
            StepModel.Step<S> step = model.step(state, token);
            float[] logits = logits(step);
            token = sampleToken(logits, temperature, topK, generator);
            logP += logSoftmax(logits)[token];
            out[n++] = token;
            state = step.state();
            if (token == endToken) {
                finished = true;
                break;
            }
        }
        return new Hypothesis(Arrays.copyOf(out, n), logP, logP, finished);
    }

    /** As {@link #sampleToken(float[], double, int, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public static int sampleToken(float[] logits, double temperature, int topK) {
        return sampleToken(logits, temperature, topK, Generator.defaultGenerator());
    }

    /**
     * One token from {@code softmax(logits / temperature)} over the {@code topK} largest logits
     * (ties at the cut: lower indices first; {@code topK <= 0} or {@code >= V}: all), by inverse
     * transform sampling with one {@code generator.nextDouble()}.
     *
     * @throws IllegalArgumentException unless {@code temperature > 0} and the logits are non-empty
     */
    public static int sampleToken(float[] logits, double temperature, int topK, Generator generator) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("sampleToken: temperature must be positive and finite, got " + temperature
                    + " (use greedy decoding for temperature 0)");
        }
        if (logits.length == 0) throw new IllegalArgumentException("sampleToken: no logits");
        int v = logits.length;
        boolean[] keep = new boolean[v];
        if (topK <= 0 || topK >= v) {
            Arrays.fill(keep, true);
        } else {
            Integer[] order = new Integer[v];
            for (int i = 0; i < v; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
            for (int i = 0; i < topK; i++) keep[order[i]] = true;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) if (keep[i]) max = Math.max(max, logits[i] / temperature);
        double[] p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            if (keep[i]) {
                p[i] = Math.exp(logits[i] / temperature - max);
                sum += p[i];
            }
        }
        double u = generator.nextDouble() * sum, acc = 0;
        int last = -1;
        for (int i = 0; i < v; i++) {
            if (p[i] == 0) continue;
            acc += p[i];
            last = i;
            if (u < acc) return i;
        }
        return last; // u rounded up to sum
    }

    // ------------------------------------------------------------------ helpers

    static float[] logits(StepModel.Step<?> step) {
        Tensor t = step.logits();
        if (t == null || t.numel() == 0) throw new IllegalArgumentException("decoding: the model returned no logits");
        return t.toFloatArray();
    }

    /** log softmax in double. */
    static double[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) max = Math.max(max, x);
        double sum = 0;
        for (float x : logits) sum += Math.exp(x - max);
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) out[i] = logits[i] - lse;
        return out;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    static void checkLength(int maxLength) {
        if (maxLength <= 0) throw new IllegalArgumentException("decoding: maxLength must be positive, got " + maxLength);
    }
}
