package dev.arabica.rnn.text;

import dev.arabica.core.DType;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A character vocabulary: the sorted distinct Unicode code points of a corpus, index {@code i}
 * for the i-th smallest, as the course's {@code chars = sorted(list(set(data)))} (for
 * {@code dinos.txt}: {@code '\n'} = 0, {@code 'a'} = 1, ..., {@code 'z'} = 26). Text is read by code
 * points, so any UTF-8 text works (a character outside the Basic Multilingual Plane is one token,
 * not two UTF-16 chars).
 *
 * <p><b>Unknown characters.</b> By default encoding a character that is not in the vocabulary
 * throws an {@link IllegalArgumentException} naming it and its position. A vocabulary built with
 * an unknown token ({@link #of(CharSequence, int)}) contains that token (added if the corpus lacks
 * it, sorted with the rest) and maps every unknown character to it.
 */
public final class CharVocabulary {
    private final int[] codePoints;                 // index -> code point, ascending
    private final Map<Integer, Integer> indices;    // code point -> index
    private final int unknownIndex;                 // -1 if unknown characters are an error

    private CharVocabulary(TreeSet<Integer> set, int unknown) {
        this.codePoints = set.stream().mapToInt(Integer::intValue).toArray();
        this.indices = new HashMap<>();
        for (int i = 0; i < codePoints.length; i++) indices.put(codePoints[i], i);
        this.unknownIndex = unknown < 0 ? -1 : indices.get(unknown);
    }

    /** The distinct code points of {@code corpus}, sorted; unknown characters are an error. */
    public static CharVocabulary of(CharSequence corpus) {
        TreeSet<Integer> set = new TreeSet<>();
        corpus.codePoints().forEach(set::add);
        return new CharVocabulary(set, -1);
    }

    /** The distinct code points of {@code corpus} plus {@code unknownToken}; unknown characters map to it. */
    public static CharVocabulary of(CharSequence corpus, int unknownToken) {
        if (!Character.isValidCodePoint(unknownToken)) {
            throw new IllegalArgumentException("CharVocabulary: unknown token " + unknownToken + " is not a valid code point");
        }
        TreeSet<Integer> set = new TreeSet<>();
        corpus.codePoints().forEach(set::add);
        set.add(unknownToken);
        return new CharVocabulary(set, unknownToken);
    }

    /** Number of tokens. */
    public int size() {
        return codePoints.length;
    }

    /** The index of a code point. @throws IllegalArgumentException if unknown and there is no unknown token */
    public int index(int codePoint) {
        Integer i = indices.get(codePoint);
        if (i != null) return i;
        if (unknownIndex >= 0) return unknownIndex;
        throw new IllegalArgumentException("CharVocabulary: character " + describe(codePoint) + " is not in the vocabulary of "
                + size() + " characters");
    }

    /** Whether the code point has its own index. */
    public boolean contains(int codePoint) {
        return indices.containsKey(codePoint);
    }

    /** The code point at {@code index}. */
    public int codePoint(int index) {
        if (index < 0 || index >= codePoints.length) {
            throw new IndexOutOfBoundsException("CharVocabulary: index " + index + " out of range for " + size() + " characters");
        }
        return codePoints[index];
    }

    /** The token of an unknown character, or -1 if unknown characters are an error. */
    public int unknownIndex() {
        return unknownIndex;
    }

    /** The indices of the code points of {@code text}, in order. */
    public int[] encode(CharSequence text) {
        int[] cps = text.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            Integer idx = indices.get(cps[i]);
            if (idx != null) {
                out[i] = idx;
            } else if (unknownIndex >= 0) {
                out[i] = unknownIndex;
            } else {
                throw new IllegalArgumentException("CharVocabulary: character " + describe(cps[i]) + " at position " + i
                        + " is not in the vocabulary of " + size() + " characters");
            }
        }
        return out;
    }

    /** {@link #encode} as an int64 tensor {@code [n]}. */
    public Tensor encodeTensor(CharSequence text) {
        int[] idx = encode(text);
        long[] l = new long[idx.length];
        for (int i = 0; i < idx.length; i++) l[i] = idx[i];
        return Tensor.wrapLongs(l, idx.length);
    }

    /** The text of a sequence of indices. */
    public String decode(int[] indices) {
        StringBuilder sb = new StringBuilder(indices.length);
        for (int i : indices) sb.appendCodePoint(codePoint(i));
        return sb.toString();
    }

    /**
     * One-hot encoding: float32 {@code [..., size()]} with a 1 at each index of the int64 tensor
     * {@code indices} (any shape).
     */
    public Tensor oneHot(Tensor indices) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("CharVocabulary.oneHot: indices must be int64, got " + indices.dtype() + " "
                    + Shape.format(indices.shape()));
        }
        long[] idx = indices.toLongArray();
        int v = size();
        float[] out = new float[Math.multiplyExact(idx.length, v)];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= v) {
                throw new IllegalArgumentException("CharVocabulary.oneHot: index " + idx[i] + " at flat position " + i
                        + " out of range for " + v + " characters");
            }
            out[i * v + (int) idx[i]] = 1f;
        }
        int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        shape[indices.dim()] = v;
        return Tensor.wrap(out, shape);
    }

    /** One-hot encoding of a text: {@code [n, size()]}. */
    public Tensor oneHot(CharSequence text) {
        return oneHot(encodeTensor(text));
    }

    private static String describe(int cp) {
        return "'" + new String(Character.toChars(cp)).replace("\n", "\\n") + "' (U+" + String.format("%04X", cp) + ")";
    }

    @Override
    public String toString() {
        return "CharVocabulary(size=" + size() + (unknownIndex >= 0 ? ", unknown=" + unknownIndex : "") + ")";
    }
}
