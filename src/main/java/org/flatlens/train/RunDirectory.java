package org.flatlens.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.Safetensors;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;

/**
 * A training run's folder:
 * <pre>
 *   config.json                       the TrainConfig (written once)
 *   model.json                        the architecture (model.json schema)
 *   checkpoints/step-NNNNNNN/         model.safetensors, optimizer.safetensors of the latest checkpoint
 *   state.json                        RunState and the checkpoint it refers to: written last, atomically
 *   log.jsonl, eval.jsonl             one line per step, one per evaluation
 * </pre>
 * A checkpoint's files are complete before {@code state.json} names them, so a process killed at any moment leaves
 * a consistent run that resumes from the last checkpoint.
 */
public final class RunDirectory {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path modelJson() {
        return dir.resolve("model.json");
    }

    public Path logFile() {
        return dir.resolve("log.jsonl");
    }

    public Path evalFile() {
        return dir.resolve("eval.jsonl");
    }

    public boolean hasState() {
        return Files.isRegularFile(dir.resolve("state.json"));
    }

    /** The weights of the checkpoint that {@code state.json} names. */
    public Path checkpointWeights() {
        return dir.resolve(readStateNode().path("checkpoint").asText()).resolve("model.safetensors");
    }

    void writeConfig(TrainConfig config) {
        AtomicFiles.writeString(modelJson(), ModelSpecJson.toJson(config.model()));
        AtomicFiles.writeString(dir.resolve("config.json"), TrainConfigJson.toJson(config));
    }

    /** The saved configuration, or empty for a new folder. */
    public Optional<TrainConfig> readConfig() {
        Path p = dir.resolve("config.json");
        if (!Files.isRegularFile(p)) return Optional.empty();
        ModelSpec spec = readModelSpec(modelJson());
        return Optional.of(TrainConfigJson.fromJson(read(p), spec, p.toString()));
    }

    static ModelSpec readModelSpec(Path file) {
        try {
            return ModelSpecJson.parse(read(file));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
    }

    public RunState readState() {
        JsonNode n = readStateNode();
        return new RunState(n.path("step").asInt(), RunState.Status.valueOf(n.path("status").asText().toUpperCase()),
                n.path("interpolation_step").asInt(-1), n.path("diverged_step").asInt(-1));
    }

    private JsonNode readStateNode() {
        Path p = dir.resolve("state.json");
        try {
            return JSON.readTree(read(p));
        } catch (IOException e) {
            throw new UserInputException(p + ": not valid JSON (" + e.getMessage() + ")");
        }
    }

    /** Writes the checkpoint's files, then points {@code state.json} at them, then removes older checkpoints. */
    void writeCheckpoint(RunState state, Parameters params, List<Tensor> optimizerState) {
        String name = String.format("checkpoints/step-%09d", state.step());
        Path ck = dir.resolve(name);
        Safetensors.write(ck.resolve("model.safetensors"), params.asMap(), Map.of("step", Integer.toString(state.step())));
        Map<String, Tensor> opt = new LinkedHashMap<>();
        List<String> names = params.names();
        for (int i = 0; i < optimizerState.size(); i++) opt.put("momentum." + names.get(i), optimizerState.get(i));
        Safetensors.write(ck.resolve("optimizer.safetensors"), opt, Map.of("step", Integer.toString(state.step())));
        ObjectNode s = JSON.createObjectNode();
        s.put("step", state.step());
        s.put("status", state.status().key());
        s.put("interpolation_step", state.interpolationStep());
        s.put("diverged_step", state.divergedStep());
        s.put("checkpoint", name);
        AtomicFiles.writeString(dir.resolve("state.json"), s.toPrettyString() + "\n");
        removeOtherCheckpoints(ck);
    }

    /** Marks the run finished or diverged without a new checkpoint (the weights stay those of the last one). */
    void writeStatus(RunState state) {
        ObjectNode s = (ObjectNode) readStateNode();
        s.put("status", state.status().key());
        s.put("interpolation_step", state.interpolationStep());
        s.put("diverged_step", state.divergedStep());
        AtomicFiles.writeString(dir.resolve("state.json"), s.toPrettyString() + "\n");
    }

    Parameters readWeights(Parameters template) {
        Map<String, Tensor> t = Safetensors.read(checkpointWeights()).tensors();
        List<Tensor> ordered = new ArrayList<>();
        for (String n : template.names()) {
            Tensor v = t.get(n);
            if (v == null) throw new UserInputException(checkpointWeights() + ": missing tensor '" + n + "'");
            ordered.add(v);
        }
        return template.with(ordered);
    }

    List<Tensor> readOptimizerState(Parameters template) {
        Path p = checkpointWeights().resolveSibling("optimizer.safetensors");
        Map<String, Tensor> t = Safetensors.read(p).tensors();
        List<Tensor> r = new ArrayList<>();
        if (t.isEmpty()) return r;
        for (String n : template.names()) r.add(t.get("momentum." + n));
        return r;
    }

    /** Appends one JSON object as a line. */
    public void appendLine(Path file, Map<String, Object> fields) {
        try {
            Files.writeString(file, JSON.writeValueAsString(fields) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops the lines of a JSONL file whose {@code step} is after {@code step} (work lost with an interruption). */
    public void truncateAfter(Path file, int step) {
        if (!Files.isRegularFile(file)) return;
        StringBuilder kept = new StringBuilder();
        for (String line : read(file).split("\n")) {
            if (line.isBlank()) continue;
            try {
                if (JSON.readTree(line).path("step").asInt() <= step) kept.append(line).append('\n');
            } catch (IOException e) {
                // A torn last line from a killed process: dropped with the rest of the lost work.
            }
        }
        AtomicFiles.writeString(file, kept.toString());
    }

    private void removeOtherCheckpoints(Path keep) {
        Path root = dir.resolve("checkpoints");
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) {
                if (!p.equals(keep)) deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + root + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
