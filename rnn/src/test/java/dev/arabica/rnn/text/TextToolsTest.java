package dev.arabica.rnn.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arabica.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Character vocabularies, truncated-BPTT batches and state detaching. */
class TextToolsTest {

    @Test
    void vocabularyIsTheSortedDistinctCharacters() {
        CharVocabulary v = CharVocabulary.of("bca\naab\n");
        assertEquals(4, v.size());
        assertEquals('\n', v.codePoint(0));
        assertEquals('a', v.codePoint(1));
        assertArrayEquals(new int[] {2, 3, 1, 0}, v.encode("bca\n"));
        assertEquals("cab\n", v.decode(new int[] {3, 1, 2, 0}));
        // Beyond the Basic Multilingual Plane: one token per code point, and accents are ordinary characters.
        CharVocabulary u = CharVocabulary.of("é😀e");
        assertEquals(3, u.size());
        assertArrayEquals(new int[] {1, 2, 0}, u.encode("é😀e"));
        assertEquals("😀é", u.decode(new int[] {2, 1}));
    }

    @Test
    void unknownCharactersFailOrMapToTheUnknownToken() {
        CharVocabulary strict = CharVocabulary.of("abc");
        var e = assertThrows(IllegalArgumentException.class, () -> strict.encode("abz"));
        assertTrue(e.getMessage().contains("'z'") && e.getMessage().contains("position 2"), e.getMessage());
        assertEquals(-1, strict.unknownIndex());
        CharVocabulary lenient = CharVocabulary.of("abc", '?');
        assertEquals(4, lenient.size());                 // '?' (U+003F) sorts before 'a'
        assertEquals(0, lenient.unknownIndex());
        assertArrayEquals(new int[] {1, 2, 0, 0}, lenient.encode("abzy"));
        assertFalse(lenient.contains('z'));
    }

    @Test
    void oneHotEncoding() {
        CharVocabulary v = CharVocabulary.of("abc");
        Tensor x = v.oneHot("cab");
        assertArrayEquals(new int[] {3, 3}, x.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, x.toFloatArray());
        Tensor batch = v.oneHot(Tensor.ofInts(new int[] {0, 1, 2, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, batch.shape());
        assertEquals(4f, batch.sum().item());
        assertThrows(IllegalArgumentException.class, () -> v.oneHot(Tensor.ofInts(new int[] {3}, 1)));
    }

    @Test
    void bpttBatchesAreContiguousStreamsReadInOrder() {
        int[] tokens = new int[23];
        for (int i = 0; i < tokens.length; i++) tokens[i] = i;
        BpttBatches batches = new BpttBatches(tokens, 3, 3, false);
        assertEquals(7, batches.streamLength());         // 23 / 3; tokens 21 and 22 are dropped
        List<BpttBatches.Chunk> chunks = batches.chunks();
        assertEquals(2, chunks.size());                  // 6 input steps per stream: 3 + 3
        // Row b reads stream b = tokens [7b, 7b + 7), targets shifted by one.
        assertArrayEquals(new long[] {0, 1, 2, 7, 8, 9, 14, 15, 16}, chunks.get(0).inputs().toLongArray());
        assertArrayEquals(new long[] {1, 2, 3, 8, 9, 10, 15, 16, 17}, chunks.get(0).targets().toLongArray());
        assertArrayEquals(new long[] {3, 4, 5, 10, 11, 12, 17, 18, 19}, chunks.get(1).inputs().toLongArray());
        assertArrayEquals(new long[] {4, 5, 6, 11, 12, 13, 18, 19, 20}, chunks.get(1).targets().toLongArray());
        BpttBatches shortLast = new BpttBatches(tokens, 3, 4, false);
        assertEquals(2, shortLast.size());
        assertArrayEquals(new int[] {3, 2}, shortLast.get(1).inputs().shape());
        assertArrayEquals(new long[] {5, 6, 12, 13, 19, 20}, shortLast.get(1).targets().toLongArray());
        assertEquals(1, new BpttBatches(tokens, 3, 4, true).size());
        assertThrows(IllegalArgumentException.class, () -> new BpttBatches(new int[5], 3, 2, false));
        assertThrows(IndexOutOfBoundsException.class, () -> batches.get(2));
    }

    @Test
    void detachKeepsValuesAndCutsTheGraph() {
        Tensor h = Tensor.of(new float[] {1, 2}).requiresGrad_(true);
        Tensor c = h.mul(3f);
        Tensor[] d = States.detach(c, null);
        assertFalse(d[0].requiresGrad());
        assertTrue(d[0].isLeaf());
        assertArrayEquals(c.toFloatArray(), d[0].toFloatArray());
        assertEquals(null, d[1]);
        List<Tensor> l = States.detach(List.of(c));
        assertFalse(l.get(0).requiresGrad());
        assertSame(c.storage(), l.get(0).storage());
    }
}
