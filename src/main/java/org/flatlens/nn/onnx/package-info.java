/**
 * ONNX import: reads a {@code .onnx} file (protobuf, through classes generated at build time from the project's own
 * {@code src/main/proto/onnx_subset.proto}) into a {@link org.flatlens.nn.onnx.GraphModel}, a
 * {@link org.flatlens.nn.Model} like the built-in architectures, so every analysis, training and report path runs on it.
 *
 * <p>May import: nn, autodiff, tensor (it is part of nn).
 */
package org.flatlens.nn.onnx;
