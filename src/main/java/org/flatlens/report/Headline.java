package org.flatlens.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.flatlens.experiments.BoundSummary;
import org.flatlens.experiments.Predictions;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.experiments.WithinRunTrends;

/**
 * The report's first screen: the design and how many runs interpolated, whether every bound held, and each predicted
 * relation once (across runs: sharpness vs compression, hyperparameters vs measures; along training: within-run
 * trends), each with its statistic, 95% interval and verdict, then one sentence on what was inconclusive and why.
 */
final class Headline {
    /** Training accuracy that counts as the interpolation regime in the headline. */
    static final double INTERPOLATION_ACCURACY = 0.99;

    private final SweepAnalysis a;

    Headline(SweepAnalysis a) {
        this.a = a;
    }

    String html() {
        StringBuilder b = new StringBuilder();
        b.append("<p class=\"lead\">").append(Html.esc(design())).append("</p>\n");
        b.append("<p class=\"lead\">").append(Html.esc(boundsSentence())).append("</p>\n");
        b.append(matrix("Sharpness vs compression across runs", "Kendall τ across runs [95% bootstrap interval], n runs; "
                + "predicted: positive (flatter minima compress more), none for local dim.", Predictions.SHARPNESS,
                Predictions.COMPRESSION, "runs"));
        List<String> measures = new ArrayList<>(Predictions.SHARPNESS);
        measures.addAll(Predictions.COMPRESSION);
        measures.retainAll(a.data().metricNames());
        b.append(effects(measures));
        b.append("<p>").append(Html.esc(tally())).append("</p>\n");
        return b.toString();
    }

    /** A table of findings: one row per {@code rows} metric, one column per {@code cols} metric. */
    private String matrix(String title, String note, List<String> rows, List<String> cols, String scope) {
        List<String> present = cols.stream().filter(c -> a.data().metricNames().contains(c)).toList();
        StringBuilder b = new StringBuilder("<h3>").append(Html.esc(title)).append("</h3>\n<p class=\"note\">")
                .append(Html.esc(note)).append("</p>\n<table class=\"headline\"><thead><tr><th></th>");
        for (String c : present) b.append("<th>").append(Html.esc(Glossary.label(c))).append("</th>");
        b.append("</tr></thead><tbody>\n");
        for (String r : rows) {
            if (!a.data().metricNames().contains(r)) continue;
            b.append("<tr><th>").append(Html.esc(Glossary.label(r))).append("</th>");
            for (String c : present) b.append(cell(a.finding(scope, r, c)));
            b.append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    /** One row per measure: its relation to the learning rate, the batch size (across runs) and the step (within runs). */
    private String effects(List<String> measures) {
        StringBuilder b = new StringBuilder("<h3>Hyperparameters and training time</h3>\n<p class=\"note\">Kendall τ "
                + "[95% bootstrap interval], n runs. Learning rate and batch size: across runs; predicted negative for the "
                + "learning rate and positive for the batch size (larger steps and noisier gradients give flatter, more "
                + "compressed minima). Step: τ within each run over its interpolation-phase checkpoints, averaged over "
                + "runs, interval from resampling runs; predicted negative (sharpness and compression fall as training "
                + "goes on). No relation is predicted for local dim.</p>\n<table class=\"headline\"><thead><tr><th></th>"
                + "<th>vs learning rate</th><th>vs batch size</th><th>vs step (within runs)</th></tr></thead><tbody>\n");
        for (String m : measures) {
            b.append("<tr><th>").append(Html.esc(Glossary.label(m))).append("</th>")
                    .append(cell(a.finding("runs", "lr", m))).append(cell(a.finding("runs", "batch_size", m)))
                    .append(cell(a.finding(WithinRunTrends.SCOPE, "step", m))).append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String cell(Optional<Predictions.Finding> f) {
        if (f.isEmpty()) return "<td class=\"na\">–</td>";
        Predictions.Finding x = f.get();
        String css = switch (x.outcome()) {
            case AS_PREDICTED -> "ok";
            case AGAINST -> "bad";
            case INCONCLUSIVE -> "unsure";
        };
        String mark = switch (x.outcome()) {
            case AS_PREDICTED -> "✓ ";
            case AGAINST -> "✗ ";
            case INCONCLUSIVE -> "? ";
        };
        return "<td class=\"" + css + "\" title=\"" + Html.esc(x.verdict() + ": " + x.prediction().reason()) + "\">"
                + mark + Sentences.num(x.result().estimate()) + " <span class=\"ci\">" + Sentences.interval(x.result())
                + "</span> <span class=\"n\">n=" + x.result().n() + "</span></td>";
    }

    private String design() {
        List<SweepData.RunRecord> runs = a.data().runs();
        int lrs = distinct(runs, "lr"), batches = distinct(runs, "batch_size"), seeds = distinct(runs, "seed");
        List<SweepData.RunRecord> fin = SweepAnalysis.finished(a.data());
        long interp = fin.stream().filter(r -> r.number("train_accuracy") >= INTERPOLATION_ACCURACY).count();
        long full = fin.stream().filter(r -> r.interpolationStep() >= 0).count();
        String s = runs.size() + " runs (" + lrs + " learning rate" + (lrs == 1 ? "" : "s") + " × " + batches
                + " batch size" + (batches == 1 ? "" : "s") + " × " + seeds + " seed" + (seeds == 1 ? "" : "s") + "), "
                + fin.size() + " finished. " + interp + " of " + runs.size() + " runs reached the interpolation regime "
                + "(training accuracy ≥ " + Math.round(INTERPOLATION_ACCURACY * 100) + "% at the last tracked step); "
                + full + " reached 100%";
        TreeSet<Integer> steps = new TreeSet<>();
        for (SweepData.RunRecord r : fin) if (r.interpolationStep() >= 0) steps.add(r.interpolationStep());
        if (!steps.isEmpty()) s += ", at steps " + steps.first() + (steps.size() > 1 ? "–" + steps.last() : "");
        return s + ".";
    }

    private static int distinct(List<SweepData.RunRecord> runs, String key) {
        return (int) runs.stream().map(r -> r.fields().get(key)).distinct().count();
    }

    private String boundsSentence() {
        List<BoundSummary> bounds = a.bounds();
        if (bounds.isEmpty()) return "Bounds: none evaluated by this sweep's measures.";
        int checks = 0, held = 0, vacuous = 0;
        BoundSummary worst = null;
        for (BoundSummary s : bounds) {
            checks += s.evaluations() - s.vacuous();
            held += s.held();
            vacuous += s.vacuous();
            if (!BoundFigures.identity(s.theorem()) && !Double.isNaN(s.worstRatio())
                    && (worst == null || s.worstRatio() > worst.worstRatio())) {
                worst = s;
            }
        }
        String s = (held == checks ? "Bounds: every check held: " : "Bounds: NOT every check held: ") + held + " of "
                + checks + " checks (" + bounds.size() + " inequalities and identities × sites × tracked points × runs)";
        if (vacuous > 0) s += "; " + vacuous + " vacuous (infinite right side, nothing to check)";
        if (worst != null) {
            s += ". Tightest: " + worst.theorem() + " with lhs/rhs = " + Sentences.value(worst.worstRatio())
                    + " (1 = equality)";
        }
        return s + ".";
    }

    private String tally() {
        int ok = 0, bad = 0, unsure = 0;
        int minN = Integer.MAX_VALUE, maxN = 0;
        for (Predictions.Finding f : a.findings()) {
            switch (f.outcome()) {
                case AS_PREDICTED -> ok++;
                case AGAINST -> bad++;
                case INCONCLUSIVE -> unsure++;
            }
            minN = Math.min(minN, f.result().n());
            maxN = Math.max(maxN, f.result().n());
        }
        if (a.findings().isEmpty()) {
            return "No predicted relation could be tested: the sweep needs at least 3 finished runs with the measures, "
                    + "and tracked points in the interpolation phase for the trends.";
        }
        String n = minN == maxN ? "n = " + minN : "n = " + minN + " to " + maxN;
        return String.format(Locale.ROOT, "✓ as predicted: %d; ✗ against: %d; ? inconclusive: %d (of %d relations). "
                + "Inconclusive means the 95%% interval contains 0, so the sign is not established at this sample "
                + "size. Every interval is a percentile bootstrap (%d resamples) over %s runs; with so few runs the "
                + "intervals are wide and only a rough guide.", ok, bad, unsure, a.findings().size(), a.resamples(), n);
    }
}
