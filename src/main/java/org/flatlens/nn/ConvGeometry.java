package org.flatlens.nn;

import org.flatlens.tensor.UserInputException;

/**
 * A convolution's kernel size, stride, zero padding and dilation (square, the same along height and width): the
 * kernel's taps are {@code dilation} pixels apart, so it spans {@code dilation·(kernel − 1) + 1} pixels.
 */
public record ConvGeometry(int kernel, int stride, int padding, int dilation) {
    /** Dilation 1 (adjacent taps), as every built-in layer. */
    public ConvGeometry(int kernel, int stride, int padding) {
        this(kernel, stride, padding, 1);
    }

    /**
     * The output length along one spatial axis, {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1) / stride⌋ + 1};
     * with padding 0 and dilation 1 this is also the output length of a floor-mode max pool.
     *
     * @throws UserInputException when the window does not fit in the padded input
     */
    public int outputSize(int in) {
        long span = in + 2L * padding - ((long) dilation * (kernel - 1) + 1);
        if (span < 0) {
            throw new UserInputException("a window of " + kernel + (dilation == 1 ? "" : " with dilation " + dilation)
                    + " does not fit an input of " + in + " with padding " + padding);
        }
        return (int) (span / stride + 1);
    }
}
