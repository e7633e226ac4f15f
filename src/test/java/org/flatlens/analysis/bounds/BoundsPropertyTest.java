package org.flatlens.analysis.bounds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.flatlens.analysis.compression.CompressionAnalysis;
import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.nn.LossKind;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every theorem of THEORY.md §5 holds on random models and inputs, for many seeds and both losses. */
class BoundsPropertyTest {
    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (long seed = 1; seed <= 8; seed++) {
            for (Case c : TestModels.all(seed)) {
                for (LossKind loss : LossKind.values()) a.add(Arguments.of(c, loss, seed));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("cases")
    void everyTheoremHolds(Case m, LossKind loss, long seed) {
        CompressionReport r = CompressionAnalysis.run(m.model(), m.params(), m.inputs(6, seed + 100), loss,
                CompressionOptions.defaults().withChunkSize(4), new SplittableRandom(seed));
        BoundsReport b = Bounds.evaluate(r);
        assertTrue(b.allTheoremsHold(), () -> m + ": " + b.failedTheorems());
        long theorems = b.checks().stream().filter(c -> c.kind() == BoundKind.THEOREM).count();
        assertTrue(theorems >= 10, "only " + theorems + " theorem checks");
        for (BoundCheck c : b.checks()) assertFalse(Double.isNaN(c.ratio()), c.toString());
    }
}
