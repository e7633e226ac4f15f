package org.flatlens.testutil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small learnable dataset in MNIST's IDX files ({@code train-images-idx3-ubyte}, ...) for tests that run the
 * command line on files: 28×28 noise images whose class c (of 10) brightens one of ten horizontal bands, so a small
 * model separates the classes quickly.
 */
public final class SyntheticMnist {
    private SyntheticMnist() {}

    /** Writes the four files into {@code dir}; labels cycle 0..9. */
    public static Path write(Path dir, int nTrain, int nTest, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("train-images-idx3-ubyte"), images(nTrain, r));
            Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(nTrain));
            Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(nTest, r));
            Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(nTest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static byte[] images(int n, SplittableRandom r) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784).putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n; i++) {
            int band = i % 10;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = r.nextInt(90) + (y / 3 == band ? 160 : 0);
                    b.put((byte) Math.min(255, v));
                }
            }
        }
        return b.array();
    }

    private static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n).putInt(0x00000801).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) (i % 10));
        return b.array();
    }
}
