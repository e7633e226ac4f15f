package org.flatlens.analysis.sharpness;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.autodiff.Var;
import org.flatlens.nn.Model;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.Site;
import org.flatlens.nn.SiteKind;
import org.flatlens.nn.SiteRecorder;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A linear layer of a model (dense, convolution, or dense per token: every layer that records a {@link Site}), with its
 * weight seen as the matrix {@code W_mat} of shape {@code [outDim, fanIn]}: the weight itself for dense and token
 * layers, and the weight {@code [O, C, k, k]} reshaped row-major to {@code [O, C·k·k]} for a convolution (PyTorch's
 * {@code weight.view(O, -1)}, the order of im2col patches).
 *
 * @param name the layer's parameter prefix, e.g. {@code 0}, {@code conv2}, {@code blocks.0.attn.qkv}
 * @param weight the weight's parameter name
 * @param kind dense, conv or token
 * @param outDim rows of {@code W_mat}
 * @param fanIn columns of {@code W_mat}
 */
public record LinearLayer(String name, String weight, SiteKind kind, int outDim, int fanIn) {

    /** The model's linear layers in forward order, found from the sites of a one-sample forward pass. */
    public static List<LinearLayer> of(Model model, Parameters params) {
        int[] in = model.spec().inputShape();
        SiteRecorder rec = new SiteRecorder();
        model.forward(params.vars(false), Var.constant(Tensor.zeros(1, in[0], in[1], in[2])), rec);
        List<LinearLayer> layers = new ArrayList<>();
        for (Site s : rec.sites()) {
            Shape w = params.get(s.weight()).shape();
            layers.add(new LinearLayer(s.layer(), s.weight(), s.kind(), w.dim(0), w.size() / w.dim(0)));
        }
        return layers;
    }

    /** Position of the weight in the parameter list (state-dict order). */
    public int weightIndex(Parameters params) {
        int i = params.names().indexOf(weight);
        if (i < 0) throw new IllegalArgumentException("no parameter named '" + weight + "'");
        return i;
    }

    /** {@code W_mat} {@code [outDim, fanIn]}, sharing the weight's data. */
    public Tensor matrix(Parameters params) {
        return params.get(weight).reshape(outDim, fanIn);
    }
}
