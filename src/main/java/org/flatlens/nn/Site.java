package org.flatlens.nn;

import org.flatlens.autodiff.Var;

/**
 * A representation site (THEORY.md §3): the input {@code h} of a linear layer — dense, convolution, or dense applied per
 * token — recorded during a forward pass, with the layer's pre-activation output {@code z}.
 *
 * @param name   the layer's parameter prefix ({@code "input"} is given by the analysis to the first site)
 * @param layer  the layer's parameter prefix, e.g. {@code 2}, {@code conv2}, {@code blocks.0.attn.qkv}
 * @param kind   dense, conv or token
 * @param input  h as seen by this layer only: an identity node, so a gradient with respect to it flows through W_l and
 *               not through skip connections. Dense {@code [N, d]}, conv {@code [N, C, H, W]}, token {@code [N, T, d]}
 * @param output z = W h (+ b), before any activation: dense {@code [N, out]}, conv {@code [N, O, Ho, Wo]}, token
 *               {@code [N, T, out]}
 * @param weight the weight's parameter name ({@code layer + ".weight"})
 * @param conv   the convolution geometry, or null for dense and token layers
 */
public record Site(String name, String layer, SiteKind kind, Var input, Var output, String weight, ConvGeometry conv) {}
