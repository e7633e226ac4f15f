package org.flatlens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The report's labels and the repository's documentation of the measures use the same names. */
class GlossaryTest {
    @Test
    void everyKeyIsDocumentedUnderItsLabel() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("docs", "MEASURES.md"));
        String text = String.join("\n", lines);
        for (Glossary.Entry e : Glossary.entries()) {
            String key = "`" + e.key() + "`";
            boolean row = lines.stream().anyMatch(l -> l.startsWith("| " + e.label() + " | " + key + " |"));
            assertTrue(row || text.contains(key) && text.contains("\"" + e.label() + "\"")
                    || text.contains(key + " (\"" + e.label()), e.key() + " documented as " + e.label());
        }
    }

    @Test
    void labelsAreUniqueAndPerSiteKeysKeepTheirSite() {
        Set<String> labels = new HashSet<>();
        for (Glossary.Entry e : Glossary.entries()) assertTrue(labels.add(e.label()), "duplicate label " + e.label());
        assertEquals("Tr G", Glossary.label("trace_ggn"));
        assertEquals("MLS [2]", Glossary.label("mls[2]"));
        assertEquals("unknown_key", Glossary.label("unknown_key"));
    }

    @Test
    void mlpSitesAreNamedByLayer() {
        List<String> order = List.of("input", "2", "4");
        assertEquals("fc1 (dense)", Sites.label("mlp", order, "input"));
        assertEquals("fc3 (dense)", Sites.label("mlp", order, "4"));
        assertEquals("conv2 (conv)", Sites.label("lenet", List.of("input", "conv2", "fc1"), "conv2"));
        assertEquals("network", Sites.label("mlp", order, "network"));
    }

    @Test
    void logAxisTicksAreDistinctDecades() {
        assertEquals("0.001", Charts.decade(1e-3));
        assertEquals("1", Charts.decade(1));
        assertEquals("1000", Charts.decade(1e3));
        assertEquals("1e-5", Charts.decade(1e-5));
        assertEquals("1e4", Charts.decade(1e4));
    }
}
