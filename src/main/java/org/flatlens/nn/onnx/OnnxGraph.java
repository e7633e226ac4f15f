package org.flatlens.nn.onnx;

import java.util.List;
import java.util.Map;
import org.flatlens.tensor.Tensor;

/**
 * An ONNX graph as read from a file: nodes in topological order, initializers as float64 tensors (integer ones too:
 * shape constants), the one graph input and output.
 *
 * @param source       the file, for messages
 * @param opset        the default-domain opset the graph was exported for
 * @param nodes        in the file's (topological) order
 * @param initializers by name, in the file's order
 * @param input        the graph input's name (initializers listed as inputs are not counted)
 * @param inputDims    its declared dims; the first is the batch and may be symbolic ({@code -1})
 * @param output       the graph output's name
 * @param floatTypes   the element type of each floating-point initializer ({@code float32}, {@code float64}, ...)
 */
public record OnnxGraph(String source, long opset, List<GraphNode> nodes, Map<String, Tensor> initializers,
        String input, int[] inputDims, String output, Map<String, String> floatTypes) {}
