package dev.arabica.rnn.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BLEU (Papineni et al. 2002) with the definitions of NLTK's {@code nltk.translate.bleu_score}
 * ({@code corpus_bleu}, {@code sentence_bleu}, {@code SmoothingFunction} methods 0-3), on token
 * lists of any type compared with {@code equals}:
 * <pre>
 *   p_n  = sum over sentences of clipped n-gram matches / sum of max(1, hypothesis n-grams)
 *          (clipped: an n-gram counts at most as often as in the reference where it is most frequent)
 *   c    = total hypothesis length;  r = sum of the reference lengths closest to each hypothesis
 *          (ties: the shorter reference)
 *   BP   = 1 if c > r, 0 if c = 0, else exp(1 - r / c)
 *   BLEU = BP * exp(sum_n w_n log p_n)               (default w_n = 1/4 for n = 1..4)
 * </pre>
 * Corpus BLEU pools the counts over all sentences before dividing (it is not the mean of sentence
 * scores); sentence BLEU is corpus BLEU of one sentence. As NLTK: the score is 0 when no unigram
 * matches; without smoothing a zero count at a higher order makes {@code p_n} the smallest normal
 * double ({@code sys.float_info.min}), so the score is about 1e-77, i.e. 0 for practical purposes.
 * Smoothing (Chen and Cherry 2014): {@link Smoothing#EPSILON} (method 1: zero counts become
 * {@code epsilon}), {@link Smoothing#ADD_ONE} (method 2: +1 to numerator and denominator for n >= 2),
 * {@link Smoothing#EXPONENTIAL} (method 3, NIST's geometric sequence, also sacrebleu's default
 * "exp" smoothing: the k-th zero count becomes {@code 1 / 2^k}). Tokenisation is the caller's
 * (sacrebleu's own tokeniser is not reproduced).
 */
public final class Bleu {
    private Bleu() {}

    /** NLTK's smoothing methods 0-3. */
    public enum Smoothing { NONE, EPSILON, ADD_ONE, EXPONENTIAL }

    /**
     * @param weights one weight per n-gram order 1..weights.length (NLTK's default: four times 0.25)
     * @param epsilon the count given to zero matches by {@link Smoothing#EPSILON} (NLTK: 0.1)
     */
    public record Options(double[] weights, Smoothing smoothing, double epsilon) {
        public Options {
            if (weights == null || weights.length == 0) throw new IllegalArgumentException("Bleu: weights must not be empty");
            weights = weights.clone();
            if (smoothing == null) throw new IllegalArgumentException("Bleu: smoothing must not be null");
            if (!(epsilon > 0)) throw new IllegalArgumentException("Bleu: epsilon must be > 0, got " + epsilon);
        }

        /** BLEU-4, uniform weights, no smoothing. */
        public static Options defaults() {
            return new Options(new double[] {0.25, 0.25, 0.25, 0.25}, Smoothing.NONE, 0.1);
        }

        public Options withSmoothing(Smoothing s) {
            return new Options(weights, s, epsilon);
        }

        /** Uniform weights up to order {@code maxOrder} (e.g. 2 for BLEU-2). */
        public Options withMaxOrder(int maxOrder) {
            if (maxOrder <= 0) throw new IllegalArgumentException("Bleu: maxOrder must be positive, got " + maxOrder);
            double[] w = new double[maxOrder];
            Arrays.fill(w, 1.0 / maxOrder);
            return new Options(w, smoothing, epsilon);
        }
    }

    /** Sentence BLEU-4 without smoothing. */
    public static <T> double sentence(List<? extends List<T>> references, List<T> hypothesis) {
        return sentence(references, hypothesis, Options.defaults());
    }

    /** BLEU of one hypothesis against its references. */
    public static <T> double sentence(List<? extends List<T>> references, List<T> hypothesis, Options options) {
        return corpus(List.of(references), List.of(hypothesis), options);
    }

    /** Corpus BLEU-4 without smoothing. */
    public static <T> double corpus(List<? extends List<? extends List<T>>> references, List<? extends List<T>> hypotheses) {
        return corpus(references, hypotheses, Options.defaults());
    }

    /**
     * Corpus BLEU: {@code references.get(i)} are the references of {@code hypotheses.get(i)}.
     *
     * @throws IllegalArgumentException if the counts differ or a hypothesis has no reference
     */
    public static <T> double corpus(List<? extends List<? extends List<T>>> references, List<? extends List<T>> hypotheses,
                                    Options options) {
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException("Bleu: " + hypotheses.size() + " hypotheses but " + references.size()
                    + " reference lists; there must be one list per hypothesis");
        }
        int orders = options.weights().length;
        long[] num = new long[orders], den = new long[orders];
        long hypLength = 0, refLength = 0;
        for (int s = 0; s < hypotheses.size(); s++) {
            List<? extends List<T>> refs = references.get(s);
            if (refs.isEmpty()) throw new IllegalArgumentException("Bleu: hypothesis " + s + " has no reference");
            List<T> hyp = hypotheses.get(s);
            for (int n = 1; n <= orders; n++) {
                long[] p = modifiedPrecision(refs, hyp, n);
                num[n - 1] += p[0];
                den[n - 1] += p[1];
            }
            hypLength += hyp.size();
            refLength += closestReferenceLength(refs, hyp.size());
        }
        double bp = brevityPenalty(refLength, hypLength);
        if (num[0] == 0) return 0;
        double[] p = smooth(num, den, options);
        double sum = 0;
        for (int n = 0; n < orders; n++) {
            if (p[n] > 0) sum += options.weights()[n] * Math.log(p[n]);
        }
        return bp * Math.exp(sum);
    }

    private static double[] smooth(long[] num, long[] den, Options o) {
        int orders = num.length;
        double[] p = new double[orders];
        int k = 1;
        for (int n = 0; n < orders; n++) {
            p[n] = switch (o.smoothing()) {
                case NONE -> num[n] != 0 ? (double) num[n] / den[n] : Double.MIN_NORMAL;
                case EPSILON -> num[n] != 0 ? (double) num[n] / den[n] : o.epsilon() / den[n];
                case ADD_ONE -> n == 0 ? (double) num[n] / den[n] : (num[n] + 1.0) / (den[n] + 1.0);
                case EXPONENTIAL -> num[n] != 0 ? (double) num[n] / den[n] : 1.0 / (Math.pow(2, k++) * den[n]);
            };
        }
        return p;
    }

    /**
     * Clipped n-gram matches and {@code max(1, number of hypothesis n-grams)}: NLTK's
     * {@code modified_precision} as {@code {numerator, denominator}}.
     */
    public static <T> long[] modifiedPrecision(List<? extends List<T>> references, List<T> hypothesis, int n) {
        if (n <= 0) throw new IllegalArgumentException("Bleu: n-gram order must be positive, got " + n);
        Map<List<T>, Integer> counts = ngrams(hypothesis, n);
        Map<List<T>, Integer> maxRef = new HashMap<>();
        for (List<T> ref : references) {
            Map<List<T>, Integer> rc = ngrams(ref, n);
            for (List<T> g : counts.keySet()) maxRef.merge(g, rc.getOrDefault(g, 0), Math::max);
        }
        long matches = 0, total = 0;
        for (Map.Entry<List<T>, Integer> e : counts.entrySet()) {
            matches += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            total += e.getValue();
        }
        return new long[] {matches, Math.max(1, total)};
    }

    /** The length of the reference closest to {@code hypLength} (ties: the shorter one). */
    public static <T> int closestReferenceLength(List<? extends List<T>> references, int hypLength) {
        int best = -1;
        for (List<T> r : references) {
            int len = r.size();
            if (best < 0 || Math.abs(len - hypLength) < Math.abs(best - hypLength)
                    || (Math.abs(len - hypLength) == Math.abs(best - hypLength) && len < best)) {
                best = len;
            }
        }
        return best;
    }

    /** {@code 1} if {@code c > r}, {@code 0} if {@code c == 0}, else {@code exp(1 - r / c)}. */
    public static double brevityPenalty(long referenceLength, long hypothesisLength) {
        if (hypothesisLength > referenceLength) return 1;
        if (hypothesisLength == 0) return 0;
        return Math.exp(1 - (double) referenceLength / hypothesisLength);
    }

    /** Splits on whitespace (a convenience; BLEU scores depend on the tokenisation). */
    public static List<String> tokenize(String text) {
        String t = text.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static <T> Map<List<T>, Integer> ngrams(List<T> tokens, int n) {
        Map<List<T>, Integer> out = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(new ArrayList<>(tokens.subList(i, i + n)), 1, Integer::sum);
        return out;
    }
}
