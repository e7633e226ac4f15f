/**
 * Dense float64 tensors: Shape, Tensor (a row-major double[] and its shape) and the kernels behind them
 * (elementwise, reductions, movement, GEMM, convolution, pooling). No graph, no gradients.
 *
 * <p>May import: (nothing).
 */
package org.flatlens.tensor;
