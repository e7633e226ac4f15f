package org.flatlens.analysis.jacobians;

/**
 * Per-sample gradient norms of a parameter that belongs to no site (a {@link org.flatlens.nn.ParamSite}) for a chunk.
 *
 * @param name   the parameter's name
 * @param gradSq {@code gradSq[i][c] = ||∂g_{i,c}/∂θ||²}, {@code [n][k]}
 */
public record ParamBlock(String name, double[][] gradSq) {}
