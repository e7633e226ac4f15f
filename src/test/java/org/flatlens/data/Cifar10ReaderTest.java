package org.flatlens.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.flatlens.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRecordsInChwOrder() {
        Path f = TestFiles.write(dir, "test_batch.bin", TestFiles.cifar(0, 6, 9, 0));
        LabeledImages r = Cifar10Reader.readBatch(f);
        assertEquals(3, r.count());
        assertArrayEquals(new int[] {6, 9, 0}, r.labels());
        Dataset d = Dataset.of("c", r, 10);
        Tensor x = d.inputs(new int[] {1});
        assertArrayEquals(new int[] {1, 3, 32, 32}, x.shape().dims());
        // Channel c, row y, column x of image 1 is byte 1024c + 32y + x of its record's pixel block.
        assertEquals(TestFiles.pixel(1, 1024 * 2 + 32 * 5 + 7) / 255.0, x.get(0, 2, 5, 7), 0.0);
        assertEquals(TestFiles.pixel(1, 32 + 31) / 255.0, x.get(0, 0, 1, 31), 0.0);
    }

    @Test
    void loaderConcatenatesTrainBatchesWithRunningPositions() {
        Path sub = dir.resolve(DatasetLoader.CIFAR_SUBDIR);
        for (int b = 1; b <= 5; b++) {
            TestFiles.write(sub, "data_batch_" + b + ".bin", TestFiles.cifar(2 * (b - 1), b, b - 1));
        }
        TestFiles.write(sub, "test_batch.bin", TestFiles.cifar(0, 3));
        Dataset train = DatasetLoader.load(DatasetName.CIFAR10, Split.TRAIN, dir);
        assertEquals(10, train.size());
        assertArrayEquals(new int[] {1, 0, 2, 1, 3, 2, 4, 3, 5, 4}, train.labels());
        assertEquals("cifar10/train", train.name());
        Dataset cats = train.classSubset(3, 5);
        assertArrayEquals(new int[] {4, 7, 8}, cats.originalIndices());
        assertArrayEquals(new int[] {0, 0, 1}, cats.labels());
        // Image 8 of the split is the first record of data_batch_5.
        assertEquals(TestFiles.pixel(8, 100) / 255.0, cats.inputs(new int[] {2}).data()[100], 0.0);
        assertEquals(1, DatasetLoader.load(DatasetName.CIFAR10, Split.TEST, dir).size());
    }

    @Test
    void rejectsTruncatedFileAndBadLabel() {
        byte[] ok = TestFiles.cifar(0, 1, 2);
        Path t = TestFiles.write(dir, "data_batch_1.bin", Arrays.copyOf(ok, ok.length - 5));
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10Reader.readBatch(t)), t,
                "length 6141 is not a positive multiple of 3073");
        Path b = TestFiles.write(dir, "bad.bin", TestFiles.cifar(0, 1, 10));
        IdxReaderTest.assertMessage(assertThrows(DataFormatException.class, () -> Cifar10Reader.readBatch(b)), b,
                "label 10 of record 1 is outside 0..9");
        Path e = TestFiles.write(dir, "empty.bin", new byte[0]);
        assertThrows(DataFormatException.class, () -> Cifar10Reader.readBatch(e));
    }
}
