package org.flatlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.flatlens.experiments.StructureNotes;
import org.flatlens.experiments.SweepData;
import org.junit.jupiter.api.Test;

/** The report's per-bound account of BatchNorm and skip connections, for the runs whose models have them. */
class StructureSectionTest {
    private static SweepData.RunRecord run(String id, String structure) {
        return new SweepData.RunRecord(Map.of("id", id, StructureNotes.FIELD, structure), Map.of(), List.of());
    }

    @Test
    void saysPerBoundWhatHoldsAndWhatIsHeuristicForTheRunsThatHaveTheFeature() {
        String html = StructureSection.html(List.of(run("a", "batch_norm,skip_connections"), run("b", "")),
                Map.of("a", "resnet run", "b", "mlp run"));
        assertTrue(html.contains("<b>batch_norm</b> (1 of 2 runs: resnet run)"), html);
        assertTrue(html.contains("<b>skip_connections</b> (1 of 2 runs: resnet run)"), html);
        // skip connections: the compression reading is heuristic; BatchNorm: Σ S_l ≤ Tr G holds with more slack
        assertTrue(html.contains("<td>a site's MLS / volume read as compression of the representation h</td>"
                + "<td>heuristic</td>"), html);
        assertTrue(html.contains("<td>holds, vacuous at some convolution sites</td>"), html);
        assertTrue(html.contains("<td>Σ_l S_l ≤ Tr G</td><td>holds (more slack)</td>"), html);
        assertTrue(html.contains("at convolution sites with more positions than fan-in"), html);
        assertTrue(html.contains("docs/models.md"), html);
        assertEquals(2, html.split("<table class=\"structure-bounds\">", -1).length - 1, "one table per feature");
    }

    @Test
    void everyRunAndNoFeature() {
        String html = StructureSection.html(List.of(run("a", "skip_connections"), run("b", "skip_connections")),
                Map.of());
        assertTrue(html.contains("<b>skip_connections</b> (every run)"), html);
        assertEquals("", StructureSection.html(List.of(run("a", ""), run("b", "unknown_key")), Map.of()));
    }
}
