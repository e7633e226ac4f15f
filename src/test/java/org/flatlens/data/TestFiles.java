package org.flatlens.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builders of small data files in the real on-disk formats, for tests. */
final class TestFiles {
    private TestFiles() {}

    /** The pixel value test images carry: distinct per image and position, so mix-ups show. */
    static int pixel(int image, int offset) {
        return (image * 7 + offset * 3) % 256;
    }

    /** An IDX image file (magic 0x00000803) of n images of h×w with {@link #pixel} values. */
    static byte[] idxImages(int n, int h, int w) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * h * w).putInt(0x00000803).putInt(n).putInt(h).putInt(w);
        for (int i = 0; i < n; i++) for (int j = 0; j < h * w; j++) b.put((byte) pixel(i, j));
        return b.array();
    }

    /** An IDX label file (magic 0x00000801). */
    static byte[] idxLabels(int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(0x00000801).putInt(labels.length);
        for (int l : labels) b.put((byte) l);
        return b.array();
    }

    /** CIFAR-10 binary records: per image 1 label byte then 3072 pixel bytes (CHW) with {@link #pixel} values. */
    static byte[] cifar(int firstImage, int... labels) {
        ByteBuffer b = ByteBuffer.allocate(labels.length * 3073);
        for (int i = 0; i < labels.length; i++) {
            b.put((byte) labels[i]);
            for (int j = 0; j < 3072; j++) b.put((byte) pixel(firstImage + i, j));
        }
        return b.array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(raw);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
