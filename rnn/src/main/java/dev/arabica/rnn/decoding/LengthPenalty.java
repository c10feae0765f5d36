package dev.arabica.rnn.decoding;

/**
 * How beam search compares hypotheses of different lengths: a score computed from the
 * log-probability {@code logP} and the number of generated tokens {@code T} (including the end
 * token). Without normalisation, short outputs win because every token lowers {@code logP}.
 */
@FunctionalInterface
public interface LengthPenalty {
    double score(double logProbability, int length);

    /** {@code logP}: no normalisation. */
    static LengthPenalty none() {
        return (logP, length) -> logP;
    }

    /**
     * The course's normalisation {@code logP / T^alpha} (alpha = 0: none; 1: mean log-probability per
     * token; the course suggests about 0.7).
     */
    static LengthPenalty power(double alpha) {
        check(alpha);
        return (logP, length) -> logP / Math.pow(length, alpha);
    }

    /** GNMT's (Wu et al. 2016) {@code logP / ((5 + T) / 6)^alpha}. */
    static LengthPenalty gnmt(double alpha) {
        check(alpha);
        return (logP, length) -> logP / Math.pow((5.0 + length) / 6.0, alpha);
    }

    private static void check(double alpha) {
        if (!(alpha >= 0)) throw new IllegalArgumentException("LengthPenalty: alpha must be >= 0, got " + alpha);
    }
}
