package org.flatlens.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.tensor.UserInputException;

/** {@code config.json} of a run: the training settings of a {@link TrainConfig} (the model is in model.json). */
public final class TrainConfigJson {
    private static final Set<String> KEYS = Set.of("dataset", "classes", "train_samples", "test_samples", "loss", "lr",
            "momentum", "weight_decay", "batch_size", "steps", "seed", "checkpoint_every", "eval_every");

    private TrainConfigJson() {}

    public static String toJson(TrainConfig c) {
        ObjectNode o = RunDirectory.JSON.createObjectNode();
        o.put("dataset", c.dataset());
        ArrayNode cl = o.putArray("classes");
        for (int k : c.classes()) cl.add(k);
        o.put("train_samples", c.trainSamples());
        o.put("test_samples", c.testSamples());
        o.put("loss", c.loss().key());
        o.put("lr", c.learningRate());
        o.put("momentum", c.momentum());
        o.put("weight_decay", c.weightDecay());
        o.put("batch_size", c.batchSize());
        o.put("steps", c.steps());
        o.put("seed", c.seed());
        o.put("checkpoint_every", c.checkpointEvery());
        o.put("eval_every", c.evalEvery());
        return o.toPrettyString() + "\n";
    }

    /**
     * The config.json keys whose values differ between {@code a} and {@code b} (in file order), plus {@code "model"}
     * when the model.json settings differ: what a user must change to resume a run or pick another folder.
     */
    public static java.util.List<String> differingKeys(TrainConfig a, TrainConfig b) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        if (!a.model().equals(b.model())) keys.add("model");
        try {
            JsonNode x = RunDirectory.JSON.readTree(toJson(a)), y = RunDirectory.JSON.readTree(toJson(b));
            for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!x.get(k).equals(y.get(k))) keys.add(k);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (keys.isEmpty()) keys.add("config.json");
        return keys;
    }

    public static TrainConfig fromJson(String text, ModelSpec model, String source) {
        JsonNode o;
        try {
            o = RunDirectory.JSON.readTree(text);
        } catch (IOException e) {
            throw new UserInputException(source + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (o == null || !o.isObject()) throw new UserInputException(source + ": expected a JSON object");
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) throw new UserInputException(source + ": unknown key '" + k + "'");
        }
        JsonNode cl = o.path("classes");
        int[] classes = new int[cl.size()];
        for (int i = 0; i < classes.length; i++) classes[i] = cl.get(i).asInt();
        try {
            return new TrainConfig(model, text(o, "dataset", source), classes, o.path("train_samples").asInt(0),
                    o.path("test_samples").asInt(0), LossKind.parse(text(o, "loss", source)), num(o, "lr", source),
                    o.path("momentum").asDouble(0), o.path("weight_decay").asDouble(0), (int) num(o, "batch_size", source),
                    (int) num(o, "steps", source), o.path("seed").asLong(0), o.path("checkpoint_every").asInt(1000),
                    o.path("eval_every").asInt(1000));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(source + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode o, String key, String source) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual()) throw new UserInputException(source + ": '" + key + "' must be a string");
        return v.asText();
    }

    private static double num(JsonNode o, String key, String source) {
        JsonNode v = o.get(key);
        if (v == null || !v.isNumber()) throw new UserInputException(source + ": '" + key + "' must be a number");
        return v.asDouble();
    }
}
