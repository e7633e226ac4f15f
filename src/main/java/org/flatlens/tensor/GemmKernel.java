package org.flatlens.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link Gemm}: one {@code mr × NR} tile of C, {@code mr} = {@value #MR_WIDE} or
 * {@value #MR_NARROW}, from packed micro-panels.
 *
 * <p>A micro-panel of A holds {@code mr} rows of one k-block stored k-major ({@code ap[p*mr + r]}); a panel of B holds
 * {@code NR} columns, row {@code p} at {@code bp[bi + p*bs]}. For each {@code p} the kernel loads the two B vectors of
 * row {@code p}, broadcasts each of the {@code mr} values of A and accumulates {@code mr × 2} vector FMAs in registers
 * (6 × 2 = 12 accumulators, 2 B vectors and 1 broadcast fill 15 of the 16 AVX2 registers). The sum over the k-block
 * runs in increasing {@code p} and is then stored into or added to C, so the rounding of every element depends only on
 * the k-blocking, never on which thread computes the tile.
 */
final class GemmKernel {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = SPECIES.length();
    /** Rows of the main micro-tile: the most accumulators that fit the registers. */
    static final int MR_WIDE = 6;
    /** Rows of the micro-tile for products with few rows (8 or 16 rows split evenly). */
    static final int MR_NARROW = 4;
    /** Columns of a micro-tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {}

    /**
     * {@code C[ci + r*ldc + j] (+)= Σ_p ap[ai + p*mr + r] · bp[bi + p*bs + j]} for the full tile {@code r < mr, j < NR}.
     *
     * @param mr  {@link #MR_WIDE} or {@link #MR_NARROW}
     * @param bs  row stride of the B panel: {@code NR} when packed, B's own row stride when read in place
     * @param add false stores the product (C's old values are ignored, NaNs included); true adds it to C
     */
    static void tile(int mr, int kb, double[] ap, int ai, double[] bp, int bi, int bs, double[] c, int ci, int ldc,
                     boolean add) {
        if (mr == MR_WIDE) tile6(kb, ap, ai, bp, bi, bs, c, ci, ldc, add);
        else tile4(kb, ap, ai, bp, bi, bs, c, ci, ldc, add);
    }

    private static void tile6(int kb, double[] ap, int ai, double[] bp, int bi, int bs, double[] c, int ci, int ldc,
                              boolean add) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        DoubleVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * 6, b = bi + p * bs;
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
        }
        // Written out rather than through a helper: passing vectors to a call that C2 declines to inline boxes them.
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(s, c, ci));
            c01 = c01.add(DoubleVector.fromArray(s, c, ci + L));
            c10 = c10.add(DoubleVector.fromArray(s, c, r1));
            c11 = c11.add(DoubleVector.fromArray(s, c, r1 + L));
            c20 = c20.add(DoubleVector.fromArray(s, c, r2));
            c21 = c21.add(DoubleVector.fromArray(s, c, r2 + L));
            c30 = c30.add(DoubleVector.fromArray(s, c, r3));
            c31 = c31.add(DoubleVector.fromArray(s, c, r3 + L));
            c40 = c40.add(DoubleVector.fromArray(s, c, r4));
            c41 = c41.add(DoubleVector.fromArray(s, c, r4 + L));
            c50 = c50.add(DoubleVector.fromArray(s, c, r5));
            c51 = c51.add(DoubleVector.fromArray(s, c, r5 + L));
        }
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
    }

    private static void tile4(int kb, double[] ap, int ai, double[] bp, int bi, int bs, double[] c, int ci, int ldc,
                              boolean add) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        for (int p = 0; p < kb; p++) {
            int a = ai + p * 4, b = bi + p * bs;
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
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (add) {
            c00 = c00.add(DoubleVector.fromArray(s, c, ci));
            c01 = c01.add(DoubleVector.fromArray(s, c, ci + L));
            c10 = c10.add(DoubleVector.fromArray(s, c, r1));
            c11 = c11.add(DoubleVector.fromArray(s, c, r1 + L));
            c20 = c20.add(DoubleVector.fromArray(s, c, r2));
            c21 = c21.add(DoubleVector.fromArray(s, c, r2 + L));
            c30 = c30.add(DoubleVector.fromArray(s, c, r3));
            c31 = c31.add(DoubleVector.fromArray(s, c, r3 + L));
        }
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
     * The same product for a partial tile ({@code rows ≤ mr}, {@code cols ≤ NR}): the full tile is computed into
     * {@code scratch} (length ≥ {@code MR_WIDE*NR}; the A panel is zero-padded, and the B panel is zero-padded or has
     * NR valid columns) and only its valid part reaches C, with the same rounding as {@link #tile}.
     */
    static void edge(int mr, int kb, double[] ap, int ai, double[] bp, int bi, int bs, double[] c, int ci, int ldc,
                     boolean add, int rows, int cols, double[] scratch) {
        tile(mr, kb, ap, ai, bp, bi, bs, scratch, 0, NR, false);
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                double v = scratch[r * NR + j];
                c[row + j] = add ? c[row + j] + v : v;
            }
        }
    }
}
