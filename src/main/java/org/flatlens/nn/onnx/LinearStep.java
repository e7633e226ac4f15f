package org.flatlens.nn.onnx;

import org.flatlens.autodiff.Var;
import org.flatlens.nn.Layer;

/**
 * A Gemm, MatMul or Conv node whose weight is a parameter, run as the built-in {@link org.flatlens.nn.Dense} or
 * {@link org.flatlens.nn.Conv2d} layer: the same arithmetic as a built-in model, and a representation site named by
 * the module (the weight's name without {@code .weight}).
 *
 * @param node   the node, for messages
 * @param layer  the dense or convolution layer
 * @param input  the data input's value name
 * @param output the value the step produces (for a MatMul with a fused bias Add, the Add's output)
 * @param pads   explicit zero padding {@code [top, left, bottom, right]} applied before a convolution whose padding is
 *               not the same on all sides, or null
 */
record LinearStep(GraphNode node, Layer layer, String input, String output, int[] pads) {
    void run(java.util.Map<String, Var> params, Values v) {
        Var x = v.get(input);
        if (pads != null) x = x.pad(2, pads[0], pads[2]).pad(3, pads[1], pads[3]);
        try {
            v.put(output, layer.forward(params, x, v.sites), false);
        } catch (IllegalArgumentException e) {
            throw NodeOps.fail(v, node, e.getMessage());
        }
    }
}
