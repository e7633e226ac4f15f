package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.junit.jupiter.api.Test;

class CorrelationTest {
    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {2, 1, 4, 3, 5};

    @Test
    void handComputedValues() {
        // Pearson: x̄ = ȳ = 3, Σdxdy = 8, Σdx² = Σdy² = 10 → 0.8.
        assertEquals(0.8, Correlation.PEARSON.of(X, Y), 1e-15);
        // Spearman: no ties, Σd² = 4 → 1 − 6·4/(5·24) = 0.8.
        assertEquals(0.8, Correlation.SPEARMAN.of(X, Y), 1e-15);
        // Kendall: of 10 pairs, (1,2) and (3,4) are discordant → (8 − 2)/10 = 0.6.
        assertEquals(0.6, Correlation.KENDALL.of(X, Y), 1e-15);
        // Ties: x = (1,1,2,3), y = (1,2,2,3). n0 = 6, ties n1 = 1 (x), n2 = 1 (y); concordant 4, discordant 0
        // → τ_b = 4 / sqrt(5·5) = 0.8. Ranks x = (1.5,1.5,3,4), y = (1,2.5,2.5,4).
        double[] tx = {1, 1, 2, 3}, ty = {1, 2, 2, 3};
        assertEquals(0.8, Correlation.KENDALL.of(tx, ty), 1e-15);
        // Rank deviations: x (−1,−1,0.5,1.5), y (−1.5,0,0,1.5): Σ = 1.5+0+0+2.25 = 3.75; Σx² = 4.5, Σy² = 4.5.
        assertEquals(3.75 / 4.5, Correlation.SPEARMAN.of(tx, ty), 1e-15);
        assertEquals(-1.0, Correlation.PEARSON.of(X, new double[] {5, 4, 3, 2, 1}), 1e-15);
    }

    @Test
    void negativeZeroIsATieWithZeroInKendall() {
        // Regression: Commons Math's Double.equals made −0.0 and 0.0 distinct values (found by the brute-force test).
        double[] x = {0.0, -0.0, 1, 2}, y = {1, 2, 3, 4};
        assertEquals(bruteForceTauB(x, y), Correlation.KENDALL.of(x, y), 1e-15);
        assertEquals(5 / Math.sqrt(5 * 6), Correlation.KENDALL.of(x, y), 1e-15);
    }

    @Test
    void undefinedForConstantOrTooFewPoints() {
        for (Correlation c : Correlation.values()) {
            assertTrue(Double.isNaN(c.of(X, new double[] {1, 1, 1, 1, 1})), c.name());
            assertTrue(Double.isNaN(c.of(new double[] {1}, new double[] {2})), c.name());
        }
    }

    @Test
    void agreesWithCommonsMathAndABruteForceKendall() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + r.nextInt(60);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(8);                     // many ties
                y[i] = x[i] + r.nextGaussian() * 3;
                if (i % 4 == 0) y[i] = Math.rint(y[i]);      // may give −0.0 beside 0.0: a tie
            }
            // Commons Math's ranking tells −0.0 from 0.0 (Double.compare); ours counts them as equal, as == does.
            double[] cy = java.util.Arrays.stream(y).map(v -> v + 0.0).toArray();
            assertEquals(new PearsonsCorrelation().correlation(x, y), Correlation.PEARSON.of(x, y), 1e-12);
            assertEquals(new SpearmansCorrelation().correlation(x, cy), Correlation.SPEARMAN.of(x, y), 1e-12);
            assertEquals(bruteForceTauB(x, y), Correlation.KENDALL.of(x, y), 1e-12);
        }
    }

    /** τ_b from its definition over all n(n−1)/2 pairs. */
    static double bruteForceTauB(double[] x, double[] y) {
        long conc = 0, disc = 0, tx = 0, ty = 0, n0 = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                n0++;
                double sx = Math.signum(x[i] - x[j]), sy = Math.signum(y[i] - y[j]);
                if (sx == 0) tx++;
                if (sy == 0) ty++;
                if (sx * sy > 0) conc++;
                if (sx * sy < 0) disc++;
            }
        }
        return (conc - disc) / Math.sqrt((double) (n0 - tx) * (n0 - ty));
    }

    @Test
    void bootstrapIntervalContainsTheEstimateAndShrinksWithN() {
        double[] widths = new double[3];
        int[] ns = {20, 80, 320};
        for (int k = 0; k < ns.length; k++) {
            SplittableRandom data = new SplittableRandom(11);
            double[] x = new double[ns[k]], y = new double[ns[k]];
            for (int i = 0; i < x.length; i++) {
                x[i] = data.nextGaussian();
                y[i] = 0.6 * x[i] + 0.8 * data.nextGaussian();
            }
            for (Correlation c : Correlation.values()) {
                CorrelationResult res = CorrelationAnalysis.one("runs", "x", "y", x, y, c, 2000, 0.95,
                        new SplittableRandom(3));
                assertTrue(res.lo() <= res.estimate() && res.estimate() <= res.hi(), c + " n=" + ns[k] + ": " + res);
                assertEquals(ns[k], res.n());
                if (c == Correlation.PEARSON) widths[k] = res.hi() - res.lo();
            }
        }
        // Width ~ 1/sqrt(n): each fourfold increase should roughly halve it.
        assertTrue(widths[1] < 0.75 * widths[0] && widths[2] < 0.75 * widths[1], java.util.Arrays.toString(widths));
    }

    @Test
    void bootstrapIsSeededAndQuantilesInterpolate() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8}, y = {1, 3, 2, 5, 4, 7, 6, 8};
        Bootstrap.Interval a = Bootstrap.percentile(x, y, Correlation.SPEARMAN, 500, 0.9, new SplittableRandom(1));
        Bootstrap.Interval b = Bootstrap.percentile(x, y, Correlation.SPEARMAN, 500, 0.9, new SplittableRandom(1));
        assertEquals(a, b);
        assertEquals(2.5, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-15);
        assertEquals(1.3, Bootstrap.quantile(new double[] {1, 2, 3, 4}, 0.1), 1e-15);
    }
}
