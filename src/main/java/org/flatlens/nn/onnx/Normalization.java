package org.flatlens.nn.onnx;

import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * BatchNormalization in inference mode and LayerNormalization over the last axis.
 *
 * <p>BatchNorm: {@code y = (x − μ_c) / sqrt(σ²_c + eps) · γ_c + β_c} per channel c with the running statistics μ, σ²
 * stored in the file: they are buffers, fixed while measuring and while training (BatchNorm is frozen, as in
 * PyTorch's eval mode); γ and β are parameters. A BatchNorm is therefore an affine map per channel, and the network
 * stays a function of one sample at a time. While recording sites γ and β are used per batch row as {@code [N, C]}
 * (then broadcast over H, W) so that their per-sample gradients are exact.
 */
final class Normalization {
    private Normalization() {}

    static Var batchNorm(GraphNode n, Values v) {
        if (n.integer("training_mode", 0) != 0) {
            throw NodeOps.fail(v, n, "is in training mode; export the module in eval mode (BatchNorm with running "
                    + "statistics)");
        }
        if (n.outputs().size() > 1) throw NodeOps.fail(v, n, "outputs running statistics (a training-mode export)");
        Var x = NodeOps.in(v, n, 0);
        int c = x.shape().dim(1);
        int[] perChannel = new int[x.shape().rank()];
        java.util.Arrays.fill(perChannel, 1);
        perChannel[1] = c;
        Tensor mean = v.constant(n, n.input(3)), var = v.constant(n, n.input(4));
        Tensor invStd = var.add(n.number("epsilon", 1e-5)).sqrt().map(d -> 1.0 / d);
        Var xhat = x.sub(Var.constant(mean.reshape(perChannel))).mul(Var.constant(invStd.reshape(perChannel)));
        return xhat.mul(channelParam(n, v, 1, x.shape(), perChannel))
                .add(channelParam(n, v, 2, x.shape(), perChannel));
    }

    /** γ or β as {@code [C, 1, 1]}, or while recording as a per-row use {@code [N, C]} reshaped to {@code [N, C, 1, 1]}. */
    private static Var channelParam(GraphNode n, Values v, int input, Shape x, int[] perChannel) {
        String name = n.input(input);
        Var p = v.get(name);
        int[] chw = java.util.Arrays.copyOfRange(perChannel, 1, perChannel.length);
        if (!v.isParam(name) || v.sites == null) return p.reshape(chw);
        int[] rows = perChannel.clone();
        rows[0] = x.dim(0);
        return v.paramUse(name, Shape.of(x.dim(0), x.dim(1))).reshape(rows);
    }

    static Var layerNorm(GraphNode n, Values v) {
        Var x = NodeOps.in(v, n, 0);
        int axis = x.shape().axis((int) n.integer("axis", -1));
        if (axis != x.shape().rank() - 1) throw NodeOps.fail(v, n, "normalises from axis " + axis + "; only the last");
        if (n.outputs().size() > 1) throw NodeOps.fail(v, n, "outputs its mean and variance, which FlatLens does not");
        Var y = x.layerNorm(n.number("epsilon", 1e-5));
        Var w = scaleOrShift(v, n.input(1), y.shape()), b = n.input(2) == null ? null : scaleOrShift(v, n.input(2), y.shape());
        y = y.mul(w);
        return b == null ? y : y.add(b);
    }

    private static Var scaleOrShift(Values v, String name, Shape target) {
        return v.isParam(name) ? v.paramUse(name, target) : v.get(name);
    }
}
