package dev.arabica.rnn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import dev.arabica.rnn.Embedding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading GloVe/word2vec text, similarity, analogies and the course's debiasing on a small file the test writes. */
class WordVectorsTest {
    /** Axis 0 = "gender" (man +, woman -), axis 1 = royalty, axis 2 = fruit. */
    static final String GLOVE = String.join("\n",
            "man 1 0 0.1",
            "woman -1 0 0.1",
            "king 1 1 0",
            "queen -1 1 0",
            "apple 0 0 1",
            "receptionist -0.3 0.2 0.5",
            "actor 0.6 0.3 0.2",
            "actress -0.5 0.3 0.25",
            "") ;

    @TempDir
    Path dir;

    @Test
    void readsGloveAndWord2vecText() throws IOException {
        Path glove = dir.resolve("vectors.txt");
        Files.writeString(glove, GLOVE, StandardCharsets.UTF_8);
        WordVectors wv = WordVectors.read(glove);
        assertEquals(8, wv.size());
        assertEquals(3, wv.dim());
        assertEquals(List.of("man", "woman", "king", "queen", "apple", "receptionist", "actor", "actress"), wv.words());
        assertArrayEquals(new float[] {-1, 1, 0}, wv.vector("queen"));
        Path w2v = dir.resolve("vectors.w2v.txt");
        Files.writeString(w2v, "2 3\nmän 1 2 3\n\nçà\t4 5 6\n", StandardCharsets.UTF_8);
        WordVectors u = WordVectors.read(w2v);
        assertEquals(List.of("män", "çà"), u.words());
        assertArrayEquals(new float[] {4, 5, 6}, u.vector("çà"));
        Files.writeString(w2v, "3 3\nx 1 2 3\n", StandardCharsets.UTF_8);
        var e = assertThrows(IOException.class, () -> WordVectors.read(w2v));
        assertTrue(e.getMessage().contains("declares 3"), e.getMessage());
        Files.writeString(w2v, "x 1 2 3\ny 1 2\n", StandardCharsets.UTF_8);
        var e2 = assertThrows(IOException.class, () -> WordVectors.read(w2v));
        assertTrue(e2.getMessage().contains(":2:"), e2.getMessage());
    }

    @Test
    void becomesAnEmbedding() {
        WordVectors wv = vectors();
        Embedding emb = wv.toEmbedding(true);
        assertFalse(emb.weight().requiresGrad());
        Tensor rows = emb.forward(Tensor.ofInts(new int[] {wv.indexOf("king"), wv.indexOf("apple")}, 2));
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 1}, rows.toFloatArray());
        assertTrue(wv.toEmbedding(false).weight().requiresGrad());
    }

    @Test
    void cosineSimilarityAndAnalogies() {
        WordVectors wv = vectors();
        assertEquals(1.0, WordVectors.cosineSimilarity(new float[] {1, 2}, new float[] {2, 4}), 1e-12);
        assertEquals(-1.0, WordVectors.cosineSimilarity(new float[] {1, 2}, new float[] {-1, -2}), 1e-12);
        assertEquals(0.0, WordVectors.cosineSimilarity(new float[] {1, 0}, new float[] {0, 0}));
        // man . king = 1, |man| = sqrt(1.01), |king| = sqrt(2)
        assertEquals(1 / (Math.sqrt(1.01) * Math.sqrt(2)), wv.similarity("man", "king"), 1e-7);
        assertEquals("queen", wv.analogy("man", "woman", "king"));
        assertEquals("king", wv.analogy("woman", "man", "queen"));
        List<WordVectors.Scored> near = wv.mostSimilar(wv.vector("king"), 2, Set.of("king"));
        assertEquals("actor", near.get(0).word());
        assertThrows(IllegalArgumentException.class, () -> wv.analogy("man", "woman", "dragon"));
    }

    @Test
    void neutralizeRemovesTheBiasComponent() {
        WordVectors wv = vectors();
        float[] g = sub(wv.vector("woman"), wv.vector("man"));        // (-2, 0, 0)
        float[] e = wv.vector("receptionist");
        float[] d = WordVectors.neutralize(e, g);
        assertArrayEquals(new float[] {0f, 0.2f, 0.5f}, d, 1e-7f);      // by hand: the first coordinate is removed
        assertEquals(0.0, WordVectors.cosineSimilarity(d, g), 1e-7);
        wv.setVector("receptionist", d);
        assertArrayEquals(d, wv.vector("receptionist"));
    }

    @Test
    void equalizeMakesThePairSymmetricAroundTheBiasAxis() {
        float[] g = {-2, 0, 0};
        float[] e1 = {0.6f, 0.3f, 0.2f}, e2 = {-0.5f, 0.3f, 0.25f};
        float[][] eq = WordVectors.equalize(e1, e2, g);
        // By hand: mu = (0.05, 0.3, 0.225), mu_B = (0.05, 0, 0), mu_orth = (0, 0.3, 0.225), |mu_orth|^2 = 0.140625,
        // sqrt(1 - 0.140625) = 0.927025...; e1B - mu_B = (0.55, 0, 0), |e1 - mu_orth - mu_B| = |(0.55, 0, -0.025)| = 0.550568
        double s = Math.sqrt(1 - 0.140625);
        assertArrayEquals(new float[] {(float) (s * 0.55 / Math.hypot(0.55, 0.025)), 0.3f, 0.225f}, eq[0], 1e-6f);
        assertArrayEquals(new float[] {(float) (s * -0.55 / Math.hypot(0.55, 0.025)), 0.3f, 0.225f}, eq[1], 1e-6f);
        // After equalizing, a neutral word is equally similar to both.
        float[] neutral = WordVectors.neutralize(new float[] {-0.3f, 0.2f, 0.5f}, g);
        assertEquals(WordVectors.cosineSimilarity(neutral, eq[0]), WordVectors.cosineSimilarity(neutral, eq[1]), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> WordVectors.equalize(e1, e2, new float[3]));
    }

    private static WordVectors vectors() {
        return WordVectors.of(List.of("man", "woman", "king", "queen", "apple", "receptionist", "actor", "actress"), new float[][] {
            {1, 0, 0.1f}, {-1, 0, 0.1f}, {1, 1, 0}, {-1, 1, 0}, {0, 0, 1}, {-0.3f, 0.2f, 0.5f}, {0.6f, 0.3f, 0.2f}, {-0.5f, 0.3f, 0.25f}});
    }

    private static float[] sub(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] - b[i];
        return out;
    }
}
