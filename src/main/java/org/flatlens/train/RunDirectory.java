package org.flatlens.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.FileErrors;
import org.flatlens.data.FolderLock;
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
 *   init_from.json                    only for train --init-from: the starting weights' file name, SHA-256, key map
 *   checkpoints/step-NNNNNNN/         model.safetensors, optimizer.safetensors of the latest checkpoint
 *   state.json                        RunState, the checkpoint it refers to and the SHA-256 of its files:
 *                                     written last, atomically
 *   log.jsonl, eval.jsonl             one line per step, one per evaluation
 *   .flatlens.lock                    held by the process writing the folder ({@link FolderLock})
 * </pre>
 * A checkpoint's files are complete before {@code state.json} names them, so a process killed at any moment leaves
 * a consistent run that resumes from the last checkpoint. Reading a checkpoint checks its files against the recorded
 * checksums and its weights for non-finite values (training never saves those), so a damaged file is reported as a
 * corrupt checkpoint rather than trained on or measured.
 */
public final class RunDirectory {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS = "model.safetensors";
    private static final String OPTIMIZER = "optimizer.safetensors";

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

    /**
     * Takes the folder's exclusive lock (creating the folder), so that a second writer fails cleanly instead of
     * interleaving its files with this one's.
     */
    public FolderLock lock() {
        return FolderLock.acquire(dir);
    }

    /** Deletes temporary files left by a writer killed mid-write (hold the lock). */
    void removeLeftovers() {
        AtomicFiles.removeLeftovers(dir, 3);
    }

    /**
     * Deletes the folder if no checkpoint was ever written to it (so a run that failed at once, for example on a
     * full disk, leaves no empty or half-written folder behind). Returns whether it did.
     */
    public boolean deleteIfUnstarted() {
        if (!Files.isDirectory(dir) || hasState()) return false;
        try {
            deleteTree(dir);
            return true;
        } catch (IOException e) {
            return false; // best effort: the original failure is the error worth reporting
        }
    }

    /** The weights of the checkpoint that {@code state.json} names. */
    public Path checkpointWeights() {
        return dir.resolve(readStateNode().path("checkpoint").asText()).resolve("model.safetensors");
    }

    void writeConfig(TrainConfig config) {
        // An imported graph is referenced relative to the run folder: the folder can move together with its graph.
        AtomicFiles.writeString(modelJson(), ModelSpecJson.toJson(ModelSpecJson.relativizeFile(config.model(), dir)));
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
            return ModelSpecJson.resolveFile(ModelSpecJson.parse(read(file)), file.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
    }

    public RunState readState() {
        JsonNode n = readStateNode();
        Path p = dir.resolve("state.json");
        JsonNode step = n.path("step");
        if (!step.canConvertToInt() || step.asInt() < 0) {
            throw new UserInputException(p + ": 'step' must be a non-negative integer, got " + step);
        }
        RunState.Status status;
        try {
            status = RunState.Status.valueOf(n.path("status").asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(p + ": 'status' must be running, finished or diverged, got "
                    + n.path("status"));
        }
        return new RunState(step.asInt(), status, n.path("interpolation_step").asInt(-1),
                n.path("diverged_step").asInt(-1));
    }

    private JsonNode readStateNode() {
        Path p = dir.resolve("state.json");
        JsonNode n;
        try {
            n = JSON.readTree(read(p));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UserInputException(p + ": not valid JSON (" + firstLine(e.getOriginalMessage()) + "); a "
                    + "truncated or hand-edited file?");
        } catch (IOException e) {
            throw new UserInputException(p + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (n == null || !n.isObject() || !n.path("checkpoint").isTextual()) {
            throw new UserInputException(p + ": not a run state (expected an object with 'step', 'status' and "
                    + "'checkpoint')");
        }
        return n;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Writes the checkpoint's files, then points {@code state.json} at them, then removes older checkpoints. */
    void writeCheckpoint(RunState state, Parameters params, List<Tensor> optimizerState) {
        String name = String.format("checkpoints/step-%09d", state.step());
        Path ck = dir.resolve(name);
        Map<String, String> meta = Map.of("step", Integer.toString(state.step()));
        Map<String, Tensor> opt = new LinkedHashMap<>();
        List<String> names = params.names();
        for (int i = 0; i < optimizerState.size(); i++) opt.put("momentum." + names.get(i), optimizerState.get(i));
        ObjectNode sums = JSON.createObjectNode();
        writeHashed(ck.resolve(WEIGHTS), Safetensors.encode(params.asMap(), meta, Safetensors.Dtype.F64), sums);
        writeHashed(ck.resolve(OPTIMIZER), Safetensors.encode(opt, meta, Safetensors.Dtype.F64), sums);
        ObjectNode s = JSON.createObjectNode();
        s.put("step", state.step());
        s.put("status", state.status().key());
        s.put("interpolation_step", state.interpolationStep());
        s.put("diverged_step", state.divergedStep());
        s.put("checkpoint", name);
        s.set("sha256", sums);
        AtomicFiles.writeString(dir.resolve("state.json"), s.toPrettyString() + "\n");
        removeOtherCheckpoints(ck);
    }

    private static void writeHashed(Path file, byte[] bytes, ObjectNode sums) {
        AtomicFiles.write(file, bytes);
        sums.put(file.getFileName().toString(), Checksums.sha256(bytes));
    }

    /**
     * Checks the files of the checkpoint that {@code state.json} names against the SHA-256 recorded there (folders
     * written before checksums were recorded are accepted as they are) and the weights for non-finite values.
     *
     * @throws UserInputException naming the file, if it is damaged
     */
    public void verifyCheckpoint() {
        readCheckpointTensors(WEIGHTS);
    }

    /** The tensors of one file of the current checkpoint, verified (see {@link #verifyCheckpoint()}). */
    private Map<String, Tensor> readCheckpointTensors(String fileName) {
        JsonNode state = readStateNode();
        Path file = dir.resolve(state.path("checkpoint").asText()).resolve(fileName);
        byte[] bytes = Checksums.readAll(file);
        JsonNode want = state.path("sha256").path(fileName);
        if (want.isTextual() && !want.asText().equals(Checksums.sha256(bytes))) {
            throw new UserInputException(file + ": corrupt checkpoint (its SHA-256 differs from the one recorded in "
                    + dir.resolve("state.json") + "); the file was changed or damaged after it was written");
        }
        Map<String, Tensor> t = Safetensors.decode(bytes, file.toString()).tensors();
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            long bad = java.util.Arrays.stream(e.getValue().data()).filter(v -> !Double.isFinite(v)).count();
            if (bad > 0) {
                throw new UserInputException(file + ": corrupt checkpoint: tensor '" + e.getKey() + "' has " + bad
                        + " non-finite value" + (bad == 1 ? "" : "s") + " (training never saves those)");
            }
        }
        return t;
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
        Map<String, Tensor> t = readCheckpointTensors(WEIGHTS);
        List<Tensor> ordered = new ArrayList<>();
        for (String n : template.names()) {
            Tensor v = t.get(n);
            if (v == null) throw new UserInputException(checkpointWeights() + ": missing tensor '" + n + "'");
            ordered.add(v);
        }
        return template.with(ordered);
    }

    List<Tensor> readOptimizerState(Parameters template) {
        Path p = checkpointWeights().resolveSibling(OPTIMIZER);
        Map<String, Tensor> t = readCheckpointTensors(OPTIMIZER);
        List<Tensor> r = new ArrayList<>();
        if (t.isEmpty()) return r;
        for (String n : template.names()) {
            Tensor v = t.get("momentum." + n);
            if (v == null) throw new UserInputException(p + ": missing tensor 'momentum." + n + "'");
            r.add(v);
        }
        return r;
    }

    /** Appends one JSON object as a line. */
    public void appendLine(Path file, Map<String, Object> fields) {
        try {
            Files.writeString(file, JSON.writeValueAsString(fields) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + FileErrors.reason(e), e);
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
            throw new UncheckedIOException("cannot clean " + root + ": " + FileErrors.reason(e), e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    static String read(Path p) {
        if (Files.isDirectory(p)) throw new UserInputException(p + " is a directory, not a file");
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(p + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + FileErrors.reason(e), e);
        }
    }
}
