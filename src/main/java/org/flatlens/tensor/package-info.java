/**
 * Dense float64 tensors: Shape, Tensor (a row-major double[] and its shape) and their operations (elementwise,
 * reductions, movement, matrix products, convolution, pooling). No graph, no gradients. Loops on vector lanes and
 * the worker threads live in the subpackage {@code kernels}.
 *
 * <p>May import: tensor.kernels.
 */
package org.flatlens.tensor;
