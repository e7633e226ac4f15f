package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real MNIST and FashionMNIST files, when {@code flatlens data fetch} has put them into the data cache
 * ({@link DataDirs}); skipped otherwise. The label counts are the published ones.
 */
class RealDataTest {
    private static Path dirOrSkip(DatasetName name) {
        Path dir = DataDirs.forDataset(name, null);
        boolean present = true;
        for (Split s : Split.values()) {
            for (String f : DatasetLoader.fileNames(name, s)) {
                present &= Files.isRegularFile(dir.resolve(f)) || Files.isRegularFile(dir.resolve(f + ".gz"));
            }
        }
        assumeTrue(present, name + " is not in " + dir + "; run './flatlens data fetch " + name + "' to test it");
        return dir;
    }

    @Test
    void mnist() {
        Path dir = dirOrSkip(DatasetName.MNIST);
        Dataset train = DatasetLoader.load(DatasetName.MNIST, Split.TRAIN, dir);
        Dataset test = DatasetLoader.load(DatasetName.MNIST, Split.TEST, dir);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, train.classCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.classCounts());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, train.first(10).labels());
        Dataset zeroOne = train.classSubset(0, 1);
        assertEquals(5923 + 6742, zeroOne.size());
        assertEquals(1, zeroOne.originalIndex(0)); // sample 0 is a 5, sample 1 the first 0
        double[] x = train.inputs(new int[] {0}).data();
        double max = 0;
        for (double v : x) max = Math.max(max, v);
        assertEquals(1.0, max, 0.0); // MNIST digits are saturated at 255
    }

    @Test
    void fashionMnist() {
        Path dir = dirOrSkip(DatasetName.FASHION_MNIST);
        Dataset train = DatasetLoader.load(DatasetName.FASHION_MNIST, Split.TRAIN, dir);
        Dataset test = DatasetLoader.load(DatasetName.FASHION_MNIST, Split.TEST, dir);
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        for (int c : train.classCounts()) assertEquals(6000, c);
        for (int c : test.classCounts()) assertEquals(1000, c);
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, train.first(10).labels());
    }
}
