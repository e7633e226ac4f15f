package org.flatlens.analysis.compression;

import org.flatlens.tensor.UserInputException;

/**
 * Options of {@link CompressionAnalysis}.
 *
 * @param volumeRank       q for {@code log_volume}; 0 means the default r (k for MSE, k − 1 for cross-entropy); a q
 *                         larger than a site's r is clamped to it (THEORY.md §7). The paper's code uses 3
 * @param memoryBudgetBytes working memory of the batched backward passes: whether two chunks are computed side by
 *                         side or one at a time; it changes no result
 * @param chunkSize        samples per chunk; 0 means the model's fixed block ({@code JacobianEngine.blockSize()}), which
 *                         keeps every result independent of the memory. Another value changes results by rounding
 * @param monteCarlo       the Gaussian-ball estimates at the input site, or null to skip them (they cost
 *                         {@code draws} forward passes per sample)
 */
public record CompressionOptions(int volumeRank, long memoryBudgetBytes, int chunkSize, MonteCarloOptions monteCarlo) {
    /** 256 MiB. */
    public static final long DEFAULT_BUDGET = 256L << 20;

    public CompressionOptions {
        if (volumeRank < 0) throw new UserInputException("volume rank must be ≥ 0 (0: default), got " + volumeRank);
        if (memoryBudgetBytes <= 0) throw new UserInputException("memory budget must be positive");
        if (chunkSize < 0) throw new UserInputException("chunk size must be ≥ 0 (0: the model's block)");
    }

    public static CompressionOptions defaults() {
        return new CompressionOptions(0, DEFAULT_BUDGET, 0, null);
    }

    public CompressionOptions withVolumeRank(int q) {
        return new CompressionOptions(q, memoryBudgetBytes, chunkSize, monteCarlo);
    }

    public CompressionOptions withChunkSize(int n) {
        return new CompressionOptions(volumeRank, memoryBudgetBytes, n, monteCarlo);
    }

    public CompressionOptions withMonteCarlo(MonteCarloOptions mc) {
        return new CompressionOptions(volumeRank, memoryBudgetBytes, chunkSize, mc);
    }
}
