/**
 * Representation compression measures (THEORY.md sections 3-4) at every representation site.
 *
 * <p>May import: analysis.jacobians, analysis.linalg, nn, autodiff, data, tensor.
 */
package org.flatlens.analysis.compression;
