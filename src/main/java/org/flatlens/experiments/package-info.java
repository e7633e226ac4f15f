/**
 * Tracking during training, sweeps and correlation analysis.
 *
 * <p>May import: train, analysis.*, data, nn, autodiff, tensor.
 */
package org.flatlens.experiments;
