package org.flatlens.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.flatlens.tensor.UserInputException;

/**
 * Reads and writes {@code model.json}, the description of a model that accompanies its weights:
 * <pre>
 * {"arch": "mlp", "input_shape": [1, 28, 28], "num_outputs": 2, "options": {"widths": [500, 500, 500]}}
 * </pre>
 * {@code arch} (string), {@code input_shape} ({@code [C, H, W]}, positive integers) and {@code num_outputs} (positive
 * integer) are required; {@code options} (an object, default empty) holds the architecture's options, checked when the
 * model is built ({@link Models#build}). Any other top-level key, a duplicate key, a wrong type or trailing content is
 * an UserInputException naming the problem.
 */
public final class ModelSpecJson {
    private static final Set<String> KEYS = Set.of("arch", "input_shape", "num_outputs", "options");

    private ModelSpecJson() {}

    /** Parses the text of a model.json. */
    public static ModelSpec parse(String json) {
        return parse(json, "model.json");
    }

    /**
     * Reads a model.json file; format errors name the file.
     *
     * @throws UserInputException if the file does not exist or is not a valid model.json
     * @throws UncheckedIOException     if it cannot be read
     */
    public static ModelSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return resolveFile(parse(text, file.toString()), file.toAbsolutePath().getParent());
    }

    /**
     * The spec with an {@code onnx} graph's relative {@code file} option resolved against {@code dir} (the folder of
     * the model.json it was read from), absolute and normalised; any other spec unchanged.
     */
    public static ModelSpec resolveFile(ModelSpec spec, Path dir) {
        if (!(spec.options().get("file") instanceof String f) || !spec.arch().equals("onnx")) return spec;
        return withFile(spec, dir.resolve(f).toAbsolutePath().normalize().toString());
    }

    /**
     * The spec with an {@code onnx} graph's {@code file} option relative to {@code dir}, where a model.json is about
     * to be written, so that moving that folder together with the graph keeps them connected; unchanged when no
     * relative path exists (another file-system root).
     */
    public static ModelSpec relativizeFile(ModelSpec spec, Path dir) {
        if (!(spec.options().get("file") instanceof String f) || !spec.arch().equals("onnx")) return spec;
        Path abs = Path.of(f).toAbsolutePath().normalize(), base = dir.toAbsolutePath().normalize();
        if (!java.util.Objects.equals(abs.getRoot(), base.getRoot())) return spec;
        return withFile(spec, base.relativize(abs).toString());
    }

    private static ModelSpec withFile(ModelSpec spec, String file) {
        java.util.Map<String, Object> options = new java.util.LinkedHashMap<>(spec.options());
        options.put("file", file);
        return new ModelSpec(spec.arch(), options, spec.inputShape(), spec.numOutputs());
    }

    /** The spec as pretty-printed JSON, options sorted by key. */
    public static String toJson(ModelSpec spec) {
        JsonMapper mapper = mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("arch", spec.arch());
        ArrayNode shape = root.putArray("input_shape");
        for (int d : spec.inputShape()) shape.add(d);
        root.put("num_outputs", spec.numOutputs());
        root.set("options", mapper.valueToTree(new TreeMap<>(spec.options())));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UserInputException("model.json: cannot write options: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes {@link #toJson} to {@code file}, replacing it.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    public static void write(Path file, ModelSpec spec) {
        try {
            Files.writeString(file, toJson(spec), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    static ModelSpec parse(String json, String source) {
        JsonNode root;
        try {
            root = mapper().readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new UserInputException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) throw fail(source, "expected a JSON object at the top level");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw fail(source, "unknown key '" + k + "' (expected arch, input_shape, num_outputs, options)");
            }
        }
        JsonNode arch = required(root, "arch", source);
        if (!arch.isTextual()) throw fail(source, "'arch' must be a string, got " + arch);
        JsonNode shape = required(root, "input_shape", source);
        if (!shape.isArray() || shape.size() != 3) {
            throw fail(source, "'input_shape' must be [C, H, W], three positive integers, got " + shape);
        }
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++) {
            dims[i] = positiveInt(shape.get(i), source, "input_shape", "[C, H, W], three positive integers, got " + shape);
        }
        int k = positiveInt(required(root, "num_outputs", source), source, "num_outputs", "a positive integer, got "
                + root.get("num_outputs"));
        JsonNode options = root.get("options");
        Map<String, Object> opts = new LinkedHashMap<>();
        if (options != null) {
            if (!options.isObject()) throw fail(source, "'options' must be an object, got " + options);
            options.fields().forEachRemaining(e -> opts.put(e.getKey(), toJava(e.getValue(), source, e.getKey())));
        }
        return new ModelSpec(arch.asText(), opts, dims, k);
    }

    private static JsonMapper mapper() {
        return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    private static JsonNode required(JsonNode root, String key, String source) {
        JsonNode v = root.get(key);
        if (v == null) throw fail(source, "missing required key '" + key + "'");
        return v;
    }

    private static int positiveInt(JsonNode v, String source, String key, String what) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
            throw fail(source, "'" + key + "' must be " + what);
        }
        return v.intValue();
    }

    /** JSON values as the plain Java values {@link Options} reads: Integer/Long, Double, Boolean, String, List, Map. */
    private static Object toJava(JsonNode v, String source, String key) {
        if (v.isIntegralNumber()) {
            if (v.canConvertToInt()) return v.intValue();
            if (v.canConvertToLong()) return v.longValue();
            throw fail(source, "option '" + key + "' holds an integer out of range: " + v);
        }
        if (v.isNumber()) return v.doubleValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isTextual()) return v.textValue();
        if (v.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode e : v) l.add(toJava(e, source, key));
            return l;
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue(), source, key)));
            return m;
        }
        throw fail(source, "option '" + key + "' must not be null");
    }

    private static UserInputException fail(String source, String message) {
        return new UserInputException(source + ": " + message);
    }
}
