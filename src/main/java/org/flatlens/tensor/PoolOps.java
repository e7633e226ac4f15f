package org.flatlens.tensor;

/** Placeholder until the pooling kernels land (branch kernels). */
public final class PoolOps {
    private PoolOps() {}

    public static int[] maxPool2dIndices(Tensor x, int kernel, int stride) {
        throw new UnsupportedOperationException("maxPool2d");
    }

    public static Shape maxPool2dShape(Shape in, int kernel, int stride) {
        throw new UnsupportedOperationException("maxPool2d");
    }
}
