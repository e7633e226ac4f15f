package org.flatlens.tensor.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = A B} for matrices of a few dozen rows and columns, read in place on the calling thread: attention's
 * per-head products (17 tokens × 16 features in the small ViT) and the analysis' per-sample products are too small
 * for {@link Gemm}'s packing and task dispatch to pay off. A is read through a row and a column stride (so a stored
 * transpose costs nothing); B must have contiguous rows. A tile of {@value #ROWS} rows of C by four vectors of columns
 * keeps 16 accumulators; leftover columns take two vectors, one, then scalars.
 *
 * <p>Each element is {@code fma(a_{i,k−1}, b_{k−1,j}, … fma(a_{i,0}, b_{0,j}, 0))}, p increasing, whatever the tile:
 * the same bits as {@link Gemm} for {@code k ≤ Gemm.KC}.
 */
public final class SmallGemm {
    /** Rows of C per tile. */
    public static final int ROWS = 4;
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private SmallGemm() {}

    /**
     * {@code C = A B}; only C is modified (its old values are ignored).
     *
     * @param a A {@code m × k}: element (i, p) at {@code a[aOff + i·aRow + p·aCol]}
     * @param b B {@code k × n}: element (p, j) at {@code b[bOff + p·ldb + j]}
     * @param c C {@code m × n}: element (i, j) at {@code c[cOff + i·ldc + j]}
     */
    public static void multiply(int m, int n, int k, double[] a, int aOff, int aRow, int aCol, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            int ai = aOff + i * aRow, ci = cOff + i * ldc, j = 0;
            for (; j + 4 * L <= n; j += 4 * L) wideTile(k, a, ai, aRow, aCol, b, bOff + j, ldb, c, ci + j, ldc);
            for (; j + 2 * L <= n; j += 2 * L) tile(k, a, ai, aRow, aCol, b, bOff + j, ldb, c, ci + j, ldc);
            if (j + L <= n) {
                tileOneVector(k, a, ai, aRow, aCol, b, bOff + j, ldb, c, ci + j, ldc);
                j += L;
            }
            for (; j < n; j++) {
                for (int r = 0; r < ROWS; r++) {
                    c[ci + r * ldc + j] = column(k, a, ai + r * aRow, aCol, b, bOff + j, ldb);
                }
            }
        }
        for (; i < m; i++) row(n, k, a, aOff + i * aRow, aCol, b, bOff, ldb, c, cOff + i * ldc);
    }

    /**
     * One row of A (from {@code ai}) times B into C's row at {@code ci}: four vectors of columns at a time (four
     * independent chains of fused multiply–adds; one chain alone waits on each fma's latency), then one vector, then
     * scalars.
     */
    private static void row(int n, int k, double[] a, int ai, int aCol, double[] b, int bOff, int ldb, double[] c,
            int ci) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
            for (int p = 0; p < k; p++) {
                int bp = bOff + p * ldb + j;
                DoubleVector x = DoubleVector.broadcast(S, a[ai + p * aCol]);
                c0 = x.fma(DoubleVector.fromArray(S, b, bp), c0);
                c1 = x.fma(DoubleVector.fromArray(S, b, bp + L), c1);
                c2 = x.fma(DoubleVector.fromArray(S, b, bp + 2 * L), c2);
                c3 = x.fma(DoubleVector.fromArray(S, b, bp + 3 * L), c3);
            }
            c0.intoArray(c, ci + j);
            c1.intoArray(c, ci + j + L);
            c2.intoArray(c, ci + j + 2 * L);
            c3.intoArray(c, ci + j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            DoubleVector acc = DoubleVector.zero(S);
            for (int p = 0; p < k; p++) {
                acc = DoubleVector.broadcast(S, a[ai + p * aCol]).fma(DoubleVector.fromArray(S, b, bOff + p * ldb + j), acc);
            }
            acc.intoArray(c, ci + j);
        }
        for (; j < n; j++) c[ci + j] = column(k, a, ai, aCol, b, bOff + j, ldb);
    }

    /** Rows {@code 0..ROWS} of A (from {@code ai}) times columns {@code bj..bj+2L} of B into C at {@code ci}. */
    private static void tile(int k, double[] a, int ai, int aRow, int aCol, double[] b, int bj, int ldb, double[] c,
            int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00;
        DoubleVector c31 = c00;
        int a1 = ai + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * ldb, ap = p * aCol;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp), b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
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
     * As {@link #tile} for four vectors of columns: 16 accumulators, so each broadcast of A serves four fmas and the
     * loads per fma drop from 3/4 to 1/2 (the analysis' per-sample products have 64–192 columns).
     */
    private static void wideTile(int k, double[] a, int ai, int aRow, int aCol, double[] b, int bj, int ldb,
            double[] c, int ci, int ldc) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int a1 = ai + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = bj + p * ldb, ap = p * aCol;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bp), b1 = DoubleVector.fromArray(S, b, bp + L);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bp + 2 * L), b3 = DoubleVector.fromArray(S, b, bp + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, a[ai + ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(S, a[a1 + ap]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = DoubleVector.broadcast(S, a[a2 + ap]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = DoubleVector.broadcast(S, a[a3 + ap]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        int r1 = ci + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c12.intoArray(c, r1 + 2 * L);
        c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c22.intoArray(c, r2 + 2 * L);
        c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c32.intoArray(c, r3 + 2 * L);
        c33.intoArray(c, r3 + 3 * L);
    }

    /** As {@link #tile} for one vector of columns. */
    private static void tileOneVector(int k, double[] a, int ai, int aRow, int aCol, double[] b, int bj, int ldb,
            double[] c, int ci, int ldc) {
        DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a1 = ai + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int p = 0; p < k; p++) {
            int ap = p * aCol;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bj + p * ldb);
            c0 = DoubleVector.broadcast(S, a[ai + ap]).fma(b0, c0);
            c1 = DoubleVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = DoubleVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = DoubleVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + ldc);
        c2.intoArray(c, ci + 2 * ldc);
        c3.intoArray(c, ci + 3 * ldc);
    }

    /** {@code Σ_p a[ai + p·aCol] b[bj + p·ldb]}, p ascending, fused as in {@link #tile}. */
    private static double column(int k, double[] a, int ai, int aCol, double[] b, int bj, int ldb) {
        double s = 0;
        for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * aCol], b[bj + p * ldb], s);
        return s;
    }
}
