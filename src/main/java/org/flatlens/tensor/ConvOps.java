package org.flatlens.tensor;

/** Placeholder until the convolution kernels land (branch kernels). */
public final class ConvOps {
    private ConvOps() {}

    public static Tensor conv2d(Tensor x, Tensor w, int stride, int padding) {
        throw new UnsupportedOperationException("conv2d");
    }

    public static Tensor conv2dTranspose(Tensor g, Tensor w, Shape inputShape, int stride, int padding) {
        throw new UnsupportedOperationException("conv2dTranspose");
    }

    public static Tensor conv2dWeightGrad(Tensor x, Tensor g, Shape weightShape, int stride, int padding) {
        throw new UnsupportedOperationException("conv2dWeightGrad");
    }
}
