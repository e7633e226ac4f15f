package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A 2-D convolution as {@code torch.nn.Conv2d} (cross-correlation, square kernel, stride and zero padding): weight
 * {@code [O, C, k, k]}, bias {@code [O]}; input {@code [N, C, H, W]}, output {@code [N, O, Ho, Wo]} with
 * {@code Ho = (H + 2p − k)/s + 1}.
 */
public final class Conv2d implements Layer {
    private final String name;
    private final int inChannels, outChannels;
    private final ConvGeometry geometry;
    private final boolean bias;

    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this.name = name;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.geometry = new ConvGeometry(kernel, stride, padding);
        this.bias = bias;
    }

    public String name() {
        return name;
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        int k = geometry.kernel();
        shapes.put(name + ".weight", Shape.of(outChannels, inChannels, k, k));
        if (bias) shapes.put(name + ".bias", Shape.of(outChannels));
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        int k = geometry.kernel();
        double bound = 1.0 / Math.sqrt(inChannels * k * k);
        values.put(name + ".weight", Layer.uniform(rng, bound, outChannels, inChannels, k, k));
        if (bias) values.put(name + ".bias", Layer.uniform(rng, bound, outChannels));
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != inChannels) {
            throw new IllegalArgumentException(name + ": input " + x.shape() + ", expected [N, " + inChannels + ", H, W]");
        }
        Var h = sites == null ? x : x.tap();
        Var z = h.conv2d(Layer.param(params, name + ".weight"), geometry.stride(), geometry.padding());
        if (bias) z = z.add(Layer.param(params, name + ".bias").reshape(outChannels, 1, 1));
        if (sites != null) sites.add(new Site(name, name, SiteKind.CONV, h, z, name + ".weight", geometry));
        return z;
    }
}
