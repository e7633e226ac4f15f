package org.flatlens.nn;

import java.util.Map;
import java.util.random.RandomGenerator;
import org.flatlens.autodiff.Var;
import org.flatlens.tensor.Shape;
import org.flatlens.tensor.Tensor;

/**
 * A 2-D convolution as {@code torch.nn.Conv2d} (cross-correlation, square kernel, stride, zero padding and dilation):
 * weight {@code [O, C, k, k]}, bias {@code [O]}; input {@code [N, C, H, W]}, output {@code [N, O, Ho, Wo]} with
 * {@code Ho = (H + 2p − d·(k − 1) − 1)/s + 1}; see {@link ConvGeometry}.
 */
public final class Conv2d implements Layer {
    private final String name, weight, biasName;
    private final int inChannels, outChannels;
    private final ConvGeometry geometry;
    private final boolean bias;

    public Conv2d(String name, int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias) {
        this(name, name + ".weight", bias ? name + ".bias" : null, inChannels, outChannels,
                new ConvGeometry(kernel, stride, padding));
    }

    /**
     * A convolution whose parameters have the given names (an imported graph's initializers).
     *
     * @param bias the bias's name, or null for none
     */
    public Conv2d(String name, String weight, String bias, int inChannels, int outChannels, ConvGeometry geometry) {
        this.name = name;
        this.weight = weight;
        this.biasName = bias;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.geometry = geometry;
        this.bias = bias != null;
    }

    public String name() {
        return name;
    }

    @Override
    public void declare(Map<String, Shape> shapes) {
        int k = geometry.kernel();
        shapes.put(weight, Shape.of(outChannels, inChannels, k, k));
        if (bias) shapes.put(biasName, Shape.of(outChannels));
    }

    @Override
    public void init(Map<String, Tensor> values, RandomGenerator rng) {
        int k = geometry.kernel();
        double bound = 1.0 / Math.sqrt(inChannels * k * k);
        values.put(weight, Layer.uniform(rng, bound, outChannels, inChannels, k, k));
        if (bias) values.put(biasName, Layer.uniform(rng, bound, outChannels));
    }

    @Override
    public Var forward(Map<String, Var> params, Var x, SiteRecorder sites) {
        if (x.shape().rank() != 4 || x.shape().dim(1) != inChannels) {
            throw new IllegalArgumentException(name + ": input " + x.shape() + ", expected [N, " + inChannels + ", H, W]");
        }
        Var h = sites == null ? x : x.tap();
        Var z = h.conv2d(Layer.param(params, weight), geometry.stride(), geometry.padding(), geometry.dilation());
        if (bias) z = z.add(Layer.param(params, biasName).reshape(outChannels, 1, 1));
        if (sites != null) sites.add(new Site(name, name, SiteKind.CONV, h, z, weight, geometry));
        return z;
    }
}
