/**
 * SGD training, checkpoints and run folders.
 *
 * <p>May import: nn, data, autodiff, tensor.
 */
package org.flatlens.train;
