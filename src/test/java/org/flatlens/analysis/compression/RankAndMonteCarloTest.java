package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.BruteForce;
import org.junit.jupiter.api.Test;

/** Rank deficiency gives −∞ (never NaN); the Gaussian-ball estimates tend to the Jacobian ones as ε → 0. */
class RankAndMonteCarloTest {
    @Test
    void aBottleneckMakesEarlierLogVolumesMinusInfinity() {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(7, 1)), new int[] {1, 3, 3}, 4));
        Parameters p = m.init(new SplittableRandom(1));
        Tensor x = Tensor.uniform(new SplittableRandom(2), 0, 1, 5, 1, 3, 3);
        for (LossKind loss : LossKind.values()) {
            CompressionReport r = CompressionAnalysis.run(m, p, x, loss, CompressionOptions.defaults(),
                    new SplittableRandom(3));
            for (String site : new String[] {"input", "2"}) {
                SiteMeasures s = r.site(site);
                assertEquals(Double.NEGATIVE_INFINITY, s.logVolume().am(), site);
                assertEquals(0.0, s.logVolume().gm(), site);
                assertTrue(Double.isNaN(s.logVolume().stderr()));
                assertTrue(s.localDim().am() >= 1 - 1e-12 && s.localDim().am() <= 1 + 1e-9, "rank one: " + s.localDim());
            }
            SiteMeasures last = r.site("4");
            assertEquals(1, last.rank());
            assertTrue(Double.isFinite(last.logVolume().am()));
            assertTrue(org.flatlens.analysis.bounds.Bounds.evaluate(r).allTheoremsHold());
        }
    }

    @Test
    void gaussianBallEstimatesTendToTheJacobianOnes() {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(6)), new int[] {1, 2, 2}, 3));
        Parameters p = m.init(new SplittableRandom(4));
        Tensor x = Tensor.uniform(new SplittableRandom(5), 0, 1, 2, 1, 2, 2);
        CompressionReport r = CompressionAnalysis.run(m, p, x, LossKind.MSE, CompressionOptions.defaults()
                .withMonteCarlo(new MonteCarloOptions(1e-4, 40000)), new SplittableRandom(6));
        SiteMeasures in = r.site("input");
        assertNotNull(in.localDimMc());
        assertNull(r.site("2").localDimMc());
        assertEquals(in.localDim().am(), in.localDimMc().am(), 0.02 * in.localDim().am());
        double want = 0;
        for (int i = 0; i < 2; i++) want += frobeniusOfJJt(m, p, x.slice(0, i, i + 1)) / 2;
        assertEquals(want, in.mlsMc().am(), 0.02 * want);
    }

    @Test
    void largerBallsDepartFromTheLinearisation() {
        Model m = Models.build(new ModelSpec("mlp", Map.of("widths", List.of(6)), new int[] {1, 2, 2}, 3));
        Parameters p = m.init(new SplittableRandom(4));
        Tensor x = Tensor.uniform(new SplittableRandom(5), 0, 1, 2, 1, 2, 2);
        double previous = Double.POSITIVE_INFINITY;
        double at = Double.NaN;
        for (double eps : new double[] {1.0, 1e-2, 1e-4, 1e-6}) {
            CompressionReport r = CompressionAnalysis.run(m, p, x, LossKind.MSE, CompressionOptions.defaults()
                    .withMonteCarlo(new MonteCarloOptions(eps, 2000)), new SplittableRandom(6));
            // Same seed, same draws: only the nonlinearity changes with ε, so the estimate converges.
            double v = r.site("input").localDimMc().am();
            if (!Double.isNaN(at)) {
                double step = Math.abs(v - at);
                assertTrue(step <= previous + 1e-9, "ε = " + eps + ": step " + step + " after " + previous);
                previous = step;
            }
            at = v;
        }
        assertTrue(previous < 1e-3, "last step " + previous);
    }

    /** {@code ||J Jᵀ||_F} at one sample from k brute-force backward passes. */
    private static double frobeniusOfJJt(Model m, Parameters p, Tensor xi) {
        int k = 3;
        Tensor[] rows = new Tensor[k];
        for (int c = 0; c < k; c++) rows[c] = BruteForce.of(m, p, xi, LossKind.MSE, c).jacobian().get(0);
        double s = 0;
        for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) s += Math.pow(rows[a].dot(rows[b]), 2);
        return Math.sqrt(s);
    }
}
