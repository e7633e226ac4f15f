package org.flatlens.analysis.jacobians;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.nn.LossKind;
import org.flatlens.tensor.Tensor;
import org.flatlens.testutil.TestModels;
import org.flatlens.testutil.TestModels.Case;
import org.junit.jupiter.api.Test;

/** How {@link JacobianEngine#forEachChunk} cuts the samples, and that it hands every chunk over once, in order. */
class ChunkBoundsTest {
    @Test
    void chunksComeInWholeGroupsNearlyEqualAndNeverLargerThanAsked() {
        for (int n = 1; n <= 60; n++) {
            for (int size = 1; size <= 70; size++) {
                int[] b = JacobianEngine.chunkBounds(n, size);
                int chunks = b.length - 1;
                assertEquals(0, b[0]);
                assertEquals(n, b[chunks]);
                int w = JacobianEngine.IN_FLIGHT, needed = (n + size - 1) / size, even = (needed + w - 1) / w * w;
                assertEquals(even <= n ? even : needed, chunks, n + "/" + size);
                int min = Integer.MAX_VALUE, max = 0;
                for (int j = 0; j < chunks; j++) {
                    min = Math.min(min, b[j + 1] - b[j]);
                    max = Math.max(max, b[j + 1] - b[j]);
                }
                assertTrue(min >= 1 && max <= size && max - min <= 1, n + "/" + size + ": sizes " + min + ".." + max);
            }
        }
        assertArrayEquals(new int[] {0, 83, 166, 250, 333, 416, 500}, JacobianEngine.chunkBounds(500, 121));
    }

    @Test
    void everySampleReachesTheConsumerOnceInOrderWithItsOwnJacobians() {
        Case m = TestModels.all(4).get(0);
        Tensor x = m.inputs(11, 5);
        JacobianEngine engine = new JacobianEngine(m.model(), m.params(), LossKind.MSE);
        ChunkJacobians whole = engine.compute(x);
        List<double[]> logits = new ArrayList<>();
        engine.forEachChunk(Inputs.of(x), 3, (rows, chunk) -> chunk.logits().data(), (rows, l) -> logits.add(l));
        assertEquals(4, logits.size());
        double[] joined = logits.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        double[] expected = whole.logits().data();
        assertEquals(expected.length, joined.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], joined[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "logit " + i);
        }
    }
}
