package org.flatlens.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.analysis.bounds.BoundCheck;

/**
 * How one bound (theorem) fared over a sweep: its worst (largest) ratio lhs/rhs over every tracked point, site and run,
 * where that was, how often it held, and how often it was vacuous; and per site the ratios at the runs' last points.
 */
public record BoundSummary(String theorem, double worstRatio, String worstRun, int worstStep, String worstSite,
        int evaluations, int held, int vacuous, Map<String, double[]> finalRatiosBySite) {

    /** One summary per theorem found in the runs' tracked points, in first-seen order. */
    public static List<BoundSummary> of(List<SweepData.RunRecord> runs) {
        Map<String, Acc> acc = new LinkedHashMap<>();
        for (SweepData.RunRecord r : runs) {
            for (int i = 0; i < r.points().size(); i++) {
                TrackedPoint p = r.points().get(i);
                boolean last = i == r.points().size() - 1;
                for (BoundCheck b : p.bounds()) acc.computeIfAbsent(b.name(), Acc::new).add(r.id(), p.step(), b, last);
            }
        }
        return acc.values().stream().map(Acc::summary).toList();
    }

    private static final class Acc {
        final String theorem;
        double worst = Double.NaN;
        String run = "", site = "";
        int step = -1, n, held, vacuous;
        final Map<String, List<Double>> finals = new LinkedHashMap<>();

        Acc(String theorem) {
            this.theorem = theorem;
        }

        void add(String id, int s, BoundCheck b, boolean last) {
            n++;
            if (b.vacuous()) {
                vacuous++;
                return;
            }
            if (b.holds()) held++;
            double ratio = b.ratio();
            if (Double.isNaN(worst) || ratio > worst) {
                worst = ratio;
                run = id;
                step = s;
                site = b.site();
            }
            if (last) finals.computeIfAbsent(b.site(), k -> new ArrayList<>()).add(ratio);
        }

        BoundSummary summary() {
            Map<String, double[]> f = new LinkedHashMap<>();
            finals.forEach((k, v) -> f.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
            return new BoundSummary(theorem, worst, run, step, site, n, held, vacuous, f);
        }
    }
}
