package org.flatlens.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Trends along training: τ within each run, combined over runs, never pooling checkpoints of different runs. */
class WithinRunTrendsTest {
    /** A run whose measure m at tracked point j is values[j]; interpolating from point {@code from}. */
    static SweepData.RunRecord run(String id, String status, int from, double... values) {
        List<TrackedPoint> pts = new ArrayList<>();
        for (int j = 0; j < values.length; j++) pts.add(new TrackedPoint(10 * j, j >= from, Map.of("m", values[j]), List.of()));
        Map<String, String> f = new LinkedHashMap<>(Map.of("id", id, "status", status));
        return new SweepData.RunRecord(f, Map.of(), pts);
    }

    @Test
    void eachRunGetsItsOwnTauAndTheMeanIsOverRuns() {
        // Pooled, these points would rise with the step (each later run sits higher); within every run they fall.
        List<SweepData.RunRecord> runs = List.of(run("a", "finished", 0, 4, 3, 2, 1), run("b", "finished", 0, 14, 13, 12,
                11), run("c", "finished", 1, 99, 25, 24, 23, 22), run("d", "finished", 0, 1, 2, 3, 4));
        WithinRunTrends.Trend t = WithinRunTrends.of(runs, List.of("m"), 500, 0.95, 1).get(0);
        assertEquals(4, t.combined().n());
        assertEquals(-1, t.perRun()[0], 0);
        assertEquals(-1, t.perRun()[2], 0, "only the interpolation-phase points of run c count");
        assertEquals(1, t.perRun()[3], 0);
        assertEquals(-0.5, t.combined().estimate(), 1e-12);
        assertTrue(t.combined().lo() >= -1 && t.combined().hi() <= 1 && t.combined().lo() < -0.5
                && t.combined().hi() > -0.5, t.combined().toString());
        assertEquals(WithinRunTrends.SCOPE, t.combined().scope());
    }

    @Test
    void unfinishedRunsAndRunsWithTooFewPhasePointsAreLeftOut() {
        List<SweepData.RunRecord> runs = List.of(run("a", "finished", 0, 4, 3, 2), run("b", "diverged", 0, 1, 2, 3),
                run("c", "finished", 2, 1, 2, 3, 4), run("d", "finished", 0, 3, 2, 1));
        WithinRunTrends.Trend t = WithinRunTrends.of(runs, List.of("m"), 200, 0.95, 1).get(0);
        assertEquals(2, t.combined().n());
        assertEquals(-1, t.combined().estimate(), 0);
        assertTrue(WithinRunTrends.of(runs.subList(0, 2), List.of("m"), 200, 0.95, 1).isEmpty(), "one run: no trend");
    }

    @Test
    void bootstrapOfTheMeanIsSeededAndCollapsesOnConstantValues() {
        Bootstrap.Interval same = Bootstrap.percentileOfMean(new double[] {0.3, 0.3, 0.3}, 100, 0.9,
                new SplittableRandom(3));
        assertEquals(0.3, same.lo(), 1e-15);
        assertEquals(0.3, same.hi(), 1e-15);
        double[] v = {0, 1, 0, 1, 1, 0, 0, 1};
        Bootstrap.Interval a = Bootstrap.percentileOfMean(v, 2000, 0.95, new SplittableRandom(7));
        Bootstrap.Interval b = Bootstrap.percentileOfMean(v, 2000, 0.95, new SplittableRandom(7));
        assertEquals(a, b);
        // the mean of 8 fair coin flips has standard deviation 0.177: a 95% interval spans roughly ±0.35
        assertTrue(a.lo() > 0.05 && a.lo() < 0.25 && a.hi() > 0.75 && a.hi() < 0.95, a.toString());
    }
}
