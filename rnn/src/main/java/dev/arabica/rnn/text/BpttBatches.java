package dev.arabica.rnn.text;

import dev.arabica.core.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Truncated backpropagation-through-time batches of one long token sequence, as char-rnn and
 * PyTorch's {@code word_language_model} do it: the corpus of {@code n} tokens is cut into
 * {@code batchSize} contiguous streams of {@code m = floor(n / batchSize)} tokens (row {@code b} is
 * tokens {@code [b*m, (b+1)*m)}; the remainder is dropped), and the streams are read in order in
 * chunks of {@code seqLen} steps:
 * <pre>
 *   chunk c:  inputs[b][t]  = stream_b[c*seqLen + t]
 *             targets[b][t] = stream_b[c*seqLen + t + 1]       t &lt; min(seqLen, m - 1 - c*seqLen)
 * </pre>
 * Row {@code b} of chunk {@code c + 1} continues row {@code b} of chunk {@code c}, so a recurrent
 * model carries its state from one chunk to the next (detach it in between with
 * {@link States#detach}, which truncates the gradient). The last chunk is shorter unless
 * {@code dropLast}. Inputs and targets are int64 {@code [batchSize, len]} (batch first); one-hot
 * encode with {@link CharVocabulary#oneHot(Tensor)} if the model wants that.
 */
public final class BpttBatches implements Iterable<BpttBatches.Chunk> {
    /** One chunk: int64 inputs and targets {@code [batchSize, len]}; {@code index} counts from 0. */
    public record Chunk(int index, Tensor inputs, Tensor targets) {}

    private final int[] tokens;
    private final int batchSize;
    private final int seqLen;
    private final int streamLength;
    private final boolean dropLast;

    /**
     * @throws IllegalArgumentException if a size is not positive or the corpus is too short for one
     *     input-target pair per stream
     */
    public BpttBatches(int[] tokens, int batchSize, int seqLen, boolean dropLast) {
        if (batchSize <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("BpttBatches: batchSize and seqLen must be positive, got " + batchSize + ", " + seqLen);
        }
        int m = tokens.length / batchSize;
        if (m < 2) {
            throw new IllegalArgumentException("BpttBatches: " + tokens.length + " tokens are too few for " + batchSize
                    + " streams (each needs at least 2 tokens)");
        }
        this.tokens = tokens.clone();
        this.batchSize = batchSize;
        this.seqLen = seqLen;
        this.streamLength = m;
        this.dropLast = dropLast;
    }

    /** Length of each stream ({@code floor(n / batchSize)}). */
    public int streamLength() {
        return streamLength;
    }

    /** Number of chunks per pass over the corpus. */
    public int size() {
        int steps = streamLength - 1;
        return dropLast ? steps / seqLen : (steps + seqLen - 1) / seqLen;
    }

    /** Chunk {@code c}. */
    public Chunk get(int c) {
        if (c < 0 || c >= size()) throw new IndexOutOfBoundsException("BpttBatches: chunk " + c + " out of range for " + size());
        int start = c * seqLen;
        int len = Math.min(seqLen, streamLength - 1 - start);
        long[] in = new long[batchSize * len], out = new long[batchSize * len];
        for (int b = 0; b < batchSize; b++) {
            int base = b * streamLength + start;
            for (int t = 0; t < len; t++) {
                in[b * len + t] = tokens[base + t];
                out[b * len + t] = tokens[base + t + 1];
            }
        }
        return new Chunk(c, Tensor.wrapLongs(in, batchSize, len), Tensor.wrapLongs(out, batchSize, len));
    }

    /** Every chunk, in order. */
    public List<Chunk> chunks() {
        List<Chunk> list = new ArrayList<>();
        for (Chunk c : this) list.add(c);
        return list;
    }

    @Override
    public Iterator<Chunk> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public Chunk next() {
                if (!hasNext()) throw new NoSuchElementException();
                return get(next++);
            }
        };
    }
}
