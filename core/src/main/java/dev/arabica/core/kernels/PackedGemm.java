package dev.arabica.core.kernels;

import dev.arabica.core.simd.GemmMicroKernel;
import java.util.Arrays;

/**
 * BLIS-style GEMM on one block of C: op(B) is packed in {@code kc x nc} panels of
 * {@code nr}-column slivers, op(A) is walked in {@code mc x kc} blocks of {@code mr}-row slivers,
 * and the {@link GemmMicroKernel} computes one {@code mr x nr} tile of C per call. The kernel reads
 * A through a row and a column stride, so A is mostly read where it lies: packing A (a copy of
 * {@code m*k} values for {@code m*n*k} multiply-adds) cost a quarter of the time of the narrow
 * products of a transformer layer ({@code n = 128}; 130 -> 180 GFLOP/s in place on a Zen 5). It is
 * packed, row-major with row stride {@code kc}, only for a partial last sliver and for a transposed
 * A under a wide B panel (see {@link #A_IN_PLACE_COLUMNS}). Transposed operands are never
 * materialized.
 *
 * <p>The block sizes follow from the micro-kernel's tile ({@link Blocking#of}), so they follow the
 * vector width: {@code nc} is a multiple of {@code nr} and {@code mc} a multiple of {@code mr}, so
 * that every packed panel holds whole slivers, and the buffers are sized from those rounded values.
 * Cache plan: one B sliver ({@code kc x nr}, 32-64 KiB for the tiles in use) serves every A sliver
 * of the A block ({@code mc x kc}, 288 KiB, in L2); the B panel ({@code kc x nc}) lives in L3.
 *
 * <p>The constants are measured, not read from the cache sizes of the machine: {@link #KC} decides
 * how sums are split, so a machine-dependent value would make the same product give different bits
 * on different machines. {@code KC = 512} beat 256 at n >= 512 at every width on a
 * Zen 5 (each k block reads and writes the whole block of C once, so a deeper block halves that
 * traffic: 5-25 %, most at 512 bits), and was within the noise of 256 on a Zen 3 (512 KiB L2).
 *
 * <p>Every element of C is computed the same way wherever its tile lies: one fused multiply-add
 * chain per k block (the k-blocking depends on {@code k} and {@link #KC} only, not on the tile
 * shape), then {@code fma(alpha, sum, beta' * C)}. Edge tiles go through a scratch tile and the
 * same formula, so splitting C between threads never changes a bit, and micro-kernels of different
 * shapes give the same results.
 */
final class PackedGemm {
    /**
     * Depth of a k block. The same for every vector width and tile, so a product gives the same
     * bits whichever micro-kernel computes it.
     */
    static final int KC = 512;
    /** Floats in the packed A panel ({@code mc x kc}): 288 KiB, within a 512 KiB L2. */
    static final int A_PANEL_FLOATS = 144 * 512;
    /** Upper bound of {@code nc}; the largest multiple of {@code nr} not above it is used. */
    static final int NC_MAX = 4080;
    /**
     * A transposed A is read in place when the B panel is at most this many columns wide, else
     * packed. TN products with k = 1024, 1 thread, Zen 5: at 512 bits (32-column slivers) in place
     * ran 158 against 139 GFLOP/s at n = 128, 134 against 149 at n = 512 (n = 256: +3 % at m = 384,
     * -16 % at m = 1024); at 256 bits (16-column slivers) 83-87 against 74-77 at n = 128, 84-88
     * against 78-80 at n = 256. The width in columns, not slivers, is what held across both.
     */
    static final int A_IN_PLACE_COLUMNS = 128;

    /**
     * Block sizes for one micro-kernel: {@code mc} a multiple of {@code mr}, {@code nc} a multiple
     * of {@code nr}, {@code kc} the largest k block.
     */
    record Blocking(int mr, int nr, int mc, int kc, int nc) {
        static Blocking of(GemmMicroKernel kernel) {
            int mr = kernel.mr(), nr = kernel.nr();
            if (mr < 1 || nr < 1) throw new IllegalArgumentException("micro-tile " + mr + "x" + nr);
            int mc = Math.max(mr, A_PANEL_FLOATS / KC / mr * mr);
            int nc = Math.max(nr, NC_MAX / nr * nr);
            return new Blocking(mr, nr, mc, KC, nc);
        }
    }

    private PackedGemm() {}

    /** Per-thread packing buffers, grown on demand and kept for the next call. */
    static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        float[] tile = new float[0];

        float[] a(int size) {
            if (a.length < size) a = new float[size];
            return a;
        }

        float[] b(int size) {
            if (b.length < size) b = new float[size];
            return b;
        }

        float[] tile(int size) {
            if (tile.length < size) tile = new float[size];
            return tile;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** {@code C = alpha * op(A) * op(B) + beta * C} for {@code m, n, k >= 1}; see {@link Gemm#sgemm}. */
    static void gemm(GemmMicroKernel kernel, Blocking blocking, boolean transA, boolean transB,
                     int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        gemm(kernel, blocking, transA, m, n, k, alpha, a, aOff, lda, transB, b, bOff, ldb, null, beta, c, cOff, ldc);
    }

    /** Depth of the k blocks of a product with inner dimension {@code k}: equal-sized blocks, depending on {@code k} only. */
    static int kcMax(Blocking blocking, int k) {
        return ceilDiv(k, ceilDiv(k, blocking.kc()));
    }

    /**
     * All B panels of a product, in the order {@link #gemm} reads them (column blocks, then k blocks
     * within each): {@code k * roundUp(n, nr)} floats.
     */
    static float[] packAll(Blocking blocking, boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        int nr = blocking.nr(), ncBlock = blocking.nc(), kcMax = kcMax(blocking, k);
        float[] all = new float[k * roundUp(n, nr)];
        float[] panel = new float[kcMax * Math.min(ncBlock, roundUp(n, nr))];
        int off = 0;
        for (int jc = 0; jc < n; jc += ncBlock) {
            int nc = Math.min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc), size = kc * roundUp(nc, nr);
                packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, panel);
                System.arraycopy(panel, 0, all, off, size);
                off += size;
            }
        }
        return all;
    }

    /**
     * The product with op(B) either packed here per block ({@code packedB == null}) or read from
     * {@link #packAll}'s panels; the two give the same bits.
     */
    static void gemm(GemmMicroKernel kernel, Blocking blocking, boolean transA, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, boolean transB, float[] b, int bOff, int ldb, float[] packedB,
                     float beta, float[] c, int cOff, int ldc) {
        int mr = blocking.mr(), nr = blocking.nr(), mcBlock = blocking.mc(), ncBlock = blocking.nc();
        Buffers buffers = BUFFERS.get();
        int kcMax = kcMax(blocking, k);
        // Panels hold whole slivers: ceil(nc / nr) slivers of kc x nr floats, likewise for A.
        float[] bp = packedB != null ? packedB : buffers.b(kcMax * Math.min(ncBlock, roundUp(n, nr)));
        float[] ap = buffers.a(kcMax * Math.min(mcBlock, roundUp(m, mr)));
        float[] tile = buffers.tile(mr * nr);
        int panelOff = 0;

        for (int jc = 0; jc < n; jc += ncBlock) {
            int nc = Math.min(ncBlock, n - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                int bpBase = panelOff;
                if (packedB == null) {
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, nr, bp);
                } else {
                    panelOff += kc * roundUp(nc, nr);
                }
                float betaBlock = pc == 0 ? beta : 1f;
                // A is read where it lies, except a partial last sliver (copied, padded with zero
                // rows) and a transposed A under a wide panel of B: a transposed sliver spans kc
                // rows of A (kc cache lines, often kc pages), read again for every B sliver, so
                // beyond A_IN_PLACE_COLUMNS one packed copy is faster.
                boolean aInPlace = !transA || nc <= A_IN_PLACE_COLUMNS;
                for (int ic = 0; ic < m; ic += mcBlock) {
                    int mc = Math.min(mcBlock, m - ic);
                    int packedFrom = aInPlace ? mc / mr * mr : 0;
                    packA(transA, a, aOff, lda, ic + packedFrom, mc - packedFrom, pc, kc, mr, ap);
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nrValid = Math.min(nr, nc - jr);
                        int bpOff = bpBase + (jr / nr) * kc * nr;
                        for (int ir = 0; ir < mc; ir += mr) {
                            int mrValid = Math.min(mr, mc - ir);
                            // the sliver's A: a[as + r*rs + p*cs]
                            float[] as = a;
                            int asOff, rs, cs;
                            if (ir >= packedFrom) {
                                as = ap; asOff = (ir - packedFrom) * kc; rs = kc; cs = 1;
                            } else if (transA) {
                                asOff = aOff + pc * lda + ic + ir; rs = 1; cs = lda;
                            } else {
                                asOff = aOff + (ic + ir) * lda + pc; rs = lda; cs = 1;
                            }
                            int cTile = cOff + (ic + ir) * ldc + jc + jr;
                            if (mrValid == mr && nrValid == nr) {
                                kernel.compute(kc, as, asOff, rs, cs, bp, bpOff, alpha, betaBlock, c, cTile, ldc);
                            } else {
                                kernel.compute(kc, as, asOff, rs, cs, bp, bpOff, 1f, 0f, tile, 0, nr);
                                mergeTile(tile, nr, mrValid, nrValid, alpha, betaBlock, c, cTile, ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The micro-kernel's update formula, for the valid part of an edge tile. */
    static void mergeTile(float[] tile, int nr, int rows, int cols, float alpha, float beta,
                          float[] c, int cOff, int ldc) {
        for (int r = 0; r < rows; r++) {
            int t = r * nr;
            int ci = cOff + r * ldc;
            if (beta == 0f) {
                for (int j = 0; j < cols; j++) c[ci + j] = tile[t + j] * alpha;
            } else {
                for (int j = 0; j < cols; j++) c[ci + j] = Math.fma(tile[t + j], alpha, c[ci + j] * beta);
            }
        }
    }

    /**
     * Packs {@code op(B)[pc:pc+kc, jc:jc+nc]} into {@code nr}-column slivers:
     * {@code bp[s*kc*nr + p*nr + j] = op(B)(pc+p, jc+s*nr+j)}, zero past column {@code nc}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, int nr,
                      float[] bp) {
        for (int s = 0, j0 = 0; j0 < nc; s++, j0 += nr) {
            int cols = Math.min(nr, nc - j0);
            int dst = s * kc * nr;
            if (!transB) {
                int src = bOff + pc * ldb + jc + j0;
                for (int p = 0; p < kc; p++, src += ldb, dst += nr) {
                    System.arraycopy(b, src, bp, dst, cols);
                    for (int j = cols; j < nr; j++) bp[dst + j] = 0f;
                }
            } else {
                // op(B)(p, j) = b[j*ldb + p]: read eight (then four) columns of op(B), rows of B,
                // contiguously at once, so that each p writes that many adjacent floats instead of one.
                int j = 0;
                for (; j + 8 <= cols; j += 8) transpose8(b, bOff + (jc + j0 + j) * ldb + pc, ldb, kc, bp, dst + j, nr);
                for (; j + 4 <= cols; j += 4) {
                    int s0 = bOff + (jc + j0 + j) * ldb + pc, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    for (int p = 0, d = dst + j; p < kc; p++, d += nr) {
                        bp[d] = b[s0 + p];
                        bp[d + 1] = b[s1 + p];
                        bp[d + 2] = b[s2 + p];
                        bp[d + 3] = b[s3 + p];
                    }
                }
                for (; j < cols; j++) {
                    int src = bOff + (jc + j0 + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) bp[dst + p * nr + j] = b[src + p];
                }
                for (j = cols; j < nr; j++) {
                    for (int p = 0; p < kc; p++) bp[dst + p * nr + j] = 0f;
                }
            }
        }
    }

    /**
     * Packs {@code op(A)[ic:ic+mc, pc:pc+kc]} row-major with row stride {@code kc}, the layout the
     * micro-kernel reads A in: {@code ap[r*kc + p] = op(A)(ic+r, pc+p)}, with zero rows up to the
     * next multiple of {@code mr}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int mr,
                      float[] ap) {
        if (!transA) {
            for (int r = 0; r < mc; r++) System.arraycopy(a, aOff + (ic + r) * lda + pc, ap, r * kc, kc);
        } else {
            // op(A)(i, p) = a[p*lda + i]: a transpose. Rows of a are read in order, eight at a time,
            // so that each row of ap receives eight adjacent floats per pass.
            int p = 0;
            for (; p + 8 <= kc; p += 8) transpose8(a, aOff + (pc + p) * lda + ic, lda, mc, ap, p, kc);
            for (; p < kc; p++) {
                int src = aOff + (pc + p) * lda + ic;
                for (int r = 0, d = p; r < mc; r++, d += kc) ap[d] = a[src + r];
            }
        }
        Arrays.fill(ap, mc * kc, roundUp(mc, mr) * kc, 0f);
    }

    /**
     * Eight rows of {@code len} values ({@code src[s0 + i*ld + t]}, {@code i < 8}) written as
     * {@code len} groups of eight adjacent values, {@code step} apart:
     * {@code dst[d + t*step + i]}. The transposing step of both packings: eight source streams read
     * in order, and every destination line receives eight values at once.
     */
    private static void transpose8(float[] src, int s0, int ld, int len, float[] dst, int d, int step) {
        int s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld, s7 = s6 + ld;
        for (int t = 0; t < len; t++, d += step) {
            dst[d] = src[s0 + t];
            dst[d + 1] = src[s1 + t];
            dst[d + 2] = src[s2 + t];
            dst[d + 3] = src[s3 + t];
            dst[d + 4] = src[s4 + t];
            dst[d + 5] = src[s5 + t];
            dst[d + 6] = src[s6 + t];
            dst[d + 7] = src[s7 + t];
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
