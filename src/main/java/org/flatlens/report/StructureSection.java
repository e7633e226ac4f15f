package org.flatlens.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.experiments.StructureNotes;
import org.flatlens.experiments.SweepData;

/**
 * For sweeps whose models have BatchNorm or skip connections: which runs have which feature, and per feature a table of
 * the bounds that still hold per site and those that become heuristic or vacuous. The wording is the model layer's
 * ({@link StructureNotes}); docs/models.md explains it. Empty when no run's model has such a feature.
 */
final class StructureSection {
    /** Where the reasons are explained, relative to the repository. */
    static final String DOCS = "docs/models.md, section \u201cHow BatchNorm and skip connections enter the bounds\u201d";

    private StructureSection() {}

    static String html(List<SweepData.RunRecord> runs, Map<String, String> runNames) {
        Map<String, List<String>> runsByKey = new LinkedHashMap<>();
        Map<String, StructureNotes> notes = new LinkedHashMap<>();
        for (SweepData.RunRecord r : runs) {
            for (StructureNotes n : StructureNotes.ofKeys(r.fields().get(StructureNotes.FIELD))) {
                notes.putIfAbsent(n.key(), n);
                runsByKey.computeIfAbsent(n.key(), k -> new ArrayList<>()).add(runNames.getOrDefault(r.id(), r.id()));
            }
        }
        if (notes.isEmpty()) return "";
        StringBuilder b = new StringBuilder("<div id=\"structure\"><h3>Model structure and the bounds</h3>\n");
        for (StructureNotes n : notes.values()) {
            List<String> who = runsByKey.get(n.key());
            b.append("<p class=\"note structure-").append(n.key()).append("\"><b>").append(Html.esc(n.key()))
                    .append("</b> (").append(who.size() == runs.size() ? "every run" : who.size() + " of " + runs.size()
                            + " runs: " + Html.esc(String.join("; ", who))).append("): ").append(Html.esc(n.note()))
                    .append(".</p>\n");
            List<List<String>> rows = new ArrayList<>();
            for (StructureNotes.Bound x : n.bounds()) rows.add(List.of(x.bound(), x.verdict(), x.why()));
            b.append(Html.table("structure-bounds", List.of("bound", "per site", "why"), rows));
        }
        return b.append("<p class=\"note\">Why: ").append(Html.esc(DOCS)).append(".</p></div>\n").toString();
    }
}
