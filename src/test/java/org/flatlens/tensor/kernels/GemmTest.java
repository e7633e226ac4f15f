package org.flatlens.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Gemm} against a naive triple loop, and bit-identical across thread counts. */
class GemmTest {
    private static final int[] ODD = {1, 2, 3, 7, 17, 63, 65, 129};
    private static WorkerPool two, three;

    @BeforeAll
    static void pools() {
        two = new WorkerPool(2);
        three = new WorkerPool(3);
    }

    @AfterAll
    static void shutdown() {
        two.shutdown();
        three.shutdown();
    }

    /** A gemm call: sizes, layout (offsets and padding of each row stride) and mode. */
    private record Case(boolean ta, boolean tb, int m, int n, int k, int aOff, int aPad, int bOff, int bPad,
                        int cOff, int cPad, boolean accumulate) {
        int lda() { return (ta ? m : k) + aPad; }
        int ldb() { return (tb ? k : n) + bPad; }
        int ldc() { return n + cPad; }
        int aLen() { return aOff + (ta ? k : m) * lda() + 3; }
        int bLen() { return bOff + (tb ? n : k) * ldb() + 3; }
        int cLen() { return cOff + m * ldc() + 3; }

        static Case plain(boolean ta, boolean tb, int m, int n, int k) {
            return new Case(ta, tb, m, n, k, 0, 0, 0, 0, 0, 0, false);
        }
    }

    @Test
    void everyTransposeAndOddSizeMatchesNaiveLoop() {
        SplittableRandom rng = new SplittableRandom(1);
        int checked = 0;
        for (int t = 0; t < 4; t++) {
            for (int m : ODD) for (int n : ODD) for (int k : ODD) {
                check(Case.plain((t & 1) != 0, (t & 2) != 0, m, n, k), rng, null);
                checked++;
            }
        }
        assertEquals(4 * ODD.length * ODD.length * ODD.length, checked);
    }

    @Test
    void largerThanOneBlockInEveryDimension() {
        SplittableRandom rng = new SplittableRandom(2);
        // m > MC and > one task tile, k > KC (several k-blocks, uneven), n > one tile and not a multiple of NR.
        for (int t = 0; t < 4; t++) check(Case.plain((t & 1) != 0, (t & 2) != 0, 531, 1043, 517), rng, two);
        check(Case.plain(false, false, 8, 500, 784), rng, two);
        check(Case.plain(true, false, 500, 784, 128), rng, two);
        check(Case.plain(false, true, 128, 784, 500), rng, two);
    }

    @Test
    void everyPathAcrossSeveralKBlocks() {
        SplittableRandom rng = new SplittableRandom(5);
        // Few rows: B read in place (NN, TN) or dot products (NT), with k split into blocks and a ragged last panel.
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            check(new Case(ta, tb, 5, 37, 600, 2, 1, 3, 5, 1, 2, true), rng, two);
            check(new Case(ta, tb, 7, 33, 2100, 0, 0, 0, 0, 0, 0, false), rng, null);
            check(new Case(ta, tb, 16, 9, 257, 1, 0, 0, 1, 0, 0, false), rng, three);
        }
    }

    @Test
    void rowRoundsAndColumnBlocksOfTheSharedPacking() {
        SplittableRandom rng = new SplittableRandom(6);
        // k = 40000 caps a packing round at MC rows, so 250 rows take three rounds; n = 4200 > NC takes two column blocks.
        check(new Case(false, false, 250, 9, 40000, 0, 0, 0, 0, 0, 0, true), rng, two);
        // MC is larger with 512-bit vectors; 730 rows with k = 12000 still take several rounds (3 there, 4 with AVX2).
        check(new Case(false, false, 730, 9, 12000, 0, 0, 0, 0, 0, 0, false), rng, two);
        check(new Case(true, true, 130, 5, 40000, 0, 0, 0, 0, 0, 0, false), rng, null);
        check(new Case(false, true, 20, 4200, 3, 1, 2, 0, 0, 3, 1, false), rng, two);
        check(new Case(true, false, 17, 4203, 5, 0, 0, 2, 3, 0, 0, true), rng, three);
    }

    @Test
    void rowsReadInPlaceWithTailsAndSeveralKBlocks() {
        SplittableRandom rng = new SplittableRandom(7);
        // Row-major A with more than FEW_ROWS rows and a k-block that fits in L2: A read in place, B packed per panel;
        // m mod 4 = 1, 2, 3 take the zero-padded tail panel, n = 37 a partial B panel, k = 700 three k-blocks.
        for (boolean tb : new boolean[] {false, true}) {
            for (int m : new int[] {129, 130, 131, 132}) {
                check(new Case(false, tb, m, 37, 700, 3, 2, 1, 5, 2, 3, true), rng, two);
                check(new Case(false, tb, m, 37, 700, 0, 0, 0, 0, 0, 0, false), rng, null);
            }
        }
    }

    @Test
    void offsetsStridesAndAccumulate() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            for (boolean acc : new boolean[] {false, true}) {
                check(new Case(ta, tb, 37, 29, 300, 5, 3, 11, 1, 7, 4, acc), rng, two);
                check(new Case(ta, tb, 130, 9, 17, 1, 9, 2, 0, 3, 1, acc), rng, null);
                check(new Case(ta, tb, 4, 16, 8, 0, 0, 0, 0, 13, 16, acc), rng, three);
            }
        }
    }

    @Test
    void emptyInnerDimensionZeroesOrKeepsC() {
        double[] c = {Double.NaN, 5, 6, 7, 8, 9};
        Gemm.gemm(false, false, 2, 2, 0, new double[0], 0, 0, new double[0], 0, 2, c, 1, 3, true);
        assertArrayEquals(new double[] {Double.NaN, 5, 6, 7, 8, 9}, c);
        Gemm.gemm(false, false, 2, 2, 0, new double[0], 0, 0, new double[0], 0, 2, c, 1, 3, false);
        assertArrayEquals(new double[] {Double.NaN, 0, 0, 7, 0, 0}, c);
    }

    @Test
    void emptyOutputTouchesNothing() {
        double[] c = {1, 2};
        Gemm.gemm(false, false, 0, 2, 3, new double[0], 0, 3, new double[6], 0, 2, c, 0, 2, false);
        Gemm.gemm(true, true, 2, 0, 3, new double[6], 0, 2, new double[0], 0, 3, c, 0, 0, false);
        assertArrayEquals(new double[] {1, 2}, c);
    }

    @Test
    void resultsAreBitIdenticalForOneTwoAndThreeThreads() {
        SplittableRandom rng = new SplittableRandom(4);
        int[][] shapes = {{8, 500, 784}, {128, 500, 784}, {500, 784, 128}, {300, 301, 700}, {1030, 70, 260}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                Case cs = new Case((t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 3, 1, 2, 2, 1, 5, t == 2);
                double[] a = random(rng, cs.aLen()), b = random(rng, cs.bLen()), c0 = random(rng, cs.cLen());
                double[] c1 = run(cs, a, b, c0, null), c2 = run(cs, a, b, c0, two), c3 = run(cs, a, b, c0, three);
                double[] cShared = c0.clone();
                Gemm.gemm(cs.ta, cs.tb, cs.m, cs.n, cs.k, a, cs.aOff, cs.lda(), b, cs.bOff, cs.ldb(), cShared,
                        cs.cOff, cs.ldc(), cs.accumulate);
                assertTrue(Arrays.equals(c1, c2), "1 vs 2 threads differ for " + cs);
                assertTrue(Arrays.equals(c1, c3), "1 vs 3 threads differ for " + cs);
                assertTrue(Arrays.equals(c1, cShared), "1 thread vs shared pool differ for " + cs);
            }
        }
    }

    @Test
    void badArgumentsAreRejected() {
        double[] x = new double[12];
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(false, false, -1, 2, 2, x, 0, 2, x, 0, 2, x, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(false, false, 2, 2, 3, x, 0, 2, x, 0, 2, x, 0, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(false, false, 3, 3, 3, x, 4, 3, x, 0, 3, x, 0, 3, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(false, true, 2, 2, 2, x, 0, 2, x, 0, 2, x, -1, 2, false));
        assertThrows(IllegalArgumentException.class, () -> Gemm.gemm(false, false, 2, 2, 2, null, 0, 2, x, 0, 2, x, 0, 2, false));
    }

    /** Runs one case and compares with the naive loop, element by element, and checks C outside the block is untouched. */
    private static void check(Case cs, SplittableRandom rng, WorkerPool pool) {
        double[] a = random(rng, cs.aLen()), b = random(rng, cs.bLen()), c0 = random(rng, cs.cLen());
        if (!cs.accumulate) for (int i = 0; i < cs.m; i++) Arrays.fill(c0, cs.cOff + i * cs.ldc(), cs.cOff + i * cs.ldc() + cs.n, Double.NaN);
        double[] got = run(cs, a, b, c0, pool);
        double[] opA = dense(a, cs.aOff, cs.lda(), cs.m, cs.k, cs.ta), opBt = dense(b, cs.bOff, cs.ldb(), cs.n, cs.k, !cs.tb);
        for (int idx = 0; idx < c0.length; idx++) {
            int rel = idx - cs.cOff, i = Math.floorDiv(rel, cs.ldc()), j = rel - i * cs.ldc();
            if (rel < 0 || i >= cs.m || j >= cs.n) {
                assertEquals(Double.doubleToLongBits(c0[idx]), Double.doubleToLongBits(got[idx]), "outside C " + idx + " " + cs);
                continue;
            }
            double sum = cs.accumulate ? c0[idx] : 0, scale = Math.abs(sum);
            for (int p = 0; p < cs.k; p++) {
                double term = opA[i * cs.k + p] * opBt[j * cs.k + p];
                sum += term;
                scale += Math.abs(term);
            }
            if (!(Math.abs(got[idx] - sum) <= 1e-12 * scale + Double.MIN_NORMAL)) {
                throw new AssertionError(cs + " C(" + i + "," + j + ") = " + got[idx] + " expected " + sum);
            }
        }
    }

    /** The rows×cols matrix stored at {@code x} (transposed when {@code trans}) as a dense row-major copy. */
    private static double[] dense(double[] x, int off, int ld, int rows, int cols, boolean trans) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) out[r * cols + q] = trans ? x[off + q * ld + r] : x[off + r * ld + q];
        }
        return out;
    }

    private static double[] run(Case cs, double[] a, double[] b, double[] c0, WorkerPool pool) {
        double[] c = c0.clone();
        Gemm.gemm(pool, cs.ta, cs.tb, cs.m, cs.n, cs.k, a, cs.aOff, cs.lda(), b, cs.bOff, cs.ldb(), c, cs.cOff,
                cs.ldc(), cs.accumulate);
        return c;
    }

    private static double[] random(SplittableRandom rng, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = rng.nextDouble(-1, 1);
        return x;
    }
}
