package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    @Test
    void loadsIdxSplitsWithAndWithoutGzip() {
        TestFiles.write(dir, "train-images-idx3-ubyte.gz", TestFiles.gzip(TestFiles.idxImages(4, 28, 28)));
        TestFiles.write(dir, "train-labels-idx1-ubyte", TestFiles.idxLabels(5, 0, 4, 1));
        TestFiles.write(dir, "t10k-images-idx3-ubyte", TestFiles.idxImages(2, 28, 28));
        TestFiles.write(dir, "t10k-labels-idx1-ubyte.gz", TestFiles.gzip(TestFiles.idxLabels(7, 2)));
        Dataset train = DatasetLoader.load(DatasetName.MNIST, Split.TRAIN, dir);
        assertEquals("mnist/train", train.name());
        assertArrayEquals(new int[] {5, 0, 4, 1}, train.labels());
        assertArrayEquals(new int[] {1, 28, 28}, train.sampleShape().dims());
        assertEquals(10, train.numClasses());
        Dataset test = DatasetLoader.load(DatasetName.FASHION_MNIST, Split.TEST, dir);
        assertArrayEquals(new int[] {7, 2}, test.labels());
        assertEquals(TestFiles.pixel(1, 300) / 255.0, test.inputs(new int[] {1}).data()[300], 0.0);
    }

    @Test
    void wrongImageSizeAndMissingFilesAreClear() {
        TestFiles.write(dir, "t10k-images-idx3-ubyte", TestFiles.idxImages(2, 5, 5));
        TestFiles.write(dir, "t10k-labels-idx1-ubyte", TestFiles.idxLabels(1, 2));
        String m = assertThrows(DataFormatException.class,
                () -> DatasetLoader.load(DatasetName.MNIST, Split.TEST, dir)).getMessage();
        assertTrue(m.contains("expected 28x28 images for mnist, found 5x5"), m);
        String miss = assertThrows(DataNotFoundException.class,
                () -> DatasetLoader.load(DatasetName.MNIST, Split.TRAIN, dir)).getMessage();
        assertTrue(miss.startsWith("mnist train: train-images-idx3-ubyte(.gz) not found in " + dir), miss);
        assertTrue(miss.contains("flatlens data fetch mnist"), miss);
        String cifar = assertThrows(DataNotFoundException.class,
                () -> DatasetLoader.load(DatasetName.CIFAR10, Split.TEST, dir.resolve("none"))).getMessage();
        assertTrue(cifar.contains("does not exist") && cifar.contains("test_batch.bin"), cifar);
    }

    @Test
    void namesSplitsAndDirectories() {
        assertEquals(DatasetName.FASHION_MNIST, DatasetName.parse("FashionMNIST"));
        assertEquals(DatasetName.CIFAR10, DatasetName.parse("cifar-10"));
        assertEquals(DatasetName.MNIST, DatasetName.parse(" mnist "));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DatasetName.parse("svhn")).getMessage()
                .contains("mnist, fashion-mnist, cifar10"));
        assertEquals(Split.TEST, Split.parse("Test"));
        assertThrows(IllegalArgumentException.class, () -> Split.parse("val"));
        assertEquals(Path.of("/d/mnist"), DataDirs.forDataset(DatasetName.MNIST, null, Map.of("FLATLENS_DATA", "/d"),
                "/home/u"));
        assertEquals(Path.of("/home/u/.cache/flatlens/data/cifar10"),
                DataDirs.forDataset(DatasetName.CIFAR10, null, Map.of(), "/home/u"));
        assertEquals(Path.of("x"), DataDirs.forDataset(DatasetName.MNIST, Path.of("x"), Map.of("FLATLENS_DATA", "/d"),
                "/home/u"));
    }
}
