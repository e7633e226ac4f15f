package org.flatlens.analysis.bounds;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.SiteMeasures;

/** Evaluates every bound of THEORY.md §5 on a {@link CompressionReport}: each site's, then the network's. */
public final class Bounds {
    /** Theorem 1 with {@code Tr G} on the right: at the input site, its right side is the paper's bound D. */
    public static final String THEOREM1_TRACE = "theorem1.trace";
    /** Theorem 3 with {@code Tr G}: at the network site, its right side is {@code sqrt(harm · Tr G)}. */
    public static final String THEOREM3_TRACE = "theorem3.trace";
    /** The site of the network-wide bounds (Theorem 3). */
    public static final String NETWORK_SITE = NetworkBounds.SITE;

    private Bounds() {}

    public static BoundsReport evaluate(CompressionReport report) {
        List<BoundCheck> checks = new ArrayList<>();
        for (SiteMeasures s : report.sites()) checks.addAll(SiteBounds.evaluate(s, report.traceGgn()));
        checks.addAll(NetworkBounds.evaluate(report.network()));
        return new BoundsReport(checks);
    }
}
