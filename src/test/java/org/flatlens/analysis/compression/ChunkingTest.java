package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.Approx;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;

/**
 * The whole report, Monte Carlo included, is the same for every chunk size, to rounding: the GEMM kernel may sum a
 * few rows' products in another order than many rows', so the last bits can differ (see {@link Approx}); the Monte
 * Carlo covariance divides output differences by ε², and ρ(P)² = λ_min(PPᵀ) is ill-conditioned, so sites and network
 * sums get a looser 1e-9.
 */
class ChunkingTest {
    /**
     * Issue 15, item 8: the memory budget (in {@code measure} by default three quarters of the heap on the estimate's
     * scale) decides only how many chunks run side by side; the chunks are the model's fixed blocks, so every number is
     * the same to the bit.
     */
    @Test
    void theMemoryBudgetChangesNoBit() {
        for (Case m : TestModels.all(5)) {
            Tensor x = m.inputs(7, 55);
            CompressionOptions o = CompressionOptions.defaults().withMonteCarlo(new MonteCarloOptions(1e-3, 8));
            CompressionReport ref = CompressionAnalysis.run(m.model(), m.params(), x, LossKind.CE, o,
                    new SplittableRandom(9));
            for (long budget : new long[] {1, 1L << 12, 1L << 16, 1L << 20, 1L << 34}) {
                CompressionOptions b = new CompressionOptions(o.volumeRank(), budget, 0, o.monteCarlo());
                CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), x, LossKind.CE, b,
                        new SplittableRandom(9));
                assertEquals(ref, r, m + ", budget " + budget + " bytes");
            }
        }
    }

    @Test
    void chunkSizeChangesNothing() {
        for (Case m : TestModels.all(5)) {
            Tensor x = m.inputs(7, 55);
            CompressionOptions o = CompressionOptions.defaults().withMonteCarlo(new MonteCarloOptions(1e-3, 8));
            CompressionReport one = CompressionAnalysis.run(m.model(), m.params(), x, LossKind.CE, o.withChunkSize(7),
                    new SplittableRandom(9));
            for (int chunk : new int[] {1, 3, 4}) {
                CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), x, LossKind.CE,
                        o.withChunkSize(chunk), new SplittableRandom(9));
                Approx.assertClose(one.sites(), r.sites(), 1e-9, m + " chunk " + chunk + " sites");
                Approx.assertClose(one.network(), r.network(), 1e-9, m + " chunk " + chunk + " network");
                Approx.assertClose(one.traceGgnParams(), r.traceGgnParams(), 1e-12, m + " chunk " + chunk);
            }
        }
    }
}
