package org.flatlens.analysis.linalg;

/** The method that produced a {@link TraceEstimate}; {@link #key()} is the name written in JSON and tables. */
public enum TraceEstimator {
    /** Rademacher probes, {@code AM_i z_iᵀ A z_i} ({@link HutchinsonTrace}). */
    HUTCHINSON("hutchinson"),
    /** Hutchinson with the probes mapped through a per-sample map ({@link HutchinsonTrace}). */
    HUTCHINSON_PROBE_MAP("hutchinson-probe-map"),
    /** Hutch++: a sketched low-rank part plus Hutchinson on the rest ({@link HutchPlusPlus}). */
    HUTCH_PLUS_PLUS("hutch++"),
    /** Stochastic Lanczos quadrature ({@link SpectralDensity}). */
    SLQ("slq"),
    /** One product per basis vector: no sampling error ({@link ExactTrace}). */
    EXACT("exact");

    private final String key;

    TraceEstimator(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
