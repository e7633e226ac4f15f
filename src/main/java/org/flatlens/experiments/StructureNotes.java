package org.flatlens.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Structure;

/**
 * The structural features of a run's model (BatchNorm, skip connections) and how each enters the bounds, as records a
 * report can render: the wording is {@link Structure}'s, carried here so that reports need not know models.
 *
 * @param key    {@code batch_norm} or {@code skip_connections}
 * @param note   the one-line summary
 * @param bounds every bound's verdict under the feature
 */
public record StructureNotes(String key, String note, List<Bound> bounds) {
    /** One bound: its name, {@code holds}, {@code holds (more slack)}, {@code heuristic} or ..., and why. */
    public record Bound(String bound, String verdict, String why) {}

    /** The run column of {@link SweepData.RunRecord#fields()} that lists a run's features, comma-separated. */
    public static final String FIELD = "structure";

    /**
     * The features of the model in {@code runDir/model.json}, comma-separated; empty when it has none or when the model
     * cannot be built (a moved graph): the report then says nothing rather than failing.
     */
    static String keysOfRun(Path runDir) {
        Path json = runDir.resolve("model.json");
        if (!Files.isRegularFile(json)) return "";
        try {
            List<String> keys = new ArrayList<>();
            for (Structure s : Models.build(ModelSpecJson.read(json)).structure()) keys.add(s.key());
            keys.sort(null);
            return String.join(",", keys);
        } catch (IllegalArgumentException e) { // UserInputException included
            return "";
        }
    }

    /** The notes of a comma-separated key list (unknown keys are skipped). */
    public static List<StructureNotes> ofKeys(String keys) {
        List<StructureNotes> out = new ArrayList<>();
        if (keys == null || keys.isBlank()) return out;
        for (String k : keys.split(",")) {
            Structure s = Structure.ofKey(k.strip());
            if (s == null) continue;
            List<Bound> bounds = new ArrayList<>();
            for (Structure.BoundEffect e : s.bounds()) bounds.add(new Bound(e.bound(), e.verdict(), e.why()));
            out.add(new StructureNotes(s.key(), s.note(), List.copyOf(bounds)));
        }
        return out;
    }
}
