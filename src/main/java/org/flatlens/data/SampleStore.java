package org.flatlens.data;

/**
 * The stored samples behind a {@link Dataset}: {@code rows()} samples of {@code sampleSize()} values each. Datasets
 * share one store and differ in which rows they refer to, so subsets copy no pixels.
 */
interface SampleStore {
    int rows();

    int sampleSize();

    /** Writes the values of sample {@code row} into {@code dst[offset .. offset + sampleSize())}. */
    void copyTo(int row, double[] dst, int offset);

    /** Pixels kept as bytes (a 60,000-image MNIST split is 47 MB, not 376 MB), converted to pixel/255 on demand. */
    record BytePixels(byte[] pixels, int sampleSize) implements SampleStore {
        @Override
        public int rows() {
            return pixels.length / sampleSize;
        }

        @Override
        public void copyTo(int row, double[] dst, int offset) {
            int base = row * sampleSize;
            for (int j = 0; j < sampleSize; j++) {
                // Division, not multiplication by 1/255, so each value is the correctly rounded pixel/255.
                dst[offset + j] = (pixels[base + j] & 0xff) / 255.0;
            }
        }
    }

    /** Real-valued samples used as they are (synthetic data, already normalised inputs). */
    record Doubles(double[] values, int sampleSize) implements SampleStore {
        @Override
        public int rows() {
            return values.length / sampleSize;
        }

        @Override
        public void copyTo(int row, double[] dst, int offset) {
            System.arraycopy(values, row * sampleSize, dst, offset, sampleSize);
        }
    }
}
