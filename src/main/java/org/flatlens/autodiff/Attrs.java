package org.flatlens.autodiff;

import org.flatlens.tensor.Shape;

/** The fixed (non-differentiable) arguments of the primitives that have them. */
final class Attrs {
    private Attrs() {}

    record Scalar(double c) {}

    record Sum(int[] axes, boolean keepDims) {}

    record Slice(int axis, int start, int end) {}

    record Pad(int axis, int before, int after) {}

    record Concat(int axis, int[] sizes) {}

    record Indexed(int[] flat, Shape outShape) {}

    record Matmul(boolean transA, boolean transB) {}

    /** Convolution geometry; {@code shape} is the output shape of the two adjoint convolutions. */
    record Conv(int stride, int padding, Shape shape) {}
}
