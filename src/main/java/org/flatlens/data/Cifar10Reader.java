package org.flatlens.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Reader of the CIFAR-10 "binary version" batch files ({@code data_batch_1.bin} .. {@code data_batch_5.bin},
 * {@code test_batch.bin}).
 *
 * <p>Each file is a sequence of 3073-byte records: 1 label byte (0..9), then 3072 pixel bytes in CHW order (1024 red,
 * 1024 green, 1024 blue, each 32x32 row-major). A length that is not a positive multiple of 3073 (a truncated file)
 * or a label above 9 raises a {@link DataFormatException} naming the file.
 */
public final class Cifar10Reader {
    public static final int CHANNELS = 3;
    public static final int SIDE = 32;
    public static final int NUM_CLASSES = 10;
    static final int IMAGE_BYTES = CHANNELS * SIDE * SIDE;
    static final int RECORD_BYTES = 1 + IMAGE_BYTES;

    private Cifar10Reader() {}

    /** Reads one batch file. */
    public static LabeledImages readBatch(Path file) {
        byte[] b = FileBytes.read(file);
        if (b.length == 0 || b.length % RECORD_BYTES != 0) {
            throw new DataFormatException(file, "length " + b.length + " is not a positive multiple of " + RECORD_BYTES
                    + " (1 label byte + 3072 pixel bytes per record); truncated?");
        }
        int n = b.length / RECORD_BYTES;
        int[] labels = new int[n];
        byte[] pixels = new byte[n * IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            labels[i] = b[i * RECORD_BYTES] & 0xff;
            if (labels[i] >= NUM_CLASSES) {
                throw new DataFormatException(file, "label " + labels[i] + " of record " + i + " is outside 0..9");
            }
            System.arraycopy(b, i * RECORD_BYTES + 1, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new LabeledImages(pixels, labels, CHANNELS, SIDE, SIDE);
    }

    /** Reads several batch files and concatenates them in the order given (sample positions run on across files). */
    public static LabeledImages readBatches(List<Path> files) {
        List<LabeledImages> parts = files.stream().map(Cifar10Reader::readBatch).toList();
        int n = parts.stream().mapToInt(LabeledImages::count).sum();
        byte[] pixels = new byte[Math.multiplyExact(n, IMAGE_BYTES)];
        int[] labels = new int[n];
        int at = 0;
        for (LabeledImages p : parts) {
            System.arraycopy(p.pixels(), 0, pixels, at * IMAGE_BYTES, p.pixels().length);
            System.arraycopy(p.labels(), 0, labels, at, p.count());
            at += p.count();
        }
        return new LabeledImages(pixels, labels, CHANNELS, SIDE, SIDE);
    }
}
