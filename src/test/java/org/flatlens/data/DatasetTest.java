package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** 8 images of 1×2×3 with labels 0..3; image i has pixel(i, j) at offset j. */
    private static final int[] LABELS = {2, 0, 3, 1, 2, 2, 0, 3};

    private static Dataset small() {
        byte[] px = new byte[LABELS.length * 6];
        for (int i = 0; i < LABELS.length; i++) {
            for (int j = 0; j < 6; j++) px[i * 6 + j] = (byte) TestFiles.pixel(i, j);
        }
        return Dataset.of("toy/train", new LabeledImages(px, LABELS.clone(), 1, 2, 3), 4);
    }

    @Test
    void inputsArePixelsOver255InNchwShape() {
        Dataset d = small();
        Tensor x = d.inputs(new int[] {5, 1});
        assertArrayEquals(new int[] {2, 1, 2, 3}, x.shape().dims());
        for (int j = 0; j < 6; j++) {
            assertEquals(TestFiles.pixel(5, j) / 255.0, x.data()[j], 0.0);
            assertEquals(TestFiles.pixel(1, j) / 255.0, x.data()[6 + j], 0.0);
        }
        byte[] extremes = {0, (byte) 255};
        Dataset e = Dataset.of("e", new LabeledImages(extremes, new int[] {0, 1}, 1, 1, 1), 2);
        assertArrayEquals(new double[] {0.0, 1.0}, e.all().x().data(), 0.0);
    }

    @Test
    void classSubsetRemapsInGivenOrderAndKeepsOriginalPositions() {
        Dataset s = small().classSubset(3, 0);
        assertEquals(2, s.numClasses());
        assertArrayEquals(new int[] {3, 0}, s.classIds());
        assertArrayEquals(new int[] {1, 2, 6, 7}, s.originalIndices());
        assertArrayEquals(new int[] {1, 0, 1, 0}, s.labels());
        assertArrayEquals(new int[] {2, 2}, s.classCounts());
        Batch b = s.batch(new int[] {3, 0});
        assertArrayEquals(new int[] {7, 1}, b.originalIndices());
        assertArrayEquals(new int[] {0, 1}, b.labels());
        assertArrayEquals(new double[] {1, 0, 0, 1}, b.targets().data(), 0.0);
        assertEquals(TestFiles.pixel(7, 4) / 255.0, b.x().data()[4], 0.0);
        // A subset of a subset still refers to the file's classes and positions.
        Dataset t = s.classSubset(1);
        assertArrayEquals(new int[] {0}, t.classIds());
        assertArrayEquals(new int[] {1, 6}, t.originalIndices());
        assertArrayEquals(new int[] {0, 0}, t.labels());
    }

    @Test
    void firstSelectAndOriginalIndexSubsets() {
        Dataset s = small().classSubset(2, 0);
        assertArrayEquals(new int[] {0, 1, 4}, s.first(3).originalIndices());
        Dataset o = s.byOriginalIndices(new int[] {6, 0});
        assertArrayEquals(new int[] {6, 0}, o.originalIndices());
        assertArrayEquals(new int[] {1, 0}, o.labels());
        assertEquals(TestFiles.pixel(6, 2) / 255.0, o.inputs(new int[] {0}).data()[2], 0.0);
        assertArrayEquals(new int[] {5, 5}, s.select(new int[] {3, 3}).originalIndices());
        assertEquals("original index 3 is not in toy/train[2,0]",
                assertThrows(IllegalArgumentException.class, () -> s.byOriginalIndices(new int[] {3})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.byOriginalIndices(new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> s.first(6));
        assertThrows(IllegalArgumentException.class, () -> s.select(new int[] {5}));
    }

    @Test
    void badClassSubsetsAreRejected() {
        Dataset d = small();
        assertThrows(IllegalArgumentException.class, () -> d.classSubset());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.classSubset(1, 1)).getMessage()
                .contains("class 1 is listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.classSubset(4)).getMessage()
                .contains("class 4 is outside 0..3"));
    }

    @Test
    void oneHotAndFlatBatch() {
        Tensor t = Dataset.oneHot(new int[] {2, 0}, 3);
        assertArrayEquals(new int[] {2, 3}, t.shape().dims());
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, t.data(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Dataset.oneHot(new int[] {3}, 3));
        Batch b = small().batch(new int[] {0, 1, 2});
        assertArrayEquals(new int[] {3, 6}, b.xFlat().shape().dims());
        assertEquals(3, b.size());
    }

    @Test
    void fromTensorKeepsValuesAsTheyAre() {
        Tensor x = Tensor.of(new double[] {-1.5, 2, 0.25, 7, 3, 3}, 3, 2);
        Dataset d = Dataset.fromTensor("syn", x, new int[] {1, 0, 1}, 2);
        x.data()[0] = 99; // the dataset holds a copy
        Batch b = d.batch(new int[] {2, 0});
        assertArrayEquals(new double[] {3, 3, -1.5, 2}, b.x().data(), 0.0);
        assertArrayEquals(new int[] {2, 2}, b.x().shape().dims());
        assertArrayEquals(new int[] {1, 1}, b.labels());
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromTensor("bad", x, new int[] {0, 2, 0}, 2));
    }

    @Test
    void batchesCoverEveryPositionOnceAndDependOnlyOnTheSeed() {
        List<int[]> seq = Batches.sequential(7, 3);
        assertEquals(3, seq.size());
        assertArrayEquals(new int[] {6}, seq.get(2));
        List<int[]> a = Batches.shuffled(10, 4, new SplittableRandom(5), false);
        List<int[]> b = Batches.shuffled(10, 4, new SplittableRandom(5), false);
        int[] all = a.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(Dataset.range(10), all);
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
        assertEquals(2, Batches.shuffled(10, 4, new SplittableRandom(5), true).size());
        assertThrows(IllegalArgumentException.class, () -> Batches.sequential(3, 0));
    }
}
