package org.flatlens.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels of {@link Gemm}: one {@value #MR} × {@code NR} tile of C over one k-block.
 *
 * <p>For each {@code p} a kernel loads the two vectors of row {@code p} of a B panel ({@code NR} columns), broadcasts
 * each of the {@value #MR} values of column {@code p} of A and accumulates 4 × 2 vector FMAs in registers. The sum over
 * the k-block runs in increasing {@code p} and is then stored into or added to C, so the rounding of every element
 * depends only on the k-blocking, never on the kernel variant, the tile shape or the thread that computes it.
 *
 * <p>Why 4 rows and not the 6 that 16 AVX2 registers allow: 8 accumulators, 2 B vectors and 1 broadcast use 11
 * registers. With 6 rows (15 registers) C2's register allocator spilled accumulators to the stack in about one JVM
 * start in four, depending on the profile, and the kernel then ran at about 70 % speed for the life of the JVM. With 4
 * rows and constant strides the loop has no spills and, on Zen 1, is as fast as the 6-row one at its best.
 *
 * <p>The three variants differ only in where the operands are read: {@link #tile} from packed A and packed B (constant
 * strides, so C2 removes every bounds check from the loop), {@link #tileRowsA} from A's rows in place,
 * {@link #tileStridedB} from B's rows in place.
 */
final class GemmKernel {
    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    /** Lanes per vector. */
    static final int L = SPECIES.length();
    /** Rows of a micro-tile. */
    static final int MR = 4;
    /** Columns of a micro-tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {}

    /**
     * {@code C[ci + r*ldc + j] (+)= Σ_p ap[ai + p*MR + r] · bp[bi + p*NR + j]} for {@code r < MR, j < NR}: a packed A
     * micro-panel times a packed B micro-panel.
     *
     * @param add false stores the product (C's old values are ignored, NaNs included); true adds it to C
     */
    static void tile(int kb, double[] ap, int ai, double[] bp, int bi, double[] c, int ci, int ldc, boolean add) {
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
     * As {@link #tile}, with A's rows read in place: element (r, p) is {@code a[ai + r*lda + p]}.
     */
    static void tileRowsA(int kb, double[] a, int ai, int lda, double[] bp, int bi, double[] c, int ci, int ldc,
                          boolean add) {
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
     * As {@link #tile}, with B's rows read at stride {@code bs}: element (p, j) is {@code b[bi + p*bs + j]} (B in place,
     * or a packed panel with {@code bs = NR}).
     */
    static void tileStridedB(int kb, double[] ap, int ai, double[] b, int bi, int bs, double[] c, int ci, int ldc,
                             boolean add) {
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
     * The valid {@code rows × cols} corner of a tile that a kernel computed into {@code scratch} (row stride NR, stored
     * with {@code add = false}) goes into C: a partial tile gets the same rounding as a full one.
     */
    static void store(double[] scratch, double[] c, int ci, int ldc, boolean add, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < cols; j++) {
                double v = scratch[r * NR + j];
                c[row + j] = add ? c[row + j] + v : v;
            }
        }
    }
}
