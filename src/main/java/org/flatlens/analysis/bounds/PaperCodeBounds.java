package org.flatlens.analysis.bounds;

import java.util.List;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.NetworkMeasures;
import org.flatlens.analysis.compression.SiteMeasures;

/**
 * The two bounds as the paper's code computes them, for comparison with its figures ({@code --conventions paper});
 * names start with {@code paper_code.} (THEORY.md §5, "two more conventions of the paper's code").
 *
 * <ul>
 *   <li>{@code paper_code.bound_d} (site {@code input}): {@code MLS ≤ sqrt(Tr G) · sqrt(Σ_l ||W_l||_2²) ·
 *       sqrt(AM_i 1/||x_i||²)}, the plotted D with the norm of all layers where Theorem 1 has the first layer's. Since
 *       {@code Σ_l ||W_l||_2² ≥ ||W_1||_2²} it follows from Theorem 1 and is a theorem, only looser.</li>
 *   <li>{@code paper_code.theorem3.trace} (site {@code network}): {@code NMLS ≤ sqrt(harm_code · Tr G)} with the paper
 *       code's {@code harm} ({@link NetworkMeasures#harmPaperCode()}: Frobenius norms outside plain MLPs, 1e-4 added to
 *       every {@code ||h||²}). The 1e-4 makes its right side smaller than the theorem's, so it is a heuristic.</li>
 * </ul>
 */
public final class PaperCodeBounds {
    public static final String PREFIX = "paper_code.";

    private PaperCodeBounds() {}

    public static List<BoundCheck> evaluate(CompressionReport report) {
        NetworkMeasures n = report.network();
        SiteMeasures input = report.sites().get(0);
        double d = Math.sqrt(report.traceGgn()) * Math.sqrt(n.sumSpectralSq())
                * Math.sqrt(input.bounds().theorem().invSqMean());
        return List.of(
                BoundCheck.linear(PREFIX + "bound_d", input.name(), input.mls().am(), d, BoundKind.THEOREM),
                BoundCheck.linear(PREFIX + "theorem3.trace", NetworkBounds.SITE, n.nmls().am(),
                        Math.sqrt(n.harmPaperCode().am() * report.traceGgn()), BoundKind.HEURISTIC));
    }
}
