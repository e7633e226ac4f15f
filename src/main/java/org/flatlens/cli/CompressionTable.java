package org.flatlens.cli;

import java.io.PrintWriter;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.analysis.bounds.BoundKind;
import org.flatlens.analysis.bounds.BoundsReport;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.NetworkMeasures;
import org.flatlens.analysis.compression.SiteMeasures;
import org.flatlens.experiments.measures.Measures;

/** The readable part of {@code flatlens measure} for issue 5: measures per site, network measures, every bound. */
final class CompressionTable {
    private static final String SITE = "%-22s %-6s %7s %12s %12s %10s %12s %12s%n";
    private static final String BOUND = "%-24s %-22s %13s %13s %10s  %s%n";

    private CompressionTable() {}

    static void print(PrintWriter out, CompressionReport c, BoundsReport b) {
        out.printf("%ncompression at every site (arithmetic means over %d samples; r = %d)%n", c.samples(),
                c.outputRank());
        out.printf(SITE, "site", "kind", "dim", Measures.MLS, Measures.LOG_VOLUME, Measures.LOCAL_DIM, "rel_mls", "||W||_2");
        for (SiteMeasures s : c.sites()) {
            out.printf(SITE, s.name(), s.kind(), s.inputSize(), num(s.mls().am()), num(s.logVolume().am()),
                    num(s.localDim().am()), num(s.relMls().am()), num(s.weightNorms().spectral()));
        }
        NetworkMeasures n = c.network();
        out.printf("network: nmls %s, nvr %s, harm %s%s%n", num(n.nmls().am()), num(n.nvr()), num(n.harm().am()),
                n.vacuousSites() > 0 ? " (" + n.vacuousSites() + " vacuous site(s): more positions than fan-in)" : "");
        out.printf("%nbounds (ratio = lhs/rhs, or exp(lhs − rhs) for logarithms; ≤ 1 when the bound holds)%n");
        out.printf(BOUND, "bound", "site", "lhs", "rhs", "ratio", "");
        for (BoundCheck k : b.checks()) {
            String note = k.kind() == BoundKind.VACUOUS ? "vacuous"
                    : k.kind() == BoundKind.HEURISTIC ? (k.holds() ? "heuristic, held" : "heuristic, did not hold")
                    : k.holds() ? "holds" : "FAILS";
            out.printf(BOUND, k.name(), k.site(), num(k.lhs()), num(k.rhs()),
                    k.kind() == BoundKind.VACUOUS ? "—" : String.format("%.4g", k.ratio()), note);
        }
    }

    private static String num(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        return String.format("%.6g", v);
    }
}
