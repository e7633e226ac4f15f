package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.tensor.kernels.Lanes;
import org.junit.jupiter.api.Test;

/**
 * The four-row kernels of {@link Lanes} and the QR built on them give the bits of the one-row-at-a-time computation,
 * for lengths around the vector width (tails, rows shorter than a vector) and offsets that misalign the lanes. Entries
 * span several binades, so a changed summation order or a lost multiply–add shows in the last bits.
 */
class LanesFusedTest {
    private static final int TRIALS = 400;

    @Test
    void dot4HasTheBitsOfFourDots() {
        SplittableRandom rng = new SplittableRandom(41);
        double[] out = new double[4];
        for (int t = 0; t < TRIALS; t++) {
            int from = rng.nextInt(10), to = from + rng.nextInt(41), n = to + rng.nextInt(3);
            double[] x = random(rng, n);
            double[][] y = {random(rng, n), random(rng, n), random(rng, n), random(rng, n)};
            Lanes.dot4(x, y[0], y[1], y[2], y[3], from, to, out);
            for (int q = 0; q < 4; q++) {
                assertEquals(bits(Lanes.dot(x, y[q], from, to)), bits(out[q]), "row " + q + " of [" + from + ", " + to + ")");
            }
        }
    }

    @Test
    void subtractScaled4HasTheBitsOfFourUpdates() {
        SplittableRandom rng = new SplittableRandom(42);
        for (int t = 0; t < TRIALS; t++) {
            int from = rng.nextInt(10), to = from + rng.nextInt(41), n = to + rng.nextInt(3);
            double[] x = random(rng, n), s = random(rng, 4);
            double[][] y = {random(rng, n), random(rng, n), random(rng, n), random(rng, n)}, want = copy(y);
            for (int q = 0; q < 4; q++) Lanes.subtractScaled(s[q], x, want[q], from, to);
            Lanes.subtractScaled4(s[0], s[1], s[2], s[3], x, y[0], y[1], y[2], y[3], from, to);
            for (int q = 0; q < 4; q++) assertArrayEquals(want[q], y[q], "row " + q + " of [" + from + ", " + to + ")");
        }
    }

    @Test
    void subtractScaledSum4HasTheBitsOfFourUpdatesInOrder() {
        SplittableRandom rng = new SplittableRandom(43);
        for (int t = 0; t < TRIALS; t++) {
            int from = rng.nextInt(10), to = from + rng.nextInt(41), n = to + rng.nextInt(3);
            double[][] x = {random(rng, n), random(rng, n), random(rng, n), random(rng, n)};
            double[] s = random(rng, 4), y = random(rng, n), want = y.clone();
            for (int q = 0; q < 4; q++) Lanes.subtractScaled(s[q], x[q], want, from, to);
            Lanes.subtractScaledSum4(s[0], s[1], s[2], s[3], x[0], x[1], x[2], x[3], y, from, to);
            assertArrayEquals(want, y, "[" + from + ", " + to + ")");
        }
    }

    @Test
    void subtractScaledDot2HasTheBitsOfTheUpdateThenTheDot() {
        SplittableRandom rng = new SplittableRandom(46);
        double[] out = new double[2];
        for (int t = 0; t < TRIALS; t++) {
            int from = rng.nextInt(10), to = from + rng.nextInt(41), n = to + rng.nextInt(3);
            double[] x = random(rng, n), u = random(rng, n), s = random(rng, 2);
            double[][] y = {random(rng, n), random(rng, n)}, want = copy(y);
            Lanes.subtractScaledDot2(s[0], s[1], x, u, y[0], y[1], from, to, out);
            for (int q = 0; q < 2; q++) {
                Lanes.subtractScaled(s[q], x, want[q], from, to);
                String at = "row " + q + " of [" + from + ", " + to + ")";
                assertArrayEquals(want[q], y[q], at);
                assertEquals(bits(Lanes.dot(want[q], u, from, to)), bits(out[q]), at);
            }
        }
    }

    /** Every row count 1..13 (0 to 3 rows left over after the groups of four), tall, square and wide. */
    @Test
    void reduceHasTheBitsOfTheRowByRowReduction() {
        SplittableRandom rng = new SplittableRandom(44);
        for (int k = 1; k <= 13; k++) {
            for (int d : new int[] {1, 3, 4, 7, 8, 9, 16, 17, 33, 150}) {
                double[][] a = new double[k][], want = new double[k][];
                for (int i = 0; i < k; i++) {
                    a[i] = random(rng, d);
                    want[i] = a[i].clone();
                }
                rowByRowReduce(want);
                HouseholderQr.reduce(a);
                for (int i = 0; i < k; i++) assertArrayEquals(want[i], a[i], k + "×" + d + ", row " + i);
            }
        }
    }

    /** {@link HouseholderQr#reduce} as it was before the four-row kernels: one dot and one update per row. */
    static void rowByRowReduce(double[][] a) {
        int k = a.length, d = a[0].length;
        for (int c = 0; c < Math.min(k, d); c++) {
            double[] v = a[c];
            double norm = HouseholderQr.norm(v, c, d);
            if (norm == 0) continue;
            double alpha = v[c] > 0 ? -norm : norm;
            v[c] -= alpha;
            double uu = 2 * norm * (norm + Math.abs(v[c] + alpha));
            for (int c2 = c + 1; c2 < k; c2++) {
                Lanes.subtractScaled(Lanes.dot(v, a[c2], c, d) * (2 / uu), v, a[c2], c, d);
            }
            v[c] = alpha;
        }
    }

    /** Gaussian entries scaled by powers of two across 2^±20, so rounding depends on the order of operations. */
    static double[] random(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = Math.scalb(rng.nextGaussian(), rng.nextInt(-20, 21));
        return x;
    }

    private static double[][] copy(double[][] y) {
        double[][] c = new double[y.length][];
        for (int i = 0; i < y.length; i++) c[i] = y[i].clone();
        return c;
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }
}
