package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.flatlens.analysis.linalg.SmallSvd;
import org.junit.jupiter.api.Test;

class JacobianSpectrumTest {
    @Test
    void qrThenJacobiEqualsJacobiOnTheMatrix() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] kd : new int[][] {{1, 5}, {4, 4}, {3, 50}, {10, 784}, {6, 2}}) {
            for (double scale : new double[] {1e-12, 1, 1e12}) {
                double[][] j = random(rng, kd[0], kd[1], scale);
                double[] want = SmallSvd.jacobiSingularValues(j);
                double[] got = JacobianSpectrum.singularValues(copy(j));
                assertArrayEquals(want, got, 1e-13 * want[0]);
            }
        }
    }

    @Test
    void exactRankDeficiencyIsResolvedBelowTheZeroThreshold() {
        SplittableRandom rng = new SplittableRandom(4);
        int k = 5, d = 60;
        double[][] u = random(rng, k, 2, 1), v = random(rng, 2, d, 1);
        double[][] j = new double[k][d]; // rank 2
        for (int a = 0; a < k; a++) for (int b = 0; b < d; b++) j[a][b] = u[a][0] * v[0][b] + u[a][1] * v[1][b];
        double[] sigma = JacobianSpectrum.singularValues(copy(j));
        double thr = JacobianSpectrum.zeroThreshold(sigma, k, d);
        assertTrue(sigma[1] > thr && sigma[2] <= thr, java.util.Arrays.toString(sigma) + " threshold " + thr);
        assertEquals(Double.NEGATIVE_INFINITY, JacobianSpectrum.logVolume(sigma, 3, thr));
        assertEquals(Math.log(sigma[0]) + Math.log(sigma[1]), JacobianSpectrum.logVolume(sigma, 2, thr), 1e-15);
    }

    @Test
    void participationRatioOfKnownSpectra() {
        assertEquals(3.0, JacobianSpectrum.participationRatio(new double[] {2, 2, 2}), 1e-15);
        assertEquals(1.0, JacobianSpectrum.participationRatio(new double[] {5, 0, 0}), 0.0);
        assertEquals(0.0, JacobianSpectrum.participationRatio(new double[] {0, 0}), 0.0);
        // (1 + 1/4·... ) : σ² = {1, 0.25} → (1.25)² / (1 + 0.0625)
        assertEquals(1.5625 / 1.0625, JacobianSpectrum.participationRatio(new double[] {1, 0.5}), 1e-15);
    }

    static double[][] random(SplittableRandom rng, int k, int d, double scale) {
        double[][] m = new double[k][d];
        for (double[] row : m) for (int b = 0; b < d; b++) row[b] = scale * rng.nextGaussian();
        return m;
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    /**
     * A Jacobian with an exactly zero row (an output the site does not influence) is rank deficient; the QR triangle's
     * null direction can come out of the rotations with subnormal entries whose squared norm underflows to 0, which
     * used to make every sweep rotate that pair by the identity until the sweep limit threw.
     */
    @Test
    void zeroRowsGiveZeroSingularValuesAndTheOthersOfTheRemainingRows() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int k = 2 + rng.nextInt(9), d = k + rng.nextInt(60), zero = rng.nextInt(k);
            double[][] j = new double[k][d], rest = new double[k - 1][];
            for (int c = 0, r = 0; c < k; c++) {
                for (int e = 0; e < d; e++) j[c][e] = c == zero ? 0 : rng.nextGaussian();
                if (c != zero) rest[r++] = j[c].clone();
            }
            double[] sigma = JacobianSpectrum.singularValues(j);
            double[] expected = SmallSvd.jacobiSingularValues(rest);
            assertEquals(0.0, sigma[k - 1], 1e-300, "trial " + trial);
            for (int i = 0; i < k - 1; i++) {
                assertEquals(expected[i], sigma[i], 1e-13 * expected[0], "trial " + trial + " sigma " + i);
            }
        }
    }
}
