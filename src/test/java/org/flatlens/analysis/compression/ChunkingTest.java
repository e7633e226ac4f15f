package org.flatlens.analysis.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;

/** The whole report, Monte Carlo included, is the same (bit for bit) for every chunk size. */
class ChunkingTest {
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
                assertEquals(one.sites(), r.sites(), m + " chunk " + chunk);
                assertEquals(one.network(), r.network(), m + " chunk " + chunk);
                assertEquals(one.traceGgnParams(), r.traceGgnParams());
            }
        }
    }
}
