package org.flatlens.experiments.measures;

import org.flatlens.analysis.compression.CompressionOptions;
import org.flatlens.analysis.sharpness.HessianSpectrum;
import org.flatlens.analysis.sharpness.HessianTrace;
import org.flatlens.analysis.sharpness.SharpnessOptions;

/**
 * The budgets of every measure.
 *
 * @param sharpness probes, trace method, Lanczos steps and top-k, avg_sharpness and SLQ settings
 * @param compression volume rank, Monte Carlo draws and memory budget of the compression pass
 * @param chunkBudgetBytes memory budget of one Hessian–vector product's graph (samples are streamed in chunks)
 */
public record MeasureOptions(SharpnessOptions sharpness, CompressionOptions compression, long chunkBudgetBytes) {
    public MeasureOptions {
        if (chunkBudgetBytes <= 0) throw new IllegalArgumentException("memory budget must be positive");
    }

    /**
     * The budgets of a tracked step: Hutch++ with {@code hessianProducts} products for trace_hessian and as many
     * Lanczos steps for lambda_max (top 1), default compression with volume rank {@code volumeRank}.
     */
    public static MeasureOptions tracking(int hessianProducts, int volumeRank, long chunkBudgetBytes) {
        int m = Math.max(hessianProducts, 6);
        SharpnessOptions s = new SharpnessOptions(m, HessianTrace.Method.HUTCH_PLUS_PLUS, 1, m,
                HessianSpectrum.DEFAULT_REL_TOL, false, 4, 0.01, true, m);
        return new MeasureOptions(s, CompressionOptions.defaults().withVolumeRank(volumeRank), chunkBudgetBytes);
    }
}
