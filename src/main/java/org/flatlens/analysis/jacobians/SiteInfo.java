package org.flatlens.analysis.jacobians;

import org.flatlens.nn.ConvGeometry;
import org.flatlens.nn.SiteKind;
import org.flatlens.tensor.Shape;

/**
 * What is fixed about a representation site across chunks (THEORY.md §3): its names, kind and the per-sample shapes of
 * its input {@code h} and pre-activation output {@code z}.
 *
 * @param name        {@code input} for the first site (the network input), else the layer's parameter prefix
 * @param layer       the layer's parameter prefix ({@code 0}, {@code conv1}, {@code blocks.0.attn.qkv})
 * @param kind        dense, conv or token
 * @param weight      the weight's parameter name
 * @param bias        the bias's parameter name, or null when the layer has none
 * @param conv        the convolution geometry, or null
 * @param inputShape  per-sample h: dense {@code [d]}, token {@code [T, d]}, conv {@code [C, H, W]}
 * @param outputShape per-sample z: dense {@code [out]}, token {@code [T, out]}, conv {@code [O, Ho, Wo]}
 */
public record SiteInfo(String name, String layer, SiteKind kind, String weight, String bias, ConvGeometry conv,
        Shape inputShape, Shape outputShape) {

    /** {@code dim h}, the number of values of one sample's representation. */
    public int inputSize() {
        return inputShape.size();
    }

    /** {@code dim z} per sample. */
    public int outputSize() {
        return outputShape.size();
    }

    /** L, the rows of the patch matrix P: 1 (dense), T (token) or {@code Ho·Wo} (conv). */
    public int positions() {
        return switch (kind) {
            case DENSE -> 1;
            case TOKEN -> inputShape.dim(0);
            case CONV -> outputShape.dim(1) * outputShape.dim(2);
        };
    }

    /** The fan-in F, the columns of P and of {@code W_mat}: d, or {@code C·kernel²} for a convolution. */
    public int fanIn() {
        return kind == SiteKind.CONV ? inputShape.dim(0) * conv.kernel() * conv.kernel() : inputShape.dim(-1);
    }

    /** The rows O of {@code W_mat}: output features or channels. */
    public int outFeatures() {
        return kind == SiteKind.CONV ? outputShape.dim(0) : outputShape.dim(-1);
    }
}
