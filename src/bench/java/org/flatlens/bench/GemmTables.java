package org.flatlens.bench;

import java.util.List;
import java.util.Locale;
import org.flatlens.bench.GemmBenchmark.Report;
import org.flatlens.bench.GemmBenchmark.Row;

/** Markdown tables of {@link GemmBenchmark} reports. */
public final class GemmTables {
    private GemmTables() {}

    /** One run: every shape with both implementations, their ratio and their fraction of the FMA peak. */
    public static String run(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(fmt("Machine: %s%n", r.machine()));
        sb.append(fmt("Reference: %s%n", r.reference() == null ? "none (build with -Pbench for OpenBLAS)" : r.reference()));
        sb.append(fmt("Environment: %s%n", String.join(", ", r.environment())));
        sb.append(fmt("Clock: %s%n", r.clock()));
        sb.append(fmt("FMA peak: %.1f GFLOP/s median of %d samples (%s)%n", r.peakGflops(), r.peakSamples().length,
                range(r.peakSamples())));
        sb.append(fmt("Background: load average %.2f before, %.2f after; some thread waited for a CPU %.0f%% of the run%n%n",
                r.loadBefore(), r.loadAfter(), 100 * r.cpuWaitShare()));
        sb.append("| product | m×n×k op | FlatLens GFLOP/s (min–max) | OpenBLAS GFLOP/s (min–max) | FlatLens/OpenBLAS "
                + "| FlatLens ms | OpenBLAS ms | FlatLens % peak | OpenBLAS % peak | max rel diff | CPU pressure |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : r.rows()) sb.append(line(row, r.peakGflops()));
        return sb.toString();
    }

    private static String line(Row row, double peak) {
        double f = row.shape().flops();
        String ours = rate(row.ours(), f), ref = row.reference() == null ? "–" : rate(row.reference(), f);
        String ratio = row.reference() == null ? "–" : fmt("%.2f", row.ours().gflops(f) / row.reference().gflops(f));
        String refMs = row.reference() == null ? "–" : fmt("%.3f", row.reference().medianSeconds() * 1e3);
        String refPeak = row.reference() == null ? "–" : fmt("%.0f%%", 100 * row.reference().gflops(f) / peak);
        String diff = Double.isNaN(row.maxRelDiff()) ? "–" : fmt("%.1e", row.maxRelDiff());
        return fmt("| %s | %s | %s | %s | %s | %.3f | %s | %.0f%% | %s | %s | %.0f%% |%n", row.shape().label(),
                row.shape().dims(), ours, ref, ratio, row.ours().medianSeconds() * 1e3, refMs,
                100 * row.ours().gflops(f) / peak, refPeak, diff, 100 * row.pressure());
    }

    /**
     * FlatLens against the faster of two OpenBLAS runs (environment as is, and with the tuning variables unset). The
     * ratio is taken within the run whose OpenBLAS median was faster, so both sides of it shared the same conditions.
     */
    public static String versusFasterReference(Report asIs, Report unset) {
        StringBuilder sb = new StringBuilder();
        sb.append("| product | m×n×k op | OpenBLAS env as is | OpenBLAS env unset | faster | FlatLens (same run) "
                + "| FlatLens/OpenBLAS rate | time ratio FlatLens/OpenBLAS |\n|---|---|---|---|---|---|---|---|\n");
        List<Row> a = asIs.rows(), u = unset.rows();
        for (int i = 0; i < Math.min(a.size(), u.size()); i++) {
            Row ra = a.get(i), ru = u.get(i);
            if (ra.reference() == null || ru.reference() == null || !ra.shape().equals(ru.shape())) continue;
            double f = ra.shape().flops(), ga = ra.reference().gflops(f), gu = ru.reference().gflops(f);
            Row best = ga >= gu ? ra : ru;
            double ours = best.ours().gflops(f), ref = best.reference().gflops(f);
            sb.append(fmt("| %s | %s | %.1f | %.1f | %s | %.1f | %.2f | %.2f |%n", ra.shape().label(), ra.shape().dims(),
                    ga, gu, ga >= gu ? "as is" : "unset", ours, ours / ref, ref / ours));
        }
        return sb.toString();
    }

    private static String rate(Timing t, double flops) {
        return fmt("%.1f (%.1f–%.1f)", t.gflops(flops), t.worstGflops(flops), t.bestGflops(flops));
    }

    private static String range(double[] x) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return fmt("%.1f–%.1f", lo, hi);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
