package org.flatlens.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Var;

/**
 * The paper's multilayer perceptron, as {@code nn.Sequential(Linear, act, ..., Linear)} on flattened inputs: state-dict
 * keys {@code 0.weight, 0.bias, 2.weight, ...}. With {@code layer_norm}, every Linear is preceded by a LayerNorm without
 * affine parameters, so the Sequential is {@code (LayerNorm, Linear, act)*} and the Linear indices are 1, 4, 7, ...
 *
 * <p>Options: {@code widths} (hidden widths, default {@code [500, 500, 500]}), {@code activation} ({@code tanh}
 * (default) or {@code relu}), {@code layer_norm} (default false).
 */
public final class Mlp extends Model {
    private final List<Dense> dense;
    private final boolean layerNorm;
    private final String activation;

    private Mlp(ModelSpec spec, List<Dense> dense, boolean layerNorm, String activation) {
        super(spec, new ArrayList<>(dense));
        this.dense = dense;
        this.layerNorm = layerNorm;
        this.activation = activation;
    }

    public static Mlp of(ModelSpec spec) {
        Options o = new Options("mlp", spec.options());
        List<Integer> widths = o.intList("widths", List.of(500, 500, 500));
        String act = o.choice("activation", "tanh", "tanh", "relu");
        boolean ln = o.bool("layer_norm", false);
        o.rejectUnknown();
        List<Dense> layers = new ArrayList<>();
        int in = spec.inputSize();
        int step = ln ? 3 : 2;
        int index = ln ? 1 : 0;
        List<Integer> outs = new ArrayList<>(widths);
        outs.add(spec.numOutputs());
        for (int w : outs) {
            layers.add(new Dense(Integer.toString(index), in, w));
            in = w;
            index += step;
        }
        return new Mlp(spec, layers, ln, act);
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        Var h = x.reshape(x.shape().dim(0), -1);
        for (int i = 0; i < dense.size(); i++) {
            if (layerNorm) h = org.flatlens.autodiff.Functions.layerNorm(h, 1e-5);
            h = dense.get(i).forward(params, h, sites);
            if (i < dense.size() - 1) h = activation.equals("relu") ? h.relu() : h.tanh();
        }
        return h;
    }
}
