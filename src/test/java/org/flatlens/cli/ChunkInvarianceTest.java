package org.flatlens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.flatlens.analysis.sharpness.ChunkPlan;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.testutil.SyntheticMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 15, item 8: {@code measure} wrote other digits when the heap (through the default {@code --chunk-memory}, a
 * quarter of it) cut the samples into another number of chunks. Here {@code --chunk-memory} cuts 21 samples into 1, 2,
 * 3 and 7 chunks of the old plan, and the whole JSON report (every sharpness, compression and bound number) must be
 * the same, byte for byte.
 */
class ChunkInvarianceTest {
    private static final int SAMPLES = 21;

    @TempDir
    Path tmp;

    @Test
    void theMemoryBudgetChangesNoDigitOfTheReport() throws IOException {
        Path data = SyntheticMnist.write(tmp.resolve("mnist"), 120, 10, 4);
        // Eight hidden layers of 64: about 0.32 MB of graph per sample, so 1 MB holds 3 samples (7 chunks of 21).
        ModelSpec spec = new ModelSpec("mlp", Map.of("widths", Collections.nCopies(8, 64)), new int[] {1, 28, 28}, 2);
        Model model = Models.build(spec);
        Parameters params = model.init(new SplittableRandom(11));
        Path modelJson = tmp.resolve("model.json"), weights = tmp.resolve("model.safetensors");
        ModelSpecJson.write(modelJson, spec);
        Safetensors.write(weights, params.asMap(), Map.of());

        Map<Integer, Long> budgetByChunks = budgetsGiving(List.of(1, 2, 3, 7), model, params);
        byte[] reference = null;
        for (var e : budgetByChunks.entrySet()) {
            Path json = tmp.resolve("chunks-" + e.getKey() + ".json");
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(new StringWriter(), true));
            cl.setErr(new PrintWriter(err, true));
            int code = cl.execute("measure", "--model", modelJson.toString(), "--weights", weights.toString(),
                    "--dataset", "mnist", "--data-dir", data.toString(), "--classes", "0,1", "--samples",
                    String.valueOf(SAMPLES), "--loss", "ce", "--probes", "6", "--top-k", "2", "--lanczos-steps", "6",
                    "--density", "--density-starts", "2", "--seed", "3", "--chunk-memory", e.getValue().toString(),
                    "--json", json.toString());
            assertEquals(0, code, err.toString());
            byte[] report = Files.readAllBytes(json);
            if (reference == null) {
                reference = report;
            } else {
                assertArrayEquals(reference, report, "--chunk-memory " + e.getValue() + " (" + e.getKey()
                        + " chunks of the memory plan) changed the report; first difference at byte "
                        + firstDifference(reference, report));
            }
        }
    }

    /** For each wanted chunk count, the smallest --chunk-memory (MB) whose plan cuts the samples into that many. */
    private static Map<Integer, Long> budgetsGiving(List<Integer> wanted, Model model, Parameters params) {
        Map<Integer, Long> found = new TreeMap<>();
        for (long mb = 1; mb <= 64 && found.size() < wanted.size(); mb++) {
            int chunk = ChunkPlan.forBudget(model, params, SAMPLES, mb << 20).chunkSize();
            int chunks = (SAMPLES + chunk - 1) / chunk;
            if (wanted.contains(chunks)) found.putIfAbsent(chunks, mb);
        }
        assertEquals(new ArrayList<>(wanted), new ArrayList<>(found.keySet()), "budgets found: " + found);
        return found;
    }

    private static int firstDifference(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }
}
