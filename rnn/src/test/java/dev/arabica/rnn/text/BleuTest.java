package dev.arabica.rnn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** BLEU against values worked out by hand and the examples in NLTK's documentation. */
class BleuTest {
    static final List<String> REF = Bleu.tokenize("the cat is on the mat");
    static final List<String> HYP = Bleu.tokenize("the cat sat on the mat");

    @Test
    void modifiedPrecisionsByHand() {
        // unigrams: the x2, cat, sat, on, mat -> 5 of 6 in the reference; bigrams the-cat, on-the, the-mat -> 3 of 5;
        // trigrams on-the-mat -> 1 of 4; 4-grams none of 3.
        assertArrayEquals(new long[] {5, 6}, Bleu.modifiedPrecision(List.of(REF), HYP, 1));
        assertArrayEquals(new long[] {3, 5}, Bleu.modifiedPrecision(List.of(REF), HYP, 2));
        assertArrayEquals(new long[] {1, 4}, Bleu.modifiedPrecision(List.of(REF), HYP, 3));
        assertArrayEquals(new long[] {0, 3}, Bleu.modifiedPrecision(List.of(REF), HYP, 4));
        // Clipping: "the" seven times counts at most twice (its count in the first reference).
        assertArrayEquals(new long[] {2, 7}, Bleu.modifiedPrecision(List.of(REF, Bleu.tokenize("there is a cat on the mat")),
                Bleu.tokenize("the the the the the the the"), 1));
    }

    @Test
    void sentenceScoresByHand() {
        var o = Bleu.Options.defaults();
        // BLEU-3: (5/6 * 3/5 * 1/4)^(1/3) = 0.125^(1/3) = 0.5, brevity penalty 1 (same length).
        assertEquals(0.5, Bleu.sentence(List.of(REF), HYP, o.withMaxOrder(3)), 1e-12);
        // BLEU-4 without smoothing: the zero 4-gram count becomes the smallest normal double, as NLTK does.
        double p4 = Double.MIN_NORMAL;
        assertEquals(Math.exp(0.25 * (Math.log(5 / 6.0) + Math.log(0.6) + Math.log(0.25) + Math.log(p4))),
                Bleu.sentence(List.of(REF), HYP), 1e-90);
        assertEquals(Math.pow(0.125 * (0.1 / 3), 0.25), Bleu.sentence(List.of(REF), HYP, o.withSmoothing(Bleu.Smoothing.EPSILON)), 1e-12);
        assertEquals(Math.pow(0.125 / 6, 0.25), Bleu.sentence(List.of(REF), HYP, o.withSmoothing(Bleu.Smoothing.EXPONENTIAL)), 1e-12);
        // method 2 adds one to numerator and denominator for n >= 2: 5/6 * 4/6 * 2/5 * 1/4
        assertEquals(Math.pow(5 / 6.0 * 4 / 6.0 * 2 / 5.0 * 1 / 4.0, 0.25),
                Bleu.sentence(List.of(REF), HYP, o.withSmoothing(Bleu.Smoothing.ADD_ONE)), 1e-12);
        // Brevity: "the cat" against 6 tokens: BP = exp(1 - 6/2), both precisions 1 for BLEU-2.
        assertEquals(Math.exp(-2), Bleu.sentence(List.of(REF), Bleu.tokenize("the cat"), o.withMaxOrder(2)), 1e-12);
        assertEquals(1.0, Bleu.sentence(List.of(REF), REF), 1e-12);
        assertEquals(0.0, Bleu.sentence(List.of(REF), Bleu.tokenize("dogs bark")));
        assertEquals(0.0, Bleu.sentence(List.of(REF), List.of()));
    }

    @Test
    void closestReferenceLengthAndBrevityPenalty() {
        List<List<String>> refs = List.of(Bleu.tokenize("a a a a a a a a a a a a a"), Bleu.tokenize("a a a a a a a a a a a"));
        assertEquals(11, Bleu.closestReferenceLength(refs, 12)); // 13 and 11 are equally close: the shorter
        assertEquals(1.0, Bleu.brevityPenalty(11, 12));
        assertEquals(0.8668778997501817, Bleu.brevityPenalty(Bleu.closestReferenceLength(
                List.of(java.util.Collections.nCopies(11, "a"), java.util.Collections.nCopies(8, "a")), 7), 7), 1e-15); // mteval-v13a example in NLTK's docs
    }

    static final List<String> HYP1 = List.of("It", "is", "a", "guide", "to", "action", "which", "ensures", "that", "the",
            "military", "always", "obeys", "the", "commands", "of", "the", "party");
    static final List<String> HYP2 = List.of("It", "is", "to", "insure", "the", "troops", "forever", "hearing", "the",
            "activity", "guidebook", "that", "party", "direct");
    static final List<String> REF1 = List.of("It", "is", "a", "guide", "to", "action", "that", "ensures", "that", "the",
            "military", "will", "forever", "heed", "Party", "commands");
    static final List<String> REF2 = List.of("It", "is", "the", "guiding", "principle", "which", "guarantees", "the",
            "military", "forces", "always", "being", "under", "the", "command", "of", "the", "Party");
    static final List<String> REF3 = List.of("It", "is", "the", "practical", "guide", "for", "the", "army", "always", "to",
            "heed", "the", "directions", "of", "the", "party");

    @Test
    void nltkDocumentationExamples() {
        List<List<String>> refs = List.of(REF1, REF2, REF3);
        assertEquals(17 / 18.0, frac(Bleu.modifiedPrecision(refs, HYP1, 1)), 1e-15);
        assertEquals(8 / 14.0, frac(Bleu.modifiedPrecision(refs, HYP2, 1)), 1e-15);
        assertEquals(0.5882352941176471, frac(Bleu.modifiedPrecision(refs, HYP1, 2)), 1e-15);
        assertEquals(1 / 13.0, frac(Bleu.modifiedPrecision(refs, HYP2, 2)), 1e-15);
        assertEquals(0.5045, Bleu.sentence(refs, HYP1), 1e-4);
        assertEquals(0.0, Bleu.sentence(refs, HYP2), 1e-4);
        assertEquals(0.0370, Bleu.sentence(refs, HYP2, Bleu.Options.defaults().withSmoothing(Bleu.Smoothing.EPSILON)), 1e-4);
        assertEquals(0.3920, Bleu.sentence(refs, HYP1, Bleu.Options.defaults().withMaxOrder(5)), 1e-4);

        List<String> hyp2 = List.of("he", "read", "the", "book", "because", "he", "was", "interested", "in", "world", "history");
        List<String> ref2a = List.of("he", "was", "interested", "in", "world", "history", "because", "he", "read", "the", "book");
        List<List<List<String>>> corpusRefs = List.of(refs, List.of(ref2a));
        assertEquals(0.5920, Bleu.corpus(corpusRefs, List.of(HYP1, hyp2)), 1e-4);
        assertEquals(0.6223, (Bleu.sentence(refs, HYP1) + Bleu.sentence(List.of(ref2a), hyp2)) / 2, 1e-4);
        assertEquals(0.5818, Bleu.corpus(corpusRefs, List.of(HYP1, hyp2),
                new Bleu.Options(new double[] {0.1, 0.3, 0.5, 0.1}, Bleu.Smoothing.NONE, 0.1)), 1e-4);
    }

    @Test
    void corpusPoolsCountsBeforeDividing() {
        // Sentence 1 as above (p1..p3 = 5/6, 3/5, 1/4); sentence 2 identical to its reference "a b c" (3/3, 2/2, 1/1).
        // Pooled: 8/9, 5/7, 2/5; lengths 6 + 3 = 9 on both sides.
        double expected = Math.cbrt(8 / 9.0 * 5 / 7.0 * 2 / 5.0);
        List<String> abc = Bleu.tokenize("a b c");
        assertEquals(expected, Bleu.corpus(List.of(List.of(REF), List.of(abc)), List.of(HYP, abc),
                Bleu.Options.defaults().withMaxOrder(3)), 1e-12);
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> Bleu.corpus(List.of(List.of(REF)), List.of(HYP, HYP)));
        assertThrows(IllegalArgumentException.class, () -> Bleu.sentence(List.of(), HYP));
        assertThrows(IllegalArgumentException.class, () -> Bleu.Options.defaults().withMaxOrder(0));
    }

    private static double frac(long[] p) {
        return (double) p[0] / p[1];
    }
}
