package org.flatlens.nn;

import org.flatlens.autodiff.Var;

/**
 * A parameter that is neither the weight nor the bias of a linear layer's {@link Site} (a LayerNorm's affine
 * parameters, a ViT's class token and position embeddings), recorded with its <em>per-row use</em> so that per-sample
 * gradients of it are exact and come from the same backward pass as everything else.
 *
 * <p>While recording, the layer applies the parameter through {@code use = param.expand([N, ...]).tap()} instead of
 * broadcasting it inside an op. The value is unchanged; but the gradient with respect to {@code use} keeps one slice
 * per batch row, and the per-row gradient of the parameter is that slice summed to the parameter's shape
 * (numpy broadcasting, right-aligned). A parameter used in several places has one ParamSite per use; the per-row
 * gradients of its uses add up.
 *
 * @param name the parameter's name, e.g. {@code blocks.0.norm1.weight}, {@code cls_token}
 * @param use  the expanded parameter as the layer used it, {@code [N, ...]}; its gradient is per row
 */
public record ParamSite(String name, Var use) {}
