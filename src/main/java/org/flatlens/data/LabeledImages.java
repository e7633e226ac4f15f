package org.flatlens.data;

/**
 * Images as read from a file: {@code count} images of shape [channels, height, width], one byte per pixel value
 * (0..255), stored sample after sample in CHW order, and one label per image.
 *
 * @param pixels {@code count * channels * height * width} bytes, not copied
 * @param labels {@code count} labels, not copied
 */
public record LabeledImages(byte[] pixels, int[] labels, int channels, int height, int width) {
    public LabeledImages {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "non-positive image dimensions " + channels + "x" + height + "x" + width);
        }
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixel count " + pixels.length + " does not match " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of images. */
    public int count() {
        return labels.length;
    }
}
