package org.flatlens.analysis.sharpness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    @Test
    void countsSiteActivationsAndFitsTheBudget() {
        Model mlp = Models.build(new ModelSpec("mlp", Map.of(), new int[] {1, 28, 28}, 10));
        var params = mlp.init(new SplittableRandom(1));
        // input 784; sites: inputs 784 + 500 + 500 + 500, outputs 500 + 500 + 500 + 10.
        assertEquals(784 + 784 + 1500 + 1510, ChunkPlan.activationsPerSample(mlp, params));
        ChunkPlan plan = ChunkPlan.forBudget(mlp, params, 10_000, 512L << 20);
        assertEquals(8L * ChunkPlan.GRAPH_FACTOR * 4578, plan.bytesPerSample());
        assertEquals((512L << 20) / plan.bytesPerSample(), plan.chunkSize());
        assertEquals(10, ChunkPlan.forBudget(mlp, params, 10, 1L << 40).chunkSize(), "never more than n");
        assertEquals(1, ChunkPlan.forBudget(mlp, params, 10, 1).chunkSize(), "at least one sample");
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.forBudget(mlp, params, 10, 0));
    }

    /** The block depends on the model only: the same for every budget and sample count. */
    @Test
    void theBlockSizeIsFixedByTheModel() {
        Model mlp = Models.build(new ModelSpec("mlp", Map.of(), new int[] {1, 28, 28}, 10));
        var params = mlp.init(new SplittableRandom(1));
        long perSample = 8L * ChunkPlan.GRAPH_FACTOR * 4578;
        assertEquals(perSample, ChunkPlan.bytesPerSample(mlp, params));
        assertEquals(229, ChunkPlan.blockSize(perSample), "128 MiB / 586 KB");
        for (long budget : new long[] {1, 1L << 20, 1L << 30, 1L << 40}) {
            assertEquals(229, ChunkPlan.forBudget(mlp, params, 5000, budget).blockSize());
        }
        assertEquals(1, ChunkPlan.blockSize(ChunkPlan.BLOCK_BYTES * 3), "at least one sample");
    }

    @Test
    void convolutionsCountTheirIm2colMatrix() {
        TinyModels.Case c = TinyModels.cnn(1);
        // input 36; conv: input 36, output 3·4·4 = 48, im2col 9·16 = 144; fc: input 12, output 3.
        assertEquals(36 + 36 + 48 + 144 + 12 + 3, ChunkPlan.activationsPerSample(c.model(), c.params()));
        assertTrue(ChunkPlan.defaultBudgetBytes() > 0);
    }
}
