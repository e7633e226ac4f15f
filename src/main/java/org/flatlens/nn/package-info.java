/**
 * Layers (Dense, Conv2d, MaxPool2d, LayerNorm, attention), models with PyTorch-compatible parameter names,
 * model.json specs and losses.
 *
 * <p>May import: autodiff, tensor.
 */
package org.flatlens.nn;
