package org.flatlens.autodiff;

import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/** The fixed (non-differentiable) arguments of the primitives that have them. */
final class Attrs {
    private Attrs() {}

    record Scalar(double c) {}

    /**
     * A value that depends only on a node's inputs, computed on first use and kept with the node: GELU's derivative,
     * which every one of the k backward passes through the same graph would otherwise recompute (for GELU an erf and
     * an exp per element), or layer norm's row scales. Racing threads compute equal values, so the last write wins
     * harmlessly.
     */
    static final class Memo {
        private volatile Tensor value;

        Tensor get(java.util.function.Supplier<Tensor> compute) {
            Tensor v = value;
            if (v == null) value = v = compute.get();
            return v;
        }
    }

    /** The function of a {@link Op#UNARY} node, and the node's cache for its backward without a graph. */
    record Unary(UnaryOp fn, Memo memo) {}

    record Sum(int[] axes, boolean keepDims) {}

    record Slice(int axis, int start, int end) {}

    record Pad(int axis, int before, int after) {}

    record Concat(int axis, int[] sizes) {}

    record Indexed(int[] flat, Shape outShape) {}

    record Matmul(boolean transA, boolean transB) {}

    /** Convolution geometry; {@code shape} is the output shape of the two adjoint convolutions. */
    record Conv(int stride, int padding, int dilation, Shape shape) {}
}
