package org.flatlens.analysis.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SLQ: weights, moments against traces and against the same probes used directly, density normalisation. */
class StochasticLanczosQuadratureTest {
    static final int N = 200;

    static double[] lambda() {
        return LanczosTest.spectrum(new double[] {8, 6, 5}, N, -1, 2, 91);
    }

    @Test
    void weightsSumToOnePerStart() {
        DenseSymmetricOperator a = TestMatrices.operator(lambda(), 92);
        SpectralDensity d = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(1), 8, 25);
        for (double[] w : d.weights()) assertEquals(1.0, TestMatrices.sum(w), 1e-13);
        assertEquals(1.0, d.totalWeight(), 1e-13);
        assertEquals(8 * 25, d.matvecs());
    }

    @Test
    void perStartMomentsEqualTheQuadraticFormsOfTheSameProbes() {
        DenseSymmetricOperator a = TestMatrices.operator(lambda(), 93);
        SpectralDensity d = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(2), 6, 20);
        SplittableRandom same = new SplittableRandom(2);
        for (int s = 0; s < 6; s++) {
            ParamVector z = ParamVector.rademacherLike(a.template(), same);
            ParamVector az = a.apply(z);
            double m1 = 0, m2 = 0, m3 = 0;
            for (int j = 0; j < d.nodes()[s].length; j++) {
                double w = d.weights()[s][j], t = d.nodes()[s][j];
                m1 += w * t;
                m2 += w * t * t;
                m3 += w * t * t * t;
            }
            assertEquals(z.dot(az) / N, m1, 1e-12);
            assertEquals(az.dot(az) / N, m2, 1e-11);
            assertEquals(az.dot(a.apply(az)) / N, m3, 1e-10, "quadrature exact up to degree 2m − 1");
        }
        TraceEstimate h = HutchinsonTrace.estimate(a, a.template(), new SplittableRandom(2), 6);
        assertEquals(h.mean(), d.trace().mean(), 1e-10);
        assertEquals(h.stdErr(), d.trace().stdErr(), 1e-10);
    }

    @Test
    void momentsMatchTracesWithinTheirStandardErrors() {
        double[] l = lambda();
        DenseSymmetricOperator a = TestMatrices.operator(l, 94);
        SpectralDensity d = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(3), 30, 30);
        double tr1 = TestMatrices.sum(l) / N, tr2 = 0;
        for (double x : l) tr2 += x * x / N;
        assertTrue(Math.abs(d.moment(1) - tr1) < 3 * d.momentStdErr(1), d.moment(1) + " ± " + d.momentStdErr(1) + " vs " + tr1);
        assertTrue(Math.abs(d.moment(2) - tr2) < 3 * d.momentStdErr(2), d.moment(2) + " ± " + d.momentStdErr(2) + " vs " + tr2);
        assertTrue(d.momentStdErr(1) < 0.05 * Math.abs(tr1) + 0.05, "moment 1 is informative");
        assertEquals(8.0, d.nodes()[0][0], 1e-8, "extreme nodes converge to extreme eigenvalues");
    }

    @Test
    void smoothedDensityIntegratesToOne() {
        DenseSymmetricOperator a = TestMatrices.operator(lambda(), 95);
        SpectralDensity d = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(4), 5, 30);
        double bw = 0.05;
        double[] grid = d.grid(4001, bw), phi = d.density(grid, bw);
        double integral = 0;
        for (int i = 1; i < grid.length; i++) integral += 0.5 * (phi[i] + phi[i - 1]) * (grid[i] - grid[i - 1]);
        assertEquals(1.0, integral, 1e-6);
        for (double p : phi) assertTrue(p >= 0);
    }

    @Test
    void invariantSubspaceStopsWithExactNodes() {
        double[] l = new double[40];
        for (int i = 0; i < 40; i++) l[i] = i < 10 ? 3 : i < 25 ? 1 : -2;
        DenseSymmetricOperator a = TestMatrices.operator(l, 96);
        SpectralDensity d = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(5), 4, 15);
        for (double[] nodes : d.nodes()) assertArrayEquals(new double[] {3, 1, -2}, nodes, 1e-12);
        assertEquals(4 * 3, d.matvecs());
        // Averaged weights estimate the multiplicities 10/40, 15/40, 15/40.
        double w3 = 0;
        for (double[] w : d.weights()) w3 += w[0] / 4;
        assertEquals(0.25, w3, 0.15);
    }

    @Test
    void sameSeedSameNumbersAndBadInput() {
        DenseSymmetricOperator a = TestMatrices.operator(lambda(), 97);
        SpectralDensity d1 = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(6), 3, 10);
        SpectralDensity d2 = StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(6), 3, 10);
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(d1.nodes()[s], d2.nodes()[s], 0.0);
            assertArrayEquals(d1.weights()[s], d2.weights()[s], 0.0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> StochasticLanczosQuadrature.estimate(a, a.template(), new SplittableRandom(6), 1, 10));
        assertThrows(IllegalArgumentException.class, () -> d1.density(new double[] {0}, 0.0));
    }
}
