package org.flatlens.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reader of the IDX format of MNIST and FashionMNIST (optionally gzipped).
 *
 * <p>Layout: a 4-byte magic number {@code 00 00 TT D} (TT the element type, 0x08 = unsigned byte; D the number of
 * dimensions), then D big-endian 32-bit dimension sizes, then the elements in row-major order. Image files have
 * D = 3 ([N, H, W]), label files D = 1 ([N]). Every inconsistency (magic, dimensions, a truncated file, trailing
 * bytes, a label out of range) raises a {@link DataFormatException} naming the file.
 */
public final class IdxReader {
    static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {}

    /** The contents of an IDX image file: {@code count} images of [height, width] bytes, row-major. */
    public record Images(byte[] pixels, int count, int height, int width) {}

    /** Reads an IDX image file ([N, H, W] unsigned bytes). */
    public static Images readImages(Path file) {
        byte[] b = FileBytes.read(file);
        int[] dims = header(b, file, 3, "image");
        int offset = 4 + 4 * dims.length;
        return new Images(Arrays.copyOfRange(b, offset, b.length), dims[0], dims[1], dims[2]);
    }

    /** Reads an image file and a label file of the same split into one {@link LabeledImages} ([N, 1, H, W]). */
    public static LabeledImages read(Path imageFile, Path labelFile, int numClasses) {
        Images images = readImages(imageFile);
        int[] labels = readLabels(labelFile, numClasses);
        if (labels.length != images.count()) {
            throw new DataFormatException(labelFile, labels.length + " labels but " + imageFile.getFileName()
                    + " holds " + images.count() + " images");
        }
        return new LabeledImages(images.pixels(), labels, 1, images.height(), images.width());
    }

    /**
     * The labels of an IDX label file.
     *
     * @throws DataFormatException if the file is malformed or a label is outside {@code 0..numClasses-1}
     */
    public static int[] readLabels(Path file, int numClasses) {
        byte[] b = FileBytes.read(file);
        int n = header(b, file, 1, "label")[0];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = b[8 + i] & 0xff;
            if (labels[i] >= numClasses) {
                throw new DataFormatException(file, "label " + labels[i] + " at index " + i + " is outside 0.."
                        + (numClasses - 1));
            }
        }
        return labels;
    }

    /** Validates magic, dimensions and the total length; returns the dimensions. */
    private static int[] header(byte[] b, Path file, int expectedRank, String kind) {
        if (b.length < 4) throw new DataFormatException(file, "too short for an IDX header (" + b.length + " bytes)");
        if (b[0] != 0 || b[1] != 0) {
            throw new DataFormatException(file, String.format(
                    "bad IDX magic number 0x%02x%02x%02x%02x (expected 0x0000%02x%02x)",
                    b[0], b[1], b[2], b[3], UNSIGNED_BYTE, expectedRank));
        }
        if ((b[2] & 0xff) != UNSIGNED_BYTE) {
            throw new DataFormatException(file,
                    String.format("IDX element type 0x%02x is not unsigned byte (0x08)", b[2]));
        }
        int rank = b[3] & 0xff;
        if (rank != expectedRank) {
            throw new DataFormatException(file, "IDX file has " + rank + " dimensions; " + kind + " files have "
                    + expectedRank);
        }
        int headerLen = 4 + 4 * rank;
        if (b.length < headerLen) throw new DataFormatException(file, "truncated IDX header (" + b.length + " bytes)");
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            int off = 4 + 4 * d;
            dims[d] = java.nio.ByteBuffer.wrap(b, off, 4).getInt(); // big-endian, as IDX stores it
            if (dims[d] <= 0) throw new DataFormatException(file, "IDX dimension " + d + " is " + dims[d]);
            count *= dims[d];
        }
        long expected = headerLen + count;
        if (b.length < expected) {
            throw new DataFormatException(file, "truncated: dimensions " + Arrays.toString(dims) + " need " + expected
                    + " bytes, found " + b.length);
        }
        if (b.length > expected) {
            throw new DataFormatException(file, "trailing data: dimensions " + Arrays.toString(dims) + " need "
                    + expected + " bytes, found " + b.length);
        }
        return dims;
    }
}
