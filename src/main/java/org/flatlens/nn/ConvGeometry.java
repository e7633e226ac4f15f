package org.flatlens.nn;

/** A convolution's kernel size, stride and zero padding (square, the same along height and width). */
public record ConvGeometry(int kernel, int stride, int padding) {}
