package dev.arabica.rnn.attention;

import dev.arabica.core.DType;
import dev.arabica.core.Generator;
import dev.arabica.core.Shape;
import dev.arabica.core.Tensor;
import dev.arabica.nn.Dropout;
import dev.arabica.nn.Module;

/**
 * Sinusoidal positional encoding ("Attention Is All You Need", the PyTorch tutorial's
 * {@code PositionalEncoding} and the course's {@code positional_encoding}): adds
 * <pre>
 *   PE[pos, 2i]     = sin(pos / 10000^(2i / dModel))
 *   PE[pos, 2i + 1] = cos(pos / 10000^(2i / dModel))
 * </pre>
 * to the input, then applies dropout (training mode only).
 *
 * <p>Shapes: {@code [L, B, dModel]} (sequence first, as the PyTorch tutorial), {@code [B, L, dModel]}
 * with {@code batchFirst}, or {@code [L, dModel]}; {@code L <= maxLen}. The table is the buffer
 * {@code pe} of shape {@code [maxLen, 1, dModel]}, the tutorial's layout and name, computed the way
 * PyTorch computes it in float32 ({@code div_term = exp(2i * (-ln(10000) / dModel))}, then
 * {@code sin(pos * div_term)} with a float32 product), so it matches the tutorial's buffer to an
 * ulp. An odd {@code dModel} is allowed (its last column is a sine; the tutorial's code rejects it).
 */
public class PositionalEncoding extends Module {
    private final int dModel;
    private final int maxLen;
    private final boolean batchFirst;
    private final Tensor pe;
    private final Dropout dropout;

    /** As {@link #PositionalEncoding(int, double, int, boolean, Generator)}, drawing from {@link Generator#defaultGenerator()}. */
    public PositionalEncoding(int dModel, double dropout, int maxLen, boolean batchFirst) {
        this(dModel, dropout, maxLen, batchFirst, Generator.defaultGenerator());
    }

    /**
     * @param dropout probability in [0, 1) (the tutorial uses 0.1)
     * @param maxLen the longest sequence (the tutorial uses 5000)
     * @param gen seeds the dropout generator
     */
    public PositionalEncoding(int dModel, double dropout, int maxLen, boolean batchFirst, Generator gen) {
        if (dModel <= 0 || maxLen <= 0) {
            throw new IllegalArgumentException("PositionalEncoding: dModel and maxLen must be positive, got " + dModel + ", " + maxLen);
        }
        if (gen == null) throw new IllegalArgumentException("PositionalEncoding: generator must not be null");
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        this.pe = registerBuffer("pe", Tensor.wrap(table(maxLen, dModel), maxLen, 1, dModel));
        this.dropout = registerModule("dropout", new Dropout(dropout, new Generator(gen.nextLong())));
    }

    /** The encoding table {@code [maxLen, dModel]} as float32 values in C order. */
    public static float[] table(int maxLen, int dModel) {
        float[] out = new float[maxLen * dModel];
        float factor = (float) (-Math.log(10000.0) / dModel);
        for (int i = 0; i < dModel; i += 2) {
            float divTerm = (float) Math.exp((float) i * factor);
            for (int pos = 0; pos < maxLen; pos++) {
                float angle = pos * divTerm;
                out[pos * dModel + i] = (float) Math.sin(angle);
                if (i + 1 < dModel) out[pos * dModel + i + 1] = (float) Math.cos(angle);
            }
        }
        return out;
    }

    /** {@code dropout(x + PE[:L])}; see the class comment for the shapes. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dtype() != DType.FLOAT32 || (x.dim() != 2 && x.dim() != 3) || x.size(x.dim() - 1) != dModel) {
            throw new IllegalArgumentException("PositionalEncoding: input must be float32 " + (batchFirst ? "[B, L, " : "[L, B, ")
                    + dModel + "] or [L, " + dModel + "], got " + x.dtype() + " " + Shape.format(x.shape()));
        }
        int seqDim = x.dim() == 3 && batchFirst ? 1 : 0;
        int len = x.size(seqDim);
        if (len > maxLen) {
            throw new IllegalArgumentException("PositionalEncoding: sequence length " + len + " exceeds maxLen " + maxLen
                    + " (input " + Shape.format(x.shape()) + ")");
        }
        Tensor table = pe.slice(0, 0, len);                       // [L, 1, dModel]
        if (x.dim() == 2) table = table.squeeze(1);              // [L, dModel]
        else if (batchFirst) table = table.transpose(0, 1);      // [1, L, dModel]
        return dropout.forward(x.add(table));
    }

    /** The buffer {@code pe} {@code [maxLen, 1, dModel]}. */
    public Tensor pe() {
        return pe;
    }

    @Override
    protected String extraRepr() {
        return "dModel=" + dModel + ", maxLen=" + maxLen + ", batchFirst=" + batchFirst;
    }
}
