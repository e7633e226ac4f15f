package org.flatlens.nn;

import org.flatlens.tensor.UserInputException;

/** A convolution's kernel size, stride and zero padding (square, the same along height and width). */
public record ConvGeometry(int kernel, int stride, int padding) {
    /**
     * The output length along one spatial axis, {@code ⌊(in + 2·padding − kernel) / stride⌋ + 1}; with padding 0 this is
     * also the output length of a floor-mode max pool.
     *
     * @throws UserInputException when the window does not fit in the padded input
     */
    public int outputSize(int in) {
        int span = in + 2 * padding - kernel;
        if (span < 0) {
            throw new UserInputException("a window of " + kernel + " does not fit an input of " + in
                    + " with padding " + padding);
        }
        return span / stride + 1;
    }
}
