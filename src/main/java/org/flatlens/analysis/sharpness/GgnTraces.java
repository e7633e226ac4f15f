package org.flatlens.analysis.sharpness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Gauss–Newton measures of THEORY.md §2 over n samples, with {@code g_i = R_i f(x_i)} the effective output:
 *
 * @param traceGgn {@code Tr(G) = AM_i ||∂g_i/∂θ||_F²} (exact, no sampling noise)
 * @param traceGgnLayers {@code S_l = AM_i ||∂g_i/∂W_l||_F²} by weight name (e.g. {@code 0.weight}), in forward order
 * @param relativeFlatness {@code κ^G_l = AM_i Σ_c ||W_matᵀ ∂g_{i,c}/∂W_mat||_F²} by layer name, in forward order
 * @param samples n
 * @param method how they were computed (e.g. {@code brute-force})
 */
public record GgnTraces(double traceGgn, Map<String, Double> traceGgnLayers, Map<String, Double> relativeFlatness,
        int samples, String method) {
    public GgnTraces {
        traceGgnLayers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(traceGgnLayers));
        relativeFlatness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(relativeFlatness));
    }

    /** The paper's sharpness, {@code sqrt(Tr(G))}. */
    public double sharpness() {
        return Math.sqrt(traceGgn);
    }
}
