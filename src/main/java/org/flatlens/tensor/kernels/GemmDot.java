package org.flatlens.tensor.kernels;

import static org.flatlens.tensor.kernels.GemmKernel.L;
import static org.flatlens.tensor.kernels.GemmKernel.SPECIES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import org.flatlens.tensor.kernels.GemmPack.Operand;

/**
 * {@link Gemm}'s path for {@code A·Bᵀ} with few rows of A: both operands are read in place as rows along k, and each
 * element of C is a dot product, so B (often a weight matrix) is never transposed into a packed copy.
 *
 * <p>A tile of {@value #ROWS} rows of A by {@value #COLS} rows of B keeps 8 vector accumulators; lane {@code l} of an
 * accumulator sums the terms {@code p ≡ l (mod L)} of the k-block. The lanes are then added left to right, then the
 * remaining {@code kb mod L} terms, then the sum goes into C: a fixed order that depends only on the shape. A 4 × 3 tile
 * needed all 16 AVX2 registers and C2 spilled accumulators to the stack in every JVM start; this one needs 11, though
 * C2 unrolls its loop four times and still spills some (the spills are then shared by four steps). With 512-bit
 * vectors (and 32 registers) a {@value #ROWS} × {@value #WIDE_COLS} tile loads 8 vectors per 16 FMAs instead of 6 per 8;
 * on Zen 5 it took 8×784×500 and 16×784×500 products from 1.37× to 1.05× OpenBLAS's single-thread time. Each element
 * keeps the same order of terms in either tile.
 */
final class GemmDot {
    static final int ROWS = 4, COLS = 2, WIDE_COLS = 4;
    /** 512-bit vectors come with 32 registers, enough for a tile of {@value #WIDE_COLS} columns. */
    private static final boolean WIDE = L >= 8;

    private GemmDot() {}

    /**
     * {@code C[i, j] (+)= Σ_{p<kb} A[i0+i, p0+p] · B[j0+j, p0+p]} for {@code i < mt, j < nt}, A stored m×k and B stored
     * n×k; C's element (i, j) is at {@code c[ci + i*ldc + j]}.
     */
    static void block(Operand a, Operand b, int p0, int kb, int i0, int mt, int j0, int nt, double[] c, int ci, int ldc,
                      boolean add) {
        int j = 0;
        if (WIDE) {
            for (; j + WIDE_COLS <= nt; j += WIDE_COLS) {
                int bj = b.off() + (j0 + j) * b.ld() + p0;
                int i = 0;
                for (; i + ROWS <= mt; i += ROWS) {
                    int ai = a.off() + (i0 + i) * a.ld() + p0;
                    tileWide(kb, a.data(), ai, a.ld(), b.data(), bj, b.ld(), c, ci + i * ldc + j, ldc, add);
                }
                for (; i < mt; i++) {
                    dots(kb, a.data(), a.off() + (i0 + i) * a.ld() + p0, b, bj, WIDE_COLS, c, ci + i * ldc + j, add);
                }
            }
        }
        for (; j < nt; j += COLS) {
            int bj = b.off() + (j0 + j) * b.ld() + p0;
            for (int i = 0; i < mt; i += ROWS) {
                int ai = a.off() + (i0 + i) * a.ld() + p0, cij = ci + i * ldc + j;
                if (i + ROWS <= mt && j + COLS <= nt) {
                    tile(kb, a.data(), ai, a.ld(), b.data(), bj, b.ld(), c, cij, ldc, add);
                } else {
                    for (int r = 0; r < Math.min(ROWS, mt - i); r++) {
                        dots(kb, a.data(), ai + r * a.ld(), b, bj, Math.min(COLS, nt - j), c, cij + r * ldc, add);
                    }
                }
            }
        }
    }

    /** The edge of a block: one row of A (from {@code ai}) against {@code cols} rows of B (from {@code bj}). */
    private static void dots(int kb, double[] a, int ai, Operand b, int bj, int cols, double[] c, int at, boolean add) {
        for (int q = 0; q < cols; q++) {
            double s = dot(kb, a, ai, b.data(), bj + q * b.ld());
            c[at + q] = add ? c[at + q] + s : s;
        }
    }

    private static void tile(int kb, double[] a, int ai, int lda, double[] b, int bj, int ldb, double[] c, int ci,
                             int ldc, boolean add) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c10 = c00, c11 = c00;
        DoubleVector c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        int kv = kb - kb % L, a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = bj + ldb;
        for (int p = 0; p < kv; p += L) {
            DoubleVector v0 = DoubleVector.fromArray(s, b, bj + p), v1 = DoubleVector.fromArray(s, b, b1 + p);
            DoubleVector x = DoubleVector.fromArray(s, a, ai + p);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            x = DoubleVector.fromArray(s, a, a1 + p);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            x = DoubleVector.fromArray(s, a, a2 + p);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            x = DoubleVector.fromArray(s, a, a3 + p);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
        }
        row(c, ci, add, kb, kv, a, ai, b, bj, b1, c00, c01);
        row(c, ci + ldc, add, kb, kv, a, a1, b, bj, b1, c10, c11);
        row(c, ci + 2 * ldc, add, kb, kv, a, a2, b, bj, b1, c20, c21);
        row(c, ci + 3 * ldc, add, kb, kv, a, a3, b, bj, b1, c30, c31);
    }

    /** As {@link #tile} with {@value #WIDE_COLS} columns: 16 accumulators, for 32 vector registers. */
    private static void tileWide(int kb, double[] a, int ai, int lda, double[] b, int bj, int ldb, double[] c, int ci,
                                 int ldc, boolean add) {
        var s = SPECIES;
        DoubleVector c00 = DoubleVector.zero(s), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00;
        DoubleVector c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int kv = kb - kb % L, a1 = ai + lda, a2 = a1 + lda, a3 = a2 + lda, b1 = bj + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        for (int p = 0; p < kv; p += L) {
            DoubleVector v0 = DoubleVector.fromArray(s, b, bj + p), v1 = DoubleVector.fromArray(s, b, b1 + p);
            DoubleVector v2 = DoubleVector.fromArray(s, b, b2 + p), v3 = DoubleVector.fromArray(s, b, b3 + p);
            DoubleVector x = DoubleVector.fromArray(s, a, ai + p);
            c00 = x.fma(v0, c00);
            c01 = x.fma(v1, c01);
            c02 = x.fma(v2, c02);
            c03 = x.fma(v3, c03);
            x = DoubleVector.fromArray(s, a, a1 + p);
            c10 = x.fma(v0, c10);
            c11 = x.fma(v1, c11);
            c12 = x.fma(v2, c12);
            c13 = x.fma(v3, c13);
            x = DoubleVector.fromArray(s, a, a2 + p);
            c20 = x.fma(v0, c20);
            c21 = x.fma(v1, c21);
            c22 = x.fma(v2, c22);
            c23 = x.fma(v3, c23);
            x = DoubleVector.fromArray(s, a, a3 + p);
            c30 = x.fma(v0, c30);
            c31 = x.fma(v1, c31);
            c32 = x.fma(v2, c32);
            c33 = x.fma(v3, c33);
        }
        row(c, ci, add, kb, kv, a, ai, b, bj, b1, c00, c01);
        row(c, ci + 2, add, kb, kv, a, ai, b, b2, b3, c02, c03);
        row(c, ci + ldc, add, kb, kv, a, a1, b, bj, b1, c10, c11);
        row(c, ci + ldc + 2, add, kb, kv, a, a1, b, b2, b3, c12, c13);
        row(c, ci + 2 * ldc, add, kb, kv, a, a2, b, bj, b1, c20, c21);
        row(c, ci + 2 * ldc + 2, add, kb, kv, a, a2, b, b2, b3, c22, c23);
        row(c, ci + 3 * ldc, add, kb, kv, a, a3, b, bj, b1, c30, c31);
        row(c, ci + 3 * ldc + 2, add, kb, kv, a, a3, b, b2, b3, c32, c33);
    }

    private static void row(double[] c, int at, boolean add, int kb, int kv, double[] a, int ai, double[] b, int b0,
                            int b1, DoubleVector s0, DoubleVector s1) {
        double d0 = finish(s0, kb, kv, a, ai, b, b0), d1 = finish(s1, kb, kv, a, ai, b, b1);
        c[at] = add ? c[at] + d0 : d0;
        c[at + 1] = add ? c[at + 1] + d1 : d1;
    }

    /** One dot product of length kb, in the same order as a tile's element. */
    private static double dot(int kb, double[] a, int ai, double[] b, int bj) {
        DoubleVector acc = DoubleVector.zero(SPECIES);
        int kv = kb - kb % L;
        for (int p = 0; p < kv; p += L) {
            acc = DoubleVector.fromArray(SPECIES, a, ai + p).fma(DoubleVector.fromArray(SPECIES, b, bj + p), acc);
        }
        return finish(acc, kb, kv, a, ai, b, bj);
    }

    /**
     * Lanes added left to right, then the scalar tail {@code kv ≤ p < kb}. C2 reduces doubles in lane order, as the Java
     * fallback does, and in registers: the former round trip through a scratch array cost 10–30 % of the time.
     */
    private static double finish(DoubleVector acc, int kb, int kv, double[] a, int ai, double[] b, int bj) {
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (int p = kv; p < kb; p++) s = Math.fma(a[ai + p], b[bj + p], s);
        return s;
    }
}
