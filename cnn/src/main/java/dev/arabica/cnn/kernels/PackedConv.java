package dev.arabica.cnn.kernels;

import dev.arabica.core.kernels.Parallel;
import dev.arabica.core.kernels.Scratch;
import dev.arabica.core.simd.GemmMicroKernel;
import dev.arabica.core.simd.VectorProviders;
import java.util.Arrays;

/**
 * Convolution as a packed (BLIS-style) matrix product whose im2col matrix is never built: the
 * patches are gathered straight into the packed panels that the GEMM micro-kernel reads.
 *
 * <ul>
 *   <li>{@link #forward}: per image and group, {@code out[M, P] = W[M, K] x patches[K, P]}
 *       ({@code M} output channels, {@code K = inPerGroup * kH * kW} taps, {@code P} output pixels).
 *       The weights are packed once per call; each column block of patches is packed once per
 *       {@code KC} taps directly from the (zero-padded) image.</li>
 *   <li>{@link #weightGrad}: {@code dW[M, K] = sum over images of gout[M, P] x patches[K, P]^T},
 *       one product per block of images with the images' pixels as the inner dimension.</li>
 * </ul>
 *
 * <p>Images that need padding are first copied into a zero-padded per-thread buffer, so that the
 * gathering never tests bounds. Every element of a result is one multiply-add chain per block of
 * {@code KC} taps (blocks that depend on the sizes only), finished by the micro-kernel's update
 * formula, wherever its tile lies and whichever thread computes it; so the work may be split over
 * threads in any way without changing a bit.
 */
final class PackedConv {
    static final GemmMicroKernel KERNEL = VectorProviders.get().gemmMicroKernel().orElseGet(ScalarMicroKernel::new);
    static final int MR = KERNEL.mr();
    static final int NR = KERNEL.nr();
    /** Taps (the inner dimension) per packed block. */
    static final int KC = 256;
    /** Output pixels per column block, a multiple of {@link #NR}: the packed panel is {@code KC x NC} (512 KiB). */
    static final int NC = Math.max(NR, 512 / NR * NR);
    /**
     * Below this many multiply-adds a call stays on the calling thread: waking a pool worker costs
     * 20-50 us, about what 2^18 multiply-adds take.
     */
    static final long PARALLEL_WORK = 1L << 18;
    /** Most image blocks whose weight gradients are summed separately (fixed: results must not depend on threads). */
    static final int MAX_PARTIALS = 4;

    private static final Scratch PANEL_A = new Scratch();
    private static final Scratch PANEL_B = new Scratch();
    private static final Scratch TILE = new Scratch();
    private static final Scratch PADDED = new Scratch();

    private PackedConv() {}

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** How many pieces to cut {@code items} into: one per thread, or one if the call is small. */
    static int pieces(int items, long work) {
        return work < PARALLEL_WORK ? 1 : Math.min(Parallel.threads(), items);
    }

    /** The size of each block of the inner dimension: equal blocks of at most {@link #KC}. */
    static int blockOf(int k) {
        return ceilDiv(k, ceilDiv(k, KC));
    }

    // ---------------------------------------------------------------- image layout

    /**
     * Where the convolution reads its images: the input itself, or zero-padded copies made per
     * thread. Image {@code n}, channel {@code c}, window row {@code y}, column {@code x} (window
     * coordinates: input coordinates plus the top/left padding) is at
     * {@code n * image + c * plane + y * row + x} from the image array's start.
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

    /** Offset of tap {@code r = (c * kH + ki) * kW + kj} from its window origin. */
    static int[] taps(ConvGeometry g, Layout l) {
        int k = g.patchSize(), kk = g.kernelHeight() * g.kernelWidth();
        int[] off = new int[k];
        for (int r = 0; r < k; r++) {
            int c = r / kk, ki = (r % kk) / g.kernelWidth(), kj = r % g.kernelWidth();
            off[r] = c * l.plane() + ki * g.dilationHeight() * l.row() + kj * g.dilationWidth();
        }
        return off;
    }

    /** Offset of output pixel {@code q}'s window origin in the image. */
    static int[] pixels(ConvGeometry g, Layout l) {
        int[] off = new int[g.outPlane()];
        for (int q = 0; q < off.length; q++) {
            off[q] = (q / g.outWidth()) * g.strideHeight() * l.row() + (q % g.outWidth()) * g.strideWidth();
        }
        return off;
    }

    /**
     * The pixels of each {@code NR}-column sliver as runs whose sources are evenly spaced by the
     * stride: sliver {@code s} owns runs {@code first[s] .. first[s+1]-1}, run {@code e} copies
     * {@code length[e]} values from {@code source[e]} (plus the tap offset) to column {@code column[e]}.
     */
    record Runs(int[] first, int[] source, int[] column, int[] length) {
        static Runs of(int[] pixelOffsets, int stride) {
            int p = pixelOffsets.length, slivers = ceilDiv(p, NR);
            int[] first = new int[slivers + 1], source = new int[p], column = new int[p], length = new int[p];
            int e = 0;
            for (int s = 0; s < slivers; s++) {
                first[s] = e;
                int end = Math.min(p, (s + 1) * NR);
                for (int q = s * NR; q < end; q++) {
                    if (e > first[s] && source[e - 1] + length[e - 1] * stride == pixelOffsets[q]) {
                        length[e - 1]++;
                    } else {
                        source[e] = pixelOffsets[q];
                        column[e] = q - s * NR;
                        length[e] = 1;
                        e++;
                    }
                }
            }
            first[slivers] = e;
            return new Runs(first, source, column, length);
        }
    }

    // ---------------------------------------------------------------- forward

    /** {@code out = conv(x, w) (+ bias)} for every image; see {@link ConvGemm#forward}. */
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
        int kc = blockOf(k), mSlivers = ceilDiv(m, MR);
        float[] ap = packWeights(w, wOff, groups, m, k, kc);
        int[] taps = taps(g, l);
        Runs runs = Runs.of(pixels(g, l), g.strideWidth());
        int colBlocks = ceilDiv(p, NC), threads = Parallel.threads();
        int base = n * groups * colBlocks;
        int rowBlocks = base >= 2 * threads ? 1 : Math.min(mSlivers, ceilDiv(2 * threads, base));
        int perRowBlock = ceilDiv(mSlivers, rowBlocks);
        int rb = ceilDiv(mSlivers, perRowBlock), items = base * rb;
        int pieces = pieces(items, (long) n * groups * m * k * p);
        Parallel.parallelFor(pieces, piece -> {
            int from = (int) ((long) items * piece / pieces), to = (int) ((long) items * (piece + 1) / pieces);
            int paddedImage = -1;
            for (int item = from; item < to; item++) {
                int rowBlock = item % rb, rest = item / rb;
                int colBlock = rest % colBlocks, image = rest / colBlocks / groups, grp = rest / colBlocks % groups;
                float[] src = x;
                int imageOff = xOff + image * l.image();
                if (l.padded()) { // this thread's copy of the image, padded once for all its items of that image
                    src = PADDED.floats(l.image());
                    if (paddedImage != image) {
                        pad(g, l, x, xOff, image, image + 1, src);
                        paddedImage = image;
                    }
                    imageOff = 0;
                }
                forwardItem(g, l, ap, kc, taps, runs, src, imageOff + grp * g.inPerGroup() * l.plane(),
                        bias, bias == null ? 0 : biasOff + grp * m, out, outOff + (image * g.outChannels() + grp * m) * p,
                        grp * ceilDiv(m, MR) * MR * k, colBlock, rowBlock * perRowBlock, Math.min(mSlivers, (rowBlock + 1) * perRowBlock));
            }
        });
    }

    /** Weights {@code [groups * m, k]} packed per group, per {@code kc} block, per {@code MR}-row sliver: {@code [p][r]}. */
    static float[] packWeights(float[] w, int wOff, int groups, int m, int k, int kc) {
        int mPad = ceilDiv(m, MR) * MR;
        float[] ap = new float[groups * mPad * k];
        int d = 0;
        for (int grp = 0; grp < groups; grp++) {
            for (int k0 = 0; k0 < k; k0 += kc) {
                int kcb = Math.min(kc, k - k0);
                for (int r0 = 0; r0 < mPad; r0 += MR) {
                    for (int r = 0; r < MR; r++) {
                        if (r0 + r >= m) continue; // stays zero
                        int src = wOff + (grp * m + r0 + r) * k + k0;
                        for (int q = 0; q < kcb; q++) ap[d + q * MR + r] = w[src + q];
                    }
                    d += kcb * MR;
                }
            }
        }
        return ap;
    }

    /** One column block (and band of row slivers) of one image and group. */
    private static void forwardItem(ConvGeometry g, Layout l, float[] ap, int kc, int[] taps, Runs runs, float[] src, int srcOff,
                                    float[] bias, int biasOff, float[] out, int outOff, int apGroup, int colBlock, int ms0, int ms1) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), mPad = ceilDiv(m, MR) * MR;
        int q0 = colBlock * NC, q1 = Math.min(p, q0 + NC), s0 = q0 / NR, s1 = ceilDiv(q1, NR);
        if (bias != null) {
            for (int i = ms0 * MR; i < Math.min(m, ms1 * MR); i++) Arrays.fill(out, outOff + i * p + q0, outOff + i * p + q1, bias[biasOff + i]);
        }
        float[] bp = PANEL_B.floats(kc * (s1 - s0) * NR), tile = TILE.floats(MR * NR);
        for (int k0 = 0; k0 < k; k0 += kc) {
            int kcb = Math.min(kc, k - k0);
            packPatches(taps, runs, g.strideWidth(), src, srcOff, k0, kcb, s0, s1, p, bp);
            float beta = k0 == 0 && bias == null ? 0f : 1f;
            for (int ms = ms0; ms < ms1; ms++) {
                int apOff = apGroup + k0 * mPad + ms * kcb * MR, rows = Math.min(MR, m - ms * MR);
                for (int s = s0; s < s1; s++) {
                    int cols = Math.min(NR, p - s * NR), cTile = outOff + ms * MR * p + s * NR, bpOff = (s - s0) * kcb * NR;
                    if (rows == MR && cols == NR) {
                        KERNEL.compute(kcb, ap, apOff, bp, bpOff, 1f, beta, out, cTile, p);
                    } else {
                        KERNEL.compute(kcb, ap, apOff, bp, bpOff, 1f, 0f, tile, 0, NR);
                        merge(tile, rows, cols, beta, out, cTile, p);
                    }
                }
            }
        }
    }

    /**
     * Packs taps {@code [k0, k0 + kc)} of slivers {@code [s0, s1)} (patch matrix rows and columns)
     * into {@code bp[(s - s0) * kc * NR + t * NR + j]}: implicit im2col.
     */
    private static void packPatches(int[] taps, Runs runs, int stride, float[] src, int srcOff, int k0, int kc, int s0, int s1,
                                    int pixels, float[] bp) {
        int[] first = runs.first(), source = runs.source(), column = runs.column(), length = runs.length();
        int lastValid = pixels - (s1 - 1) * NR; // columns of the last sliver that hold pixels
        for (int t = 0; t < kc; t++) {
            int tap = srcOff + taps[k0 + t];
            for (int s = s0; s < s1; s++) {
                int dst = (s - s0) * kc * NR + t * NR;
                for (int e = first[s]; e < first[s + 1]; e++) {
                    int from = tap + source[e], to = dst + column[e], len = length[e];
                    if (stride == 1) {
                        if (len >= 16) {
                            System.arraycopy(src, from, bp, to, len);
                        } else {
                            for (int i = 0; i < len; i++) bp[to + i] = src[from + i];
                        }
                    } else {
                        for (int i = 0; i < len; i++) bp[to + i] = src[from + i * stride];
                    }
                }
                if (s == s1 - 1 && lastValid < NR) Arrays.fill(bp, dst + lastValid, dst + NR, 0f);
            }
        }
    }

    /** The micro-kernel's update formula ({@code alpha = 1}) for the valid part of an edge tile. */
    static void merge(float[] tile, int rows, int cols, float beta, float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            int t = r * NR, ci = cOff + r * ldc;
            if (beta == 0f) {
                System.arraycopy(tile, t, c, ci, cols);
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = Math.fma(tile[t + j], 1f, c[ci + j] * beta);
            }
        }
    }

    // ---------------------------------------------------------------- input gradient

    /** Largest block of the patch-gradient matrix kept per thread, in floats (1 MiB). */
    static final int PATCH_GRADIENT_LIMIT = 1 << 18;

    /**
     * {@code dx = col2im(W^T x gout)} written in full: per image and group, the patch-gradient
     * matrix {@code W^T[K, M] x gout[M, P]} is computed one block of output pixels at a time and
     * added into the (padded) input gradient as it goes (implicit col2im). Work is split over images,
     * groups and blocks of input channels, whose gradients are disjoint; each element sums its
     * contributions in the same order (by pixel block, then tap) whatever the split.
     */
    static void inputGrad(ConvGeometry g, float[] gout, int gOff, float[] w, int wOff, float[] dx, int dxOff) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), n = g.batch(), groups = g.groups(), cin = g.inPerGroup();
        if (n == 0) return;
        if (m == 0 || p == 0 || k == 0) {
            Arrays.fill(dx, dxOff, dxOff + n * g.inChannels() * g.inPlane(), 0f);
            return;
        }
        Layout l = Layout.of(g);
        int kc = blockOf(m), tapSlivers = ceilDiv(k, MR);
        float[] ap = packWeightsTransposed(w, wOff, groups, m, k, kc);
        int[] taps = taps(g, l);
        Runs runs = Runs.of(pixels(g, l), g.strideWidth());
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
                inputGradItem(g, l, ap, kc, taps, runs, width, gout, gOff + (image * g.outChannels() + grp * m) * p,
                        grp * tapSlivers * MR * m, dx, dxOff + (image * g.inChannels() + grp * cin) * g.inPlane(), c0, c1);
            }
        });
    }

    /** {@code W^T} per group, per {@code kc} block of output channels, per {@code MR}-tap sliver: {@code [co][r]}. */
    static float[] packWeightsTransposed(float[] w, int wOff, int groups, int m, int k, int kc) {
        int kPad = ceilDiv(k, MR) * MR;
        float[] ap = new float[groups * kPad * m];
        int d = 0;
        for (int grp = 0; grp < groups; grp++) {
            for (int c0 = 0; c0 < m; c0 += kc) {
                int kcb = Math.min(kc, m - c0);
                for (int r0 = 0; r0 < kPad; r0 += MR) {
                    for (int co = 0; co < kcb; co++) {
                        int src = wOff + (grp * m + c0 + co) * k + r0;
                        for (int r = 0; r < MR && r0 + r < k; r++) ap[d + co * MR + r] = w[src + r];
                    }
                    d += kcb * MR;
                }
            }
        }
        return ap;
    }

    /** Input channels {@code [c0, c1)} of one image and group. */
    private static void inputGradItem(ConvGeometry g, Layout l, float[] ap, int kc, int[] taps, Runs runs, int width,
                                      float[] gout, int gOff, int apGroup, float[] dx, int dxOff, int c0, int c1) {
        int m = g.outPerGroup(), p = g.outPlane(), kk = g.kernelHeight() * g.kernelWidth(), stride = g.strideWidth();
        int r0 = c0 * kk, r1 = c1 * kk, ts0 = r0 / MR, ts1 = ceilDiv(r1, MR);
        int planes = c1 - c0;
        float[] target = l.padded() ? PADDED.floats(planes * l.plane()) : dx;
        int targetOff = l.padded() ? -c0 * l.plane() : dxOff;
        Arrays.fill(target, targetOff + c0 * l.plane(), targetOff + c1 * l.plane(), 0f);
        int[] first = runs.first(), source = runs.source(), column = runs.column(), length = runs.length();
        for (int q0 = 0; q0 < p; q0 += width) {
            int s0 = q0 / NR, s1 = ceilDiv(Math.min(p, q0 + width), NR), ld = (s1 - s0) * NR;
            float[] patches = PANEL_A.floats((ts1 - ts0) * MR * ld), bp = PANEL_B.floats(kc * ld);
            for (int k0 = 0; k0 < m; k0 += kc) {
                int kcb = Math.min(kc, m - k0);
                packRows(gout, gOff + k0 * p, p, kcb, s0, s1, bp);
                float beta = k0 == 0 ? 0f : 1f;
                for (int ts = ts0; ts < ts1; ts++) {
                    int apOff = apGroup + k0 * ceilDiv(g.patchSize(), MR) * MR + ts * kcb * MR;
                    for (int s = s0; s < s1; s++) {
                        KERNEL.compute(kcb, ap, apOff, bp, (s - s0) * kcb * NR, 1f, beta, patches, (ts - ts0) * MR * ld + (s - s0) * NR, ld);
                    }
                }
            }
            for (int r = r0; r < r1; r++) { // implicit col2im: add each tap's row of pixels onto the image
                int tap = targetOff + taps[r], row = (r - ts0 * MR) * ld - s0 * NR;
                for (int s = s0; s < s1; s++) {
                    for (int e = first[s]; e < first[s + 1]; e++) {
                        int to = tap + source[e], from = row + s * NR + column[e], len = length[e];
                        for (int i = 0; i < len; i++) target[to + i * stride] += patches[from + i];
                    }
                }
            }
        }
        if (l.padded()) {
            int h = g.inHeight(), w = g.inWidth(), pt = g.padTop(), pl = g.padLeft();
            int rowsIn = Math.min(h, l.rows() - pt), colsIn = Math.min(w, l.cols() - pl);
            for (int c = c0; c < c1; c++) {
                int dst = dxOff + c * g.inPlane(), src = targetOff + c * l.plane() + pt * l.row() + pl;
                for (int y = 0; y < h; y++) {
                    if (y < rowsIn) {
                        System.arraycopy(target, src + y * l.row(), dx, dst + y * w, colsIn);
                        if (colsIn < w) Arrays.fill(dx, dst + y * w + colsIn, dst + (y + 1) * w, 0f);
                    } else {
                        Arrays.fill(dx, dst + y * w, dst + (y + 1) * w, 0f); // rows no window reads
                    }
                }
            }
        }
    }

    /** Packs {@code rows} rows of a row-major {@code [rows, p]} matrix, columns of slivers {@code [s0, s1)}: {@code bp[(s - s0) * rows * NR + i * NR + j]}. */
    private static void packRows(float[] a, int aOff, int p, int rows, int s0, int s1, float[] bp) {
        for (int s = s0; s < s1; s++) {
            int cols = Math.min(NR, p - s * NR), dst = (s - s0) * rows * NR;
            for (int i = 0; i < rows; i++) {
                System.arraycopy(a, aOff + i * p + s * NR, bp, dst + i * NR, cols);
                if (cols < NR) Arrays.fill(bp, dst + i * NR + cols, dst + (i + 1) * NR, 0f);
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
        int[] taps = taps(g, l), pixels = pixels(g, l);
        int perBlock = ceilDiv(n, Math.min(n, MAX_PARTIALS)), blocks = ceilDiv(n, perBlock);
        float[] partials = blocks > 1 ? new float[(blocks - 1) * size] : null;
        int tapSlivers = ceilDiv(k, NR), tapBlockSlivers = NC / NR, tapBlocks = ceilDiv(tapSlivers, tapBlockSlivers);
        int mSlivers = ceilDiv(m, MR), threads = Parallel.threads();
        int base = blocks * groups * tapBlocks;
        int rowBlocks = base >= 2 * threads ? 1 : Math.min(mSlivers, ceilDiv(2 * threads, base));
        int perRowBlock = ceilDiv(mSlivers, rowBlocks);
        int rb = ceilDiv(mSlivers, perRowBlock), items = base * rb;
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
                int targetOff = block == 0 ? dwOff : (block - 1) * size;
                weightGradItem(g, l, taps, pixels, src, srcOff + grp * g.inPerGroup() * l.plane(), n1 - n0,
                        gout, gOff + (n0 * g.outChannels() + grp * m) * p, target, targetOff + grp * m * k,
                        tapBlock * tapBlockSlivers, Math.min(tapSlivers, (tapBlock + 1) * tapBlockSlivers),
                        rowBlock * perRowBlock, Math.min(mSlivers, (rowBlock + 1) * perRowBlock));
            }
        });
        for (int b = 1; b < blocks; b++) {
            dev.arabica.core.kernels.VectorOps.add(dw, dwOff, partials, (b - 1) * size, dw, dwOff, size);
        }
    }

    /**
     * {@code dW[rows, taps] = G x patches^T} over the pixels of {@code images} images: rows
     * (output channels) of slivers {@code [ms0, ms1)}, taps of slivers {@code [s0, s1)}.
     */
    private static void weightGradItem(ConvGeometry g, Layout l, int[] taps, int[] pixels, float[] src, int srcOff, int images,
                                       float[] gout, int gOff, float[] dw, int dwOff, int s0, int s1, int ms0, int ms1) {
        int m = g.outPerGroup(), k = g.patchSize(), p = g.outPlane(), cout = g.outChannels();
        int inner = images * p, kc = blockOf(inner);
        float[] ap = PANEL_A.floats(kc * (ms1 - ms0) * MR), bp = PANEL_B.floats(kc * (s1 - s0) * NR), tile = TILE.floats(MR * NR);
        for (int k0 = 0; k0 < inner; k0 += kc) {
            int kcb = Math.min(kc, inner - k0);
            packGradient(gout, gOff, cout, p, m, k0, kcb, ms0, ms1, ap);
            packPatchesTransposed(taps, pixels, src, srcOff, l.image(), p, k, k0, kcb, s0, s1, bp);
            float beta = k0 == 0 ? 0f : 1f;
            for (int ms = ms0; ms < ms1; ms++) {
                int apOff = (ms - ms0) * kcb * MR, rows = Math.min(MR, m - ms * MR);
                for (int s = s0; s < s1; s++) {
                    int cols = Math.min(NR, k - s * NR), cTile = dwOff + ms * MR * k + s * NR, bpOff = (s - s0) * kcb * NR;
                    if (rows == MR && cols == NR) {
                        KERNEL.compute(kcb, ap, apOff, bp, bpOff, 1f, beta, dw, cTile, k);
                    } else {
                        KERNEL.compute(kcb, ap, apOff, bp, bpOff, 1f, 0f, tile, 0, NR);
                        merge(tile, rows, cols, beta, dw, cTile, k);
                    }
                }
            }
        }
    }

    /**
     * Packs output-gradient rows of slivers {@code [ms0, ms1)} over the pixels {@code [k0, k0 + kc)}
     * of the concatenated images: {@code ap[(ms - ms0) * kc * MR + t * MR + r]}.
     */
    private static void packGradient(float[] gout, int gOff, int cout, int p, int m, int k0, int kc, int ms0, int ms1, float[] ap) {
        for (int ms = ms0; ms < ms1; ms++) {
            int dst = (ms - ms0) * kc * MR;
            for (int r = 0; r < MR; r++) {
                int row = ms * MR + r;
                if (row >= m) {
                    for (int t = 0; t < kc; t++) ap[dst + t * MR + r] = 0f;
                    continue;
                }
                for (int kk = k0; kk < k0 + kc; ) {
                    int image = kk / p, pixel = kk % p, len = Math.min(p - pixel, k0 + kc - kk);
                    int s = gOff + (image * cout + row) * p + pixel, d = dst + (kk - k0) * MR + r;
                    for (int t = 0; t < len; t++) ap[d + t * MR] = gout[s + t];
                    kk += len;
                }
            }
        }
    }

    /**
     * Packs the patch matrix transposed: pixels {@code [k0, k0 + kc)} of the concatenated images
     * (rows) by taps of slivers {@code [s0, s1)} (columns): {@code bp[(s - s0) * kc * NR + t * NR + j]}.
     */
    private static void packPatchesTransposed(int[] taps, int[] pixels, float[] src, int srcOff, int imageStride, int p, int k,
                                              int k0, int kc, int s0, int s1, float[] bp) {
        for (int s = s0; s < s1; s++) {
            int dst = (s - s0) * kc * NR;
            for (int j = 0; j < NR; j++) {
                int tap = s * NR + j;
                if (tap >= k) {
                    for (int t = 0; t < kc; t++) bp[dst + t * NR + j] = 0f;
                    continue;
                }
                for (int kk = k0; kk < k0 + kc; ) {
                    int image = kk / p, pixel = kk % p, len = Math.min(p - pixel, k0 + kc - kk);
                    int base = srcOff + image * imageStride + taps[tap], d = dst + (kk - k0) * NR + j;
                    for (int t = 0; t < len; t++) bp[d + t * NR] = src[base + pixels[pixel + t]];
                    kk += len;
                }
            }
        }
    }
}
