package org.flatlens.analysis.bounds;

import java.util.ArrayList;
import java.util.List;
import org.flatlens.analysis.compression.CompressionReport;
import org.flatlens.analysis.compression.SiteMeasures;

/** Evaluates every bound of THEORY.md §5 on a {@link CompressionReport}: each site's, then the network's. */
public final class Bounds {
    private Bounds() {}

    public static BoundsReport evaluate(CompressionReport report) {
        List<BoundCheck> checks = new ArrayList<>();
        for (SiteMeasures s : report.sites()) checks.addAll(SiteBounds.evaluate(s, report.traceGgn()));
        checks.addAll(NetworkBounds.evaluate(report.network()));
        return new BoundsReport(checks);
    }
}
