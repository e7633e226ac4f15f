/**
 * The kernel layer: every loop written on the incubating Vector API ({@code jdk.incubator.vector}) and the threads
 * they run on. Matrix multiply ({@link org.flatlens.tensor.kernels.Gemm}, {@link org.flatlens.tensor.kernels.SmallGemm},
 * chosen by shape in one place, {@link org.flatlens.tensor.kernels.MatMul}), direct convolution, ReLU, and the
 * dot products, sums and rotations of the analysis' small dense linear algebra
 * ({@link org.flatlens.tensor.kernels.Lanes}, {@link org.flatlens.tensor.kernels.TriangleKernels}). Everything works on
 * {@code double[]} with offsets and strides; sums are formed in an order fixed by the shapes, so results do not depend
 * on the thread count ({@link org.flatlens.tensor.kernels.Parallel}).
 *
 * <p>May import: (nothing of the project; only these kernels use {@code jdk.incubator.vector}).
 */
package org.flatlens.tensor.kernels;
