package org.flatlens.analysis.compression;

import java.util.List;
import java.util.Map;

/**
 * The result of {@link CompressionAnalysis}: every site's measures, the network-wide measures, and the exact
 * Gauss–Newton numbers the bounds compare them with (THEORY.md §2, §4, §5), all over the same samples.
 *
 * @param loss             {@code mse} or {@code ce}
 * @param samples          n
 * @param outputs          k
 * @param outputRank       {@code rank R}: k for MSE, k − 1 for cross-entropy
 * @param chunkSize        samples per batched backward pass (results do not depend on it)
 * @param sites            every site in forward order, the first named {@code input}
 * @param network          the network-wide measures
 * @param traceGgnParams   every parameter → {@code AM_i Σ_c ||∂g_{i,c}/∂θ_p||²}; they sum to {@code network.traceGgn()}
 * @param monteCarlo       the Monte Carlo options used, or null when those estimates were skipped
 */
public record CompressionReport(String loss, int samples, int outputs, int outputRank, int chunkSize,
        List<SiteMeasures> sites, NetworkMeasures network, Map<String, Double> traceGgnParams,
        MonteCarloOptions monteCarlo) {

    public CompressionReport {
        sites = List.copyOf(sites);
        traceGgnParams = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(traceGgnParams));
    }

    /** The site with this name, e.g. {@code input} or {@code conv2}. */
    public SiteMeasures site(String name) {
        for (SiteMeasures s : sites) if (s.name().equals(name)) return s;
        throw new IllegalArgumentException("no site named '" + name + "'");
    }

    /** {@code Tr G}. */
    public double traceGgn() {
        return network.traceGgn();
    }
}
