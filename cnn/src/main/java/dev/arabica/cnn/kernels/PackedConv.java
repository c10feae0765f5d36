package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.kernels.VectorOps;
import dev.arabica.core.simd.GemmMicroKernel;
import dev.arabica.core.simd.VectorProviders;
import java.util.Arrays;

/**
 * Convolution as a packed (BLIS-style) matrix product whose im2col matrix is never built: patches
 * are gathered straight into the packed panels that the GEMM micro-kernel reads (implicit im2col),
 * and patch gradients are added straight back onto the image (implicit col2im).
 *
 * <p>Per image and group, with {@code M} output channels, {@code K = inPerGroup * kH * kW} taps and
 * the output pixels as the columns of the patch matrix ({@link Columns}):
 * <ul>
 *   <li>{@link #forward}: {@code out[M, P] = W[M, K] x patches[K, P]};</li>
 *   <li>{@link #weightGrad}: {@code dW[M, K] = sum over images of gout[M, P] x patches[K, P]^T},
 *       one product per block of images, their pixels forming the inner dimension;</li>
 *   <li>{@link #inputGrad}: {@code dpatches = W^T[K, M] x gout[M, P]}, added onto the input gradient.</li>
 * </ul>
 *
 * <p>Images that need padding are copied into a zero-padded per-thread buffer first, so that no
 * gathering tests bounds. For stride 1 the columns run along the padded rows ("wide" columns,
 * including the few that straddle a row end, which are computed and dropped), so that each sliver
 * of columns is one contiguous run of the image.
 *
 * <p>Every element of a result is one multiply-add chain per block of the inner dimension (blocks
 * that depend on the sizes only), finished by the micro-kernel's update formula, whichever tile and
 * thread computes it; so the work may be split over threads in any way without changing a bit.
 */
final class PackedConv {
    static final GemmMicroKernel KERNEL = VectorProviders.get().gemmMicroKernel().orElseGet(ScalarMicroKernel::new);
    static final int MR = KERNEL.mr();
    static final int NR = KERNEL.nr();
    /** Inner-dimension values per packed block. */
    static final int KC = 256;
    /** Columns per block, a multiple of {@link #NR}: a packed panel is at most {@code KC x NC} (512 KiB). */
    static final int NC = Math.max(NR, 512 / NR * NR);
    /** Largest block of the patch-gradient matrix kept per thread, in floats (1 MiB). */
    static final int PATCH_GRADIENT_LIMIT = 1 << 18;
    /**
     * Below this many multiply-adds a call stays on the calling thread: waking a pool worker costs
     * 20-50 us, about what 2^18 multiply-adds take.
     */
    static final long PARALLEL_WORK = 1L << 18;
    /** Most image blocks whose weight gradients are summed separately (fixed: results must not depend on threads). */
    static final int MAX_PARTIALS = 4;
    /** Packing a weight matrix goes to the pool from this many values (a copy: about a quarter of a millisecond). */
    static final long PACK_PARALLEL = 1L << 17;
    /** Values per block of a parallel weight packing. */
    static final int PACK_GRAIN = 1 << 14;

    private static final Scratch WEIGHTS = new Scratch();
    private static final Scratch PANEL_A = new Scratch();
    private static final Scratch PANEL_B = new Scratch();
    private static final Scratch BLOCK_C = new Scratch();
    private static final Scratch PADDED = new Scratch();

    private PackedConv() {}

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The size of each block of an inner dimension {@code k}: equal blocks of at most {@link #KC}. */
    static int blockOf(int k) {
        return ceilDiv(k, ceilDiv(k, KC));
    }

    /**
     * An array that the pool threads read during one parallel call: the calling thread's scratch
     * array. Safe because a thread never runs another task while its own parallel call is under way
     * ({@link Parallel} runs a nested or concurrent call inline, on the calling thread), so nothing
     * else on this thread can ask the same scratch while the pool still reads it.
     */
    static float[] shared(int size) {
        return WEIGHTS.floats(size);
    }

    /** How many pieces to cut {@code items} into: one per thread, or one if the call is small. */
    static int pieces(int items, long work) {
        return work < PARALLEL_WORK ? 1 : Math.min(Parallel.threads(), items);
    }

    // ---------------------------------------------------------------- layout of images and columns

    /**
     * Where the convolution reads its images: the input itself, or zero-padded copies. Image
     * {@code n}, channel {@code c}, window row {@code y}, column {@code x} (input coordinates plus the
     * top/left padding) is at {@code n * image + c * plane + y * row + x} from the images' start.
     */
    record Layout(boolean padded, int rows, int cols, int image, int plane, int row) {
        static Layout of(ConvGeometry g) {
            int rows = (g.outHeight() - 1) * g.strideHeight() + g.dilationHeight() * (g.kernelHeight() - 1) + 1;
            int cols = (g.outWidth() - 1) * g.strideWidth() + g.dilationWidth() * (g.kernelWidth() - 1) + 1;
            boolean padded = g.padTop() > 0 || g.padLeft() > 0 || rows > g.inHeight() || cols > g.inWidth();
            if (!padded) return new Layout(false, g.inHeight(), g.inWidth(), g.inChannels() * g.inPlane(), g.inPlane(), g.inWidth());
            return new Layout(true, rows, cols, g.inChannels() * rows * cols, rows * cols, cols);
        }
    }

    /** Copies images {@code [n0, n1)} into {@code dst} in the padded layout (zeros around). */
    static void pad(ConvGeometry g, Layout l, float[] x, int xOff, int n0, int n1, float[] dst) {
        int h = g.inHeight(), w = g.inWidth(), pt = g.padTop(), pl = g.padLeft();
        int rowsIn = Math.max(0, Math.min(h, l.rows() - pt)), colsIn = Math.max(0, Math.min(w, l.cols() - pl));
        int planes = (n1 - n0) * g.inChannels();
        Arrays.fill(dst, 0, planes * l.plane(), 0f);
        for (int p = 0; p < planes; p++) {
            int src = xOff + (n0 * g.inChannels() + p) * g.inPlane(), d = p * l.plane() + pt * l.row() + pl;
            for (int y = 0; y < rowsIn; y++) System.arraycopy(x, src + y * w, dst, d + y * l.row(), colsIn);
        }
    }

    /** Offset of tap {@code r = (c * kH + ki) * kW + kj} from its window's origin. */
    static int[] taps(ConvGeometry g, Layout l) {
        int k = g.patchSize(), kk = g.kernelHeight() * g.kernelWidth();
        int[] off = new int[k];
        for (int r = 0; r < k; r++) {
            int c = r / kk, ki = (r % kk) / g.kernelWidth(), kj = r % g.kernelWidth();
            off[r] = c * l.plane() + ki * g.dilationHeight() * l.row() + kj * g.dilationWidth();
        }
        return off;
    }

    /**
     * The columns of the patch matrix: one per output pixel, or for stride 1, if that adds at most
     * half as many, {@code wide} columns along the image rows ({@code offset[q] == q}). Column
     * {@code q}'s window starts at {@code offset[q]} in the
     * image and gives output pixel {@code target[q]} ({@code oh * outWidth + ow}), or -1 for a wide
     * column that straddles a row end. Per {@code NR}-column sliver {@code s}:
     * <ul>
     *   <li>source runs {@code first[s] .. first[s+1]-1}: {@code length[e]} columns from column
     *       {@code column[e]} of the sliver whose windows start {@code stride} apart from
     *       {@code source[e]};</li>
     *   <li>output runs {@code outFirst[s] .. outFirst[s+1]-1}: {@code outLength[e]} columns from
     *       {@code outColumn[e]} giving consecutive output pixels from {@code outTarget[e]}.</li>
     * </ul>
     */
    record Columns(int count, boolean wide, int stride, int[] offset, int[] target, int[] first, int[] source, int[] column, int[] length,
                   int[] outFirst, int[] outColumn, int[] outTarget, int[] outLength) {

        static Columns of(ConvGeometry g, Layout l) {
            return of(g, l, false);
        }

        /**
         * As {@link #of(ConvGeometry, Layout)}; with {@code direct}, one column per output pixel
         * whenever the product can then be written straight into the output ({@link #direct}).
         */
        static Columns of(ConvGeometry g, Layout l, boolean direct) {
            int outW = g.outWidth(), outH = g.outHeight(), p = g.outPlane(), row = l.row();
            long wideCount = (long) (outH - 1) * row + outW;
            boolean wide = g.strideHeight() == 1 && g.strideWidth() == 1 && 2 * wideCount <= 3L * p
                    && !(direct && direct(g));
            int count = wide ? (int) wideCount : p;
            int[] offset = new int[count], target = new int[count];
            for (int q = 0; q < count; q++) {
                if (wide) {
                    offset[q] = q;
                    target[q] = q % row < outW ? (q / row) * outW + q % row : -1;
                } else {
                    offset[q] = (q / outW) * g.strideHeight() * row + (q % outW) * g.strideWidth();
                    target[q] = q;
                }
            }
            int slivers = ceilDiv(count, NR), stride = wide ? 1 : g.strideWidth();
            int[] first = new int[slivers + 1], source = new int[count], column = new int[count], length = new int[count];
            int[] outFirst = new int[slivers + 1], outColumn = new int[count], outTarget = new int[count], outLength = new int[count];
            int e = 0, f = 0;
            for (int s = 0; s < slivers; s++) {
                first[s] = e;
                outFirst[s] = f;
                for (int q = s * NR; q < Math.min(count, (s + 1) * NR); q++) {
                    if (e > first[s] && source[e - 1] + length[e - 1] * stride == offset[q]) {
                        length[e - 1]++;
                    } else {
                        source[e] = offset[q];
                        column[e] = q - s * NR;
                        length[e++] = 1;
                    }
                    if (target[q] < 0) continue;
                    if (f > outFirst[s] && outTarget[f - 1] + outLength[f - 1] == target[q] && outColumn[f - 1] + outLength[f - 1] == q) {
                        outLength[f - 1]++;
                    } else {
                        outTarget[f] = target[q];
                        outColumn[f] = q;
                        outLength[f++] = 1;
                    }
                }
            }
            first[slivers] = e;
            outFirst[slivers] = f;
            return new Columns(count, wide, stride, offset, target, first, source, column, length, outFirst, outColumn, outTarget, outLength);
        }

        int slivers() {
            return ceilDiv(count, NR);
        }

        /**
         * Whether the forward product can be written straight into the output, tile by tile, with
         * one column per output pixel: whole row slivers ({@code MR} divides the output channels
         * per group) and whole column slivers ({@code NR} divides the pixels), and output rows of at
         * least 16 pixels, so that the columns are gathered in runs about as long as the wide ones.
         * This saves the copy of every result and, for stride 1, the wide columns' extra work.
         */
        static boolean direct(ConvGeometry g) {
            return g.outPerGroup() % MR == 0 && g.outPlane() % NR == 0 && g.outWidth() >= 16;
        }

        /** True if column {@code q} is output pixel {@code q} for every {@code q} (no wide columns). */
        boolean exact() {
            return !wide && count % NR == 0;
        }
    }

    /**
     * Packs taps {@code [k0, k0 + kc)} of column slivers {@code [s0, s1)} of the patch matrix into
     * {@code bp[(s - s0) * kc * NR + t * NR + j]} (implicit im2col); columns past the last are zero.
     */
    private static void packPatches(int[] taps, Columns cols, float[] src, int srcOff, int k0, int kc, int s0, int s1, float[] bp) {
        int[] first = cols.first(), source = cols.source(), column = cols.column(), length = cols.length();
        int stride = cols.stride(), lastValid = cols.count() - (s1 - 1) * NR;
        for (int t = 0; t < kc; t++) {
            int tap = srcOff + taps[k0 + t];
            for (int s = s0; s < s1; s++) {
                int dst = (s - s0) * kc * NR + t * NR;
                for (int e = first[s]; e < first[s + 1]; e++) {
                    int from = tap + source[e], to = dst + column[e], len = length[e];
                    if (stride == 1) {
                        System.arraycopy(src, from, bp, to, len);
                    } else {
                        for (int i = 0; i < len; i++) bp[to + i] = src[from + i * stride];
                    }
                }
                if (s == s1 - 1 && lastValid < NR) Arrays.fill(bp, dst + lastValid, dst + NR, 0f);
            }
        }
    }

    /**
     * Runs the micro-kernel over full tiles: rows of slivers {@code [0, mSlivers)}, columns of slivers
     * {@code [0, nSlivers)}. Row slivers outside: the BLIS order (B sliver outside) was measured no
     * faster on ResNet-18's layers and 3-5x slower on LeNet's second layer (two row slivers, 150
     * taps), for a reason not found.
     */
    private static void tiles(int kc, float[] ap, int apOff, int mSlivers, float[] bp, int nSlivers, float beta,
                              float[] c, int cOff, int ldc) {
        for (int ms = 0; ms < mSlivers; ms++) {
            for (int s = 0; s < nSlivers; s++) {
                KERNEL.compute(kc, ap, apOff + ms * kc * MR, kc, 1, bp, s * kc * NR, 1f, beta, c, cOff + ms * MR * ldc + s * NR, ldc);
            }
        }
    }

    // ---------------------------------------------------------------- forward

    /** {@code out = conv(x, w) (+ bias)} for every image, written in full; see {@link ConvGemm#forward}. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] bias, int biasOff,
                        float[] out, int outOff) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), n = g.batch(), groups = g.groups();
        if (n == 0 || p == 0 || m == 0) return;
        if (k == 0) {
            for (int i = 0; i < n * g.outChannels(); i++) {
                Arrays.fill(out, outOff + i * p, outOff + (i + 1) * p, bias == null ? 0f : bias[biasOff + i % g.outChannels()]);
            }
            return;
        }
        Layout l = Layout.of(g);
        Columns cols = Columns.of(g, l, true);
        int kc = blockOf(k), mSlivers = ceilDiv(m, MR);
        int[] taps = taps(g, l);
        int colBlocks = ceilDiv(cols.count(), NC), threads = Parallel.threads(), base = n * groups * colBlocks;
        // Weights used by one item only (one image, one column block: the deep layers of a network at
        // batch 1) are packed block by block as the item needs them, while they fit in L2, instead of
        // in one pass over the whole (multi-megabyte) matrix first.
        float[] ap = n * colBlocks == 1 ? null : packWeights(w, wOff, groups, m, k, kc);
        int rowBlocks = base >= 2 * threads ? 1 : Math.min(mSlivers, ceilDiv(2 * threads, base));
        int perRowBlock = ceilDiv(mSlivers, rowBlocks), rb = ceilDiv(mSlivers, perRowBlock), items = base * rb;
        int pieces = pieces(items, (long) n * groups * m * k * p);
        Parallel.parallelFor(pieces, piece -> {
            int from = (int) ((long) items * piece / pieces), to = (int) ((long) items * (piece + 1) / pieces);
            int paddedImage = -1;
            for (int item = from; item < to; item++) {
                int rowBlock = item % rb, rest = item / rb;
                int colBlock = rest % colBlocks, grp = rest / colBlocks % groups, image = rest / colBlocks / groups;
                float[] src = x;
                int imageOff = xOff + image * l.image();
                if (l.padded()) { // this thread's padded copy of the image, made once for all its items of that image
                    src = PADDED.floats(l.image());
                    if (paddedImage != image) {
                        pad(g, l, x, xOff, image, image + 1, src);
                        paddedImage = image;
                    }
                    imageOff = 0;
                }
                int ms0 = rowBlock * perRowBlock, ms1 = Math.min(mSlivers, ms0 + perRowBlock);
                forwardItem(g, ap, grp * mSlivers * MR * k, w, wOff + grp * m * k, kc, taps, cols, src, imageOff + grp * g.inPerGroup() * l.plane(),
                        bias, bias == null ? 0 : biasOff + grp * m, out, outOff + (image * g.outChannels() + grp * m) * p,
                        colBlock, ms0, ms1);
            }
        });
    }

    /**
     * Weights {@code [groups * m, k]} packed per group, per {@code kc} block, per {@code MR}-row
     * sliver, row-major: {@code [r][t]}. Written into the calling thread's scratch array (for large weights by
     * the pool, each thread its own slivers), which the pool threads then only read, and only during
     * this call.
     */
    static float[] packWeights(float[] w, int wOff, int groups, int m, int k, int kc) {
        int mSlivers = ceilDiv(m, MR), mPad = mSlivers * MR, slivers = groups * mSlivers;
        float[] ap = shared(groups * mPad * k);
        // a copy: worth the pool's hand-off only for the large weights of deep layers
        Parallel.forRange(slivers, Math.max(1, PACK_GRAIN / (MR * k)), (long) slivers * MR * k >= PACK_PARALLEL, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int grp = i / mSlivers, r0 = i % mSlivers * MR;
                for (int k0 = 0; k0 < k; k0 += kc) {
                    int kcb = Math.min(kc, k - k0);
                    packRows(w, wOff + (grp * m + r0) * k + k0, k, Math.min(MR, m - r0), kcb, ap, grp * mPad * k + k0 * mPad + r0 * kcb);
                }
            }
        });
        return ap;
    }

    /**
     * Copies {@code rows} rows of {@code kc} values ({@code ld} apart) as one {@code MR}-row sliver,
     * row-major ({@code ap[d + r * kc + t]}, the micro-kernel's layout), zero in rows past {@code rows}.
     */
    private static void packRows(float[] w, int src, int ld, int rows, int kc, float[] ap, int d) {
        for (int r = 0; r < rows; r++) System.arraycopy(w, src + r * ld, ap, d + r * kc, kc);
        Arrays.fill(ap, d + rows * kc, d + MR * kc, 0f);
    }

    /**
     * Rows of slivers {@code [ms0, ms1)} and one column block of one image and group. The group's
     * packed weights start at {@code ap[apGroup]}; if {@code ap} is null, the group's weights
     * ({@code w[wGroup..]}, {@code [m, k]}) are packed here, one block at a time.
     */
    private static void forwardItem(ConvGeometry g, float[] ap, int apGroup, float[] w, int wGroup, int kc, int[] taps, Columns cols,
                                    float[] src, int srcOff, float[] bias, int biasOff, float[] out, int outOff, int colBlock, int ms0, int ms1) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), mPad = ceilDiv(m, MR) * MR;
        int s0 = colBlock * (NC / NR), s1 = Math.min(cols.slivers(), s0 + NC / NR), width = (s1 - s0) * NR;
        // straight into the output when every tile is whole and column q is pixel q; else into a block
        boolean direct = cols.exact() && m % MR == 0;
        float[] bp = PANEL_B.floats(kc * width), c = direct ? out : BLOCK_C.floats((ms1 - ms0) * MR * width);
        int cOff = direct ? outOff + ms0 * MR * p + s0 * NR : 0, ldc = direct ? p : width;
        float[] a = ap == null ? PANEL_A.floats((ms1 - ms0) * MR * kc) : ap;
        for (int k0 = 0; k0 < k; k0 += kc) {
            int kcb = Math.min(kc, k - k0);
            packPatches(taps, cols, src, srcOff, k0, kcb, s0, s1, bp);
            int aOff = 0;
            if (ap == null) {
                for (int ms = ms0; ms < ms1; ms++) {
                    packRows(w, wGroup + ms * MR * k + k0, k, Math.min(MR, m - ms * MR), kcb, a, (ms - ms0) * kcb * MR);
                }
            } else {
                aOff = apGroup + k0 * mPad + ms0 * kcb * MR;
            }
            tiles(kcb, a, aOff, ms1 - ms0, bp, s1 - s0, k0 == 0 ? 0f : 1f, c, cOff, ldc);
        }
        if (direct) {
            if (bias == null) return;
            for (int i = ms0 * MR; i < ms1 * MR; i++) {
                int dst = outOff + i * p + s0 * NR;
                VectorOps.addScalar(out, dst, bias[biasOff + i], out, dst, width);
            }
            return;
        }
        int[] outFirst = cols.outFirst(), outColumn = cols.outColumn(), outTarget = cols.outTarget(), outLength = cols.outLength();
        if (outFirst[s0] == outFirst[s1]) return; // only wide columns that straddle row ends
        int firstPixel = outTarget[outFirst[s0]], endPixel = outTarget[outFirst[s1] - 1] + outLength[outFirst[s1] - 1];
        for (int i = ms0 * MR; i < Math.min(m, ms1 * MR); i++) {
            int row = (i - ms0 * MR) * width - s0 * NR, dst = outOff + i * p;
            for (int e = outFirst[s0]; e < outFirst[s1]; e++) {
                System.arraycopy(c, row + outColumn[e], out, dst + outTarget[e], outLength[e]);
            }
            if (bias != null) VectorOps.addScalar(out, dst + firstPixel, bias[biasOff + i], out, dst + firstPixel, endPixel - firstPixel);
        }
    }

    // ---------------------------------------------------------------- input gradient

    /**
     * {@code dx = col2im(W^T x gout)} written in full: per image and group the patch-gradient matrix
     * is computed one column block at a time and added onto the (padded) input gradient as it goes.
     * Work is split over images, groups and blocks of input channels, whose gradients are disjoint;
     * every element sums its contributions in the same order (by column block, then tap) whatever the
     * split.
     */
    static void inputGrad(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), n = g.batch(), groups = g.groups(), cin = g.inPerGroup();
        if (n == 0) return;
        if (m == 0 || p == 0 || k == 0) {
            Arrays.fill(dx, dxOff, dxOff + n * g.inChannels() * g.inPlane(), 0f);
            return;
        }
        Layout l = Layout.of(g);
        Columns cols = Columns.of(g, l);
        int kc = blockOf(m), tapSlivers = ceilDiv(k, MR);
        float[] ap = packWeightsTransposed(w, wOff, groups, m, k, kc);
        int[] taps = taps(g, l);
        int width = Math.max(NR, Math.min(NC, PATCH_GRADIENT_LIMIT / (tapSlivers * MR) / NR * NR));
        int threads = Parallel.threads(), base = n * groups;
        int channelBlocks = base >= 2 * threads ? 1 : Math.min(cin, ceilDiv(2 * threads, base));
        int perBlock = ceilDiv(cin, channelBlocks), cb = ceilDiv(cin, perBlock), items = base * cb;
        int pieces = pieces(items, (long) n * groups * m * k * p);
        Parallel.parallelFor(pieces, piece -> {
            int from = (int) ((long) items * piece / pieces), to = (int) ((long) items * (piece + 1) / pieces);
            for (int item = from; item < to; item++) {
                int block = item % cb, grp = item / cb % groups, image = item / cb / groups;
                int c0 = block * perBlock, c1 = Math.min(cin, c0 + perBlock);
                inputGradItem(g, l, ap, kc, taps, cols, width, gout, gOff + (image * g.outChannels() + grp * m) * p,
                        grp * tapSlivers * MR * m, dx, dxOff + (image * g.inChannels() + grp * cin) * g.inPlane(), c0, c1);
            }
        });
    }

    /** {@code W^T} per group, per {@code kc} block of output channels, per {@code MR}-tap sliver: {@code [r][co]} (scratch, as {@link #packWeights}). */
    static float[] packWeightsTransposed(float[] w, int wOff, int groups, int m, int k, int kc) {
        int kPad = ceilDiv(k, MR) * MR;
        float[] ap = shared(groups * kPad * m);
        int d = 0;
        for (int grp = 0; grp < groups; grp++) {
            for (int c0 = 0; c0 < m; c0 += kc) {
                int kcb = Math.min(kc, m - c0);
                for (int r0 = 0; r0 < kPad; r0 += MR, d += kcb * MR) {
                    int taps = Math.min(MR, k - r0);
                    for (int co = 0; co < kcb; co++) {
                        int src = wOff + (grp * m + c0 + co) * k + r0;
                        for (int r = 0; r < MR; r++) ap[d + r * kcb + co] = r < taps ? w[src + r] : 0f;
                    }
                }
            }
        }
        return ap;
    }

    /** Input channels {@code [c0, c1)} of one image and group. */
    private static void inputGradItem(ConvGeometry g, Layout l, float[] ap, int kc, int[] taps, Columns cols, int width,
                                      float[] gout, int gOff, int apGroup, float[] dx, int dxOff, int c0, int c1) {
        int m = g.outPerGroup(), kk = g.kernelHeight() * g.kernelWidth(), kPad = ceilDiv(g.patchSize(), MR) * MR;
        int r0 = c0 * kk, r1 = c1 * kk, ts0 = r0 / MR, ts1 = ceilDiv(r1, MR), stride = cols.stride();
        float[] target = l.padded() ? PADDED.floats((c1 - c0) * l.plane()) : dx;
        int targetOff = l.padded() ? -c0 * l.plane() : dxOff;
        Arrays.fill(target, targetOff + c0 * l.plane(), targetOff + c1 * l.plane(), 0f);
        int[] first = cols.first(), source = cols.source(), column = cols.column(), length = cols.length();
        for (int q0 = 0; q0 < cols.count(); q0 += width) {
            int s0 = q0 / NR, s1 = ceilDiv(Math.min(cols.count(), q0 + width), NR), ld = (s1 - s0) * NR;
            float[] patches = BLOCK_C.floats((ts1 - ts0) * MR * ld), bp = PANEL_B.floats(kc * ld);
            for (int k0 = 0; k0 < m; k0 += kc) {
                int kcb = Math.min(kc, m - k0);
                packGradientRows(gout, gOff + k0 * g.outPlane(), g.outPlane(), kcb, cols, s0, s1, bp);
                tiles(kcb, ap, apGroup + k0 * kPad + ts0 * kcb * MR, ts1 - ts0, bp, s1 - s0, k0 == 0 ? 0f : 1f, patches, 0, ld);
            }
            int q1 = Math.min(cols.count(), s1 * NR);
            for (int r = r0; r < r1; r++) { // implicit col2im: add each tap's row of patch gradients onto the image
                int tap = targetOff + taps[r], row = (r - ts0 * MR) * ld - s0 * NR;
                if (cols.wide()) { // one contiguous run for the whole block
                    VectorOps.add(target, tap + q0, patches, row + q0, target, tap + q0, q1 - q0);
                    continue;
                }
                for (int s = s0; s < s1; s++) {
                    for (int e = first[s]; e < first[s + 1]; e++) {
                        int to = tap + source[e], from = row + s * NR + column[e], len = length[e];
                        if (stride == 1 && len >= 16) {
                            VectorOps.add(target, to, patches, from, target, to, len);
                        } else if (stride == 1) {
                            for (int i = 0; i < len; i++) target[to + i] += patches[from + i];
                        } else {
                            for (int i = 0; i < len; i++) target[to + i * stride] += patches[from + i];
                        }
                    }
                }
            }
        }
        if (l.padded()) {
            int h = g.inHeight(), w = g.inWidth(), pt = g.padTop(), pl = g.padLeft();
            int rowsIn = Math.max(0, Math.min(h, l.rows() - pt)), colsIn = Math.max(0, Math.min(w, l.cols() - pl));
            for (int c = c0; c < c1; c++) {
                int dst = dxOff + c * g.inPlane(), src = targetOff + c * l.plane() + pt * l.row() + pl;
                for (int y = 0; y < h; y++) {
                    if (y < rowsIn) System.arraycopy(target, src + y * l.row(), dx, dst + y * w, colsIn);
                    // input pixels that no window reads get zero
                    if (y >= rowsIn) Arrays.fill(dx, dst + y * w, dst + (y + 1) * w, 0f);
                    else if (colsIn < w) Arrays.fill(dx, dst + y * w + colsIn, dst + (y + 1) * w, 0f);
                }
            }
        }
    }

    /**
     * Packs {@code rows} output-gradient rows ({@code [rows, p]}) as the B panel of column slivers
     * {@code [s0, s1)}: {@code bp[(s - s0) * rows * NR + i * NR + j]}, zero in columns without an
     * output pixel.
     */
    private static void packGradientRows(float[] gout, int gOff, int p, int rows, Columns cols, int s0, int s1, float[] bp) {
        int[] outFirst = cols.outFirst(), outColumn = cols.outColumn(), outTarget = cols.outTarget(), outLength = cols.outLength();
        for (int s = s0; s < s1; s++) {
            int dst = (s - s0) * rows * NR;
            for (int i = 0; i < rows; i++) {
                int d = dst + i * NR, src = gOff + i * p;
                if (outFirst[s + 1] - outFirst[s] != 1 || outLength[outFirst[s]] != NR) Arrays.fill(bp, d, d + NR, 0f);
                for (int e = outFirst[s]; e < outFirst[s + 1]; e++) {
                    System.arraycopy(gout, src + outTarget[e], bp, d + outColumn[e] - s * NR, outLength[e]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- weight gradient

    /** {@code dw = sum over images of gout x patches^T}, written in full; see {@link ConvGemm#backwardWeight}. */
    static void weightGrad(ConvGeometry g, float[] x, int xOff, float[] gout, int gOff, float[] dw, int dwOff) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), n = g.batch(), groups = g.groups();
        int size = g.weightSize();
        if (n == 0 || p == 0 || k == 0 || m == 0) {
            Arrays.fill(dw, dwOff, dwOff + size, 0f);
            return;
        }
        Layout l = Layout.of(g);
        Columns cols = Columns.of(g, l);
        int[] taps = taps(g, l);
        int perBlock = ceilDiv(n, Math.min(n, MAX_PARTIALS)), blocks = ceilDiv(n, perBlock);
        float[] partials = blocks > 1 ? new float[(blocks - 1) * size] : null;
        int tapSlivers = ceilDiv(k, NR), tapBlockSlivers = NC / NR, tapBlocks = ceilDiv(tapSlivers, tapBlockSlivers);
        int mSlivers = ceilDiv(m, MR), threads = Parallel.threads(), base = blocks * groups * tapBlocks;
        int rowBlocks = base >= 2 * threads ? 1 : Math.min(mSlivers, ceilDiv(2 * threads, base));
        int perRowBlock = ceilDiv(mSlivers, rowBlocks), rb = ceilDiv(mSlivers, perRowBlock), items = base * rb;
        int pieces = pieces(items, (long) n * groups * m * k * p);
        Parallel.parallelFor(pieces, piece -> {
            int from = (int) ((long) items * piece / pieces), to = (int) ((long) items * (piece + 1) / pieces);
            int paddedBlock = -1;
            for (int item = from; item < to; item++) {
                int rowBlock = item % rb, rest = item / rb;
                int tapBlock = rest % tapBlocks, grp = rest / tapBlocks % groups, block = rest / tapBlocks / groups;
                int n0 = block * perBlock, n1 = Math.min(n, n0 + perBlock);
                float[] src = x;
                int srcOff = xOff + n0 * l.image();
                if (l.padded()) {
                    src = PADDED.floats((n1 - n0) * l.image());
                    if (paddedBlock != block) {
                        pad(g, l, x, xOff, n0, n1, src);
                        paddedBlock = block;
                    }
                    srcOff = 0;
                }
                float[] target = block == 0 ? dw : partials;
                int targetOff = (block == 0 ? dwOff : (block - 1) * size) + grp * m * k;
                int s0 = tapBlock * tapBlockSlivers, s1 = Math.min(tapSlivers, s0 + tapBlockSlivers);
                int ms0 = rowBlock * perRowBlock, ms1 = Math.min(mSlivers, ms0 + perRowBlock);
                weightGradItem(g, l, taps, cols, src, srcOff + grp * g.inPerGroup() * l.plane(), n1 - n0,
                        gout, gOff + (n0 * g.outChannels() + grp * m) * p, target, targetOff, s0, s1, ms0, ms1);
            }
        });
        for (int b = 1; b < blocks; b++) VectorOps.add(dw, dwOff, partials, (b - 1) * size, dw, dwOff, size);
    }

    /**
     * {@code dW[rows, taps] = G x patches^T} over the columns of {@code images} images: rows (output
     * channels) of slivers {@code [ms0, ms1)}, taps of slivers {@code [s0, s1)}.
     */
    private static void weightGradItem(ConvGeometry g, Layout l, int[] taps, Columns cols, float[] src, int srcOff, int images,
                                       float[] gout, int gOff, float[] dw, int dwOff, int s0, int s1, int ms0, int ms1) {
        int m = g.outPerGroup(), k = g.patchSize(), inner = images * cols.count(), kc = blockOf(inner);
        int width = (s1 - s0) * NR;
        float[] ap = PANEL_A.floats(kc * (ms1 - ms0) * MR), bp = PANEL_B.floats(kc * width);
        float[] c = BLOCK_C.floats((ms1 - ms0) * MR * width);
        for (int k0 = 0; k0 < inner; k0 += kc) {
            int kcb = Math.min(kc, inner - k0);
            packGradientColumns(gout, gOff, g.outChannels(), g.outPlane(), m, cols, k0, kcb, ms0, ms1, ap);
            packPatchesTransposed(taps, cols, src, srcOff, l.image(), k, k0, kcb, s0, s1, bp);
            tiles(kcb, ap, 0, ms1 - ms0, bp, s1 - s0, k0 == 0 ? 0f : 1f, c, 0, width);
        }
        int cols0 = s0 * NR, valid = Math.min(k, s1 * NR) - cols0;
        for (int i = ms0 * MR; i < Math.min(m, ms1 * MR); i++) {
            System.arraycopy(c, (i - ms0 * MR) * width, dw, dwOff + i * k + cols0, valid);
        }
    }

    /**
     * Packs output-gradient rows of slivers {@code [ms0, ms1)} over the columns {@code [k0, k0 + kc)}
     * of the concatenated images: {@code ap[(ms - ms0) * kc * MR + r * kc + t]} (zero for rows past
     * {@code m} and for wide columns without an output pixel).
     */
    private static void packGradientColumns(float[] gout, int gOff, int cout, int p, int m, Columns cols, int k0, int kc,
                                            int ms0, int ms1, float[] ap) {
        int count = cols.count();
        int[] target = cols.target();
        for (int ms = ms0; ms < ms1; ms++) {
            int dst = (ms - ms0) * kc * MR;
            int rows = Math.min(MR, m - ms * MR);
            if (rows < MR) Arrays.fill(ap, dst, dst + kc * MR, 0f);
            for (int kk = k0; kk < k0 + kc; ) {
                int image = kk / count, q = kk % count, len = Math.min(count - q, k0 + kc - kk);
                int base = gOff + (image * cout + ms * MR) * p, d = dst + (kk - k0);
                for (int r = 0; r < rows; r++, base += p, d += kc) {
                    for (int t = 0; t < len; t++) {
                        int pixel = target[q + t];
                        ap[d + t] = pixel < 0 ? 0f : gout[base + pixel];
                    }
                }
                kk += len;
            }
        }
    }

    /**
     * Packs the patch matrix transposed: the columns {@code [k0, k0 + kc)} of the concatenated images
     * as rows, by taps of slivers {@code [s0, s1)}: {@code bp[(s - s0) * kc * NR + t * NR + j]}.
     */
    private static void packPatchesTransposed(int[] taps, Columns cols, float[] src, int srcOff, int imageStride, int k,
                                              int k0, int kc, int s0, int s1, float[] bp) {
        int count = cols.count();
        int[] offset = cols.offset();
        boolean wide = cols.wide();
        for (int s = s0; s < s1; s++) {
            int dst = (s - s0) * kc * NR, j = 0;
            for (; j < NR && s * NR + j < k; ) {
                int tap = s * NR + j;
                for (int kk = k0; kk < k0 + kc; ) {
                    int image = kk / count, q = kk % count, len = Math.min(count - q, k0 + kc - kk);
                    int base = srcOff + image * imageStride, d = dst + (kk - k0) * NR + j;
                    if (wide && j + 8 <= NR && tap + 8 <= k) {
                        // eight taps at once: eight contiguous source runs, eight adjacent packed values per row
                        int a0 = base + taps[tap] + q, a1 = base + taps[tap + 1] + q, a2 = base + taps[tap + 2] + q, a3 = base + taps[tap + 3] + q;
                        int a4 = base + taps[tap + 4] + q, a5 = base + taps[tap + 5] + q, a6 = base + taps[tap + 6] + q, a7 = base + taps[tap + 7] + q;
                        for (int t = 0; t < len; t++, d += NR) {
                            bp[d] = src[a0 + t];
                            bp[d + 1] = src[a1 + t];
                            bp[d + 2] = src[a2 + t];
                            bp[d + 3] = src[a3 + t];
                            bp[d + 4] = src[a4 + t];
                            bp[d + 5] = src[a5 + t];
                            bp[d + 6] = src[a6 + t];
                            bp[d + 7] = src[a7 + t];
                        }
                    } else if (wide && j + 4 <= NR && tap + 4 <= k) {
                        // four taps at once: four contiguous source runs, four adjacent packed values per row
                        int a0 = base + taps[tap] + q, a1 = base + taps[tap + 1] + q, a2 = base + taps[tap + 2] + q, a3 = base + taps[tap + 3] + q;
                        for (int t = 0; t < len; t++, d += NR) {
                            bp[d] = src[a0 + t];
                            bp[d + 1] = src[a1 + t];
                            bp[d + 2] = src[a2 + t];
                            bp[d + 3] = src[a3 + t];
                        }
                    } else {
                        int from = base + taps[tap];
                        for (int t = 0; t < len; t++) bp[d + t * NR] = src[from + offset[q + t]];
                    }
                    kk += len;
                }
                j += wide && j + 8 <= NR && tap + 8 <= k ? 8 : wide && j + 4 <= NR && tap + 4 <= k ? 4 : 1;
            }
            for (; j < NR; j++) { // taps past the last
                for (int t = 0; t < kc; t++) bp[dst + t * NR + j] = 0f;
            }
        }
    }
}
