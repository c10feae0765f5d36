package dev.arabica.rnn.decoding;

import java.util.Arrays;

/**
 * A decoded sequence: the generated tokens (without the start token; ending with the end token
 * if {@code finished}), the sum of their log-probabilities (natural log, under the model's softmax)
 * and the score it was ranked by (the log-probability after length normalisation).
 */
public record Hypothesis(int[] tokens, double logProbability, double score, boolean finished) {
    public Hypothesis {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Number of generated tokens (including the end token). */
    public int length() {
        return tokens.length;
    }

    @Override
    public String toString() {
        return "Hypothesis" + Arrays.toString(tokens) + "(logP=" + logProbability + ", score=" + score + (finished ? "" : ", unfinished") + ")";
    }
}
