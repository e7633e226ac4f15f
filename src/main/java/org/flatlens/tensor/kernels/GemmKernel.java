package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link Gemm}: one {@code MR × NR} tile of C over one k-block.
 *
 * <p>For each {@code p} a kernel loads the two vectors of row {@code p} of a B panel ({@code NR} columns), broadcasts
 * each of the {@code MR} values of column {@code p} of A and accumulates {@code MR} × 2 vector FMAs in registers. The
 * sum over the k-block runs in increasing {@code p} and is then stored, so the rounding of every element depends only
 * on the k-blocking, never on the kernel variant, the tile shape or the thread that computes it. A sum that must be
 * added to C is stored to a scratch tile first and added by {@link #store}: with the addition inside, C2 compiled the
 * 8-row kernels, in some JVM runs, with their last stores left to the Vector API's fallback (the vectors' exact class
 * was lost), which boxed the accumulators and ran the kernel 2–4× slower for the life of the JVM.
 *
 * <p>The tile height is fixed at class initialisation from the vector size, so the choice is a JIT constant:
 * <ul>
 *   <li>4 rows with 256-bit vectors (AVX2, 16 registers): 8 accumulators, 2 B vectors and 1 broadcast use 11
 *       registers. With 6 rows (15 registers) C2's register allocator spilled accumulators to the stack in about one
 *       JVM start in four, and the kernel then ran at about 70 % speed for the life of the JVM. With 4 rows the loop
 *       has no spills and, on Zen 1, is as fast as the 6-row one at its best.</li>
 *   <li>8 rows with 512-bit vectors (AVX-512, 32 registers): 16 accumulators cover 2 FMA pipes × 4 cycles of latency
 *       twice over, and the 2 B loads and 8 broadcasts serve 16 FMAs instead of 6 loads serving 8.</li>
 * </ul>
 *
 * <p>The three variants differ only in where the operands are read: {@link #tile} from packed A and packed B (constant
 * strides, so C2 removes every bounds check from the loop), {@link #tileRowsA} from A's rows in place,
 * {@link #tileStridedB} from B's rows in place.
 */
final class GemmKernel {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = SPECIES.length();
    /** Rows of a micro-tile: 8 where vectors are 512 bits wide (and there are 32 vector registers), else 4. */
    static final int MR = L >= 8 ? 8 : 4;
    /** Columns of a micro-tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {}

    /**
     * {@code C[ci + r*ldc + j] = Σ_p ap[ai + p*MR + r] · bp[bi + p*NR + j]} for {@code r < MR, j < NR}: a packed A
     * micro-panel times a packed B micro-panel.
     *
     */
    static void tile(int kb, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        if (MR == 8) tile8(kb, ap, ai, bp, bi, c, ci, ldc);
        else tile4(kb, ap, ai, bp, bi, c, ci, ldc);
    }

    private static void tile4(int kb, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * MR, b = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(s, bp, b), b1 = DoubleVector.fromArray(s, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(s, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        // Written out rather than through a helper: passing vectors to a call that C2 declines to inline boxes them.
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /**
     * As {@link #tile}, with A's rows read in place: element (r, p) is {@code a[ai + r*lda + p]}.
     */
    static void tileRowsA(int kb, double[] a, int ai, int lda, double[] bp, int bi, double[] c, int ci, int ldc) {
        if (MR == 8) tileRowsA8(kb, a, ai, lda, bp, bi, c, ci, ldc);
        else tileRowsA4(kb, a, ai, lda, bp, bi, c, ci, ldc);
    }

    private static void tileRowsA4(int kb, double[] a, int ai, int lda, double[] bp, int bi, double[] c, int ci,
                                   int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < kb; p++) {
            int b = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(s, bp, b), b1 = DoubleVector.fromArray(s, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(s, a[ai + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /**
     * As {@link #tile}, with B's rows read at stride {@code bs}: element (p, j) is {@code b[bi + p*bs + j]} (B in place,
     * or a packed panel with {@code bs = NR}).
     */
    static void tileStridedB(int kb, double[] ap, int ai, double[] b, int bi, int bs, double[] c, int ci, int ldc) {
        if (MR == 8) tileStridedB8(kb, ap, ai, b, bi, bs, c, ci, ldc);
        else tileStridedB4(kb, ap, ai, b, bi, bs, c, ci, ldc);
    }

    private static void tileStridedB4(int kb, double[] ap, int ai, double[] b, int bi, int bs, double[] c, int ci,
                                      int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * MR, q = bi + p * bs;
            DoubleVector b0 = DoubleVector.fromArray(s, b, q), b1 = DoubleVector.fromArray(s, b, q + L);
            DoubleVector x = DoubleVector.broadcast(s, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /** {@link #tile} with 8 rows. */
    private static void tile8(int kb, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * MR, b = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(s, bp, b), b1 = DoubleVector.fromArray(s, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(s, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(s, ap[a + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(s, ap[a + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = DoubleVector.broadcast(s, ap[a + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = DoubleVector.broadcast(s, ap[a + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    /** {@link #tileRowsA} with 8 rows. */
    private static void tileRowsA8(int kb, double[] a, int ai, int lda, double[] bp, int bi, double[] c, int ci, int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kb; p++) {
            int b = bi + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(s, bp, b), b1 = DoubleVector.fromArray(s, bp, b + L);
            DoubleVector x = DoubleVector.broadcast(s, a[ai + p]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, a[a1 + p]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, a[a2 + p]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, a[a3 + p]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(s, a[a4 + p]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(s, a[a5 + p]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = DoubleVector.broadcast(s, a[a6 + p]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = DoubleVector.broadcast(s, a[a7 + p]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    /** {@link #tileStridedB} with 8 rows. */
    private static void tileStridedB8(int kb, double[] ap, int ai, double[] b, int bi, int bs, double[] c, int ci, int ldc) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        DoubleVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * MR, q = bi + p * bs;
            DoubleVector b0 = DoubleVector.fromArray(s, b, q), b1 = DoubleVector.fromArray(s, b, q + L);
            DoubleVector x = DoubleVector.broadcast(s, ap[a]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(s, ap[a + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(s, ap[a + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(s, ap[a + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(s, ap[a + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(s, ap[a + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = DoubleVector.broadcast(s, ap[a + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = DoubleVector.broadcast(s, ap[a + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc, r6 = r5 + ldc, r7 = r6 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    /**
     * The valid {@code rows × cols} corner of a tile that a kernel computed into {@code scratch} (row stride NR) is
     * stored into C ({@code add}: added to C's values): a partial tile gets the same rounding as a full one.
     */
    static void store(double[] scratch, double[] c, int ci, int ldc, boolean add, int rows, int cols) {
        if (add && rows == MR && cols == NR) {
            addFull(scratch, c, ci, ldc);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                double v = scratch[r * NR + j];
                c[row + j] = add ? c[row + j] + v : v;
            }
        }
    }

    /** {@code C += scratch} for a full {@code MR × NR} tile, a vector at a time (the same sums as the scalar loop). */
    private static void addFull(double[] scratch, double[] c, int ci, int ldc) {
        for (int r = 0; r < MR; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < NR; j += L) {
                DoubleVector.fromArray(SPECIES, c, row + j).add(DoubleVector.fromArray(SPECIES, scratch, r * NR + j))
                        .intoArray(c, row + j);
            }
        }
    }
}
