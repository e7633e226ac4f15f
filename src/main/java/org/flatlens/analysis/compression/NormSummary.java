package org.flatlens.analysis.compression;

/**
 * The representation norms {@code ||h_{l,i}||} at one site (THEORY.md §5: {@code q_l} and the GM form need them).
 *
 * @param am         {@code AM_i ||h_i||}
 * @param gm         {@code GM_i ||h_i||}
 * @param invSqMean  {@code q_l = AM_i ||h_i||^{-2}} (+∞ when some {@code h_i = 0})
 * @param min        {@code min_i ||h_i||}
 * @param stderr     standard error of {@code am}
 * @param n          samples
 */
public record NormSummary(double am, double gm, double invSqMean, double min, double stderr, int n) {}
