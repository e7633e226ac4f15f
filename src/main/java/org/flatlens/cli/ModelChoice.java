package org.flatlens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.data.FileErrors;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.tensor.UserInputException;
import picocli.CommandLine.Option;

/** The options that choose a model: an architecture name with options, or a model.json file. */
final class ModelChoice {
    @Option(names = "--model", required = true, paramLabel = "ARCH|FILE",
            description = "mlp, lenet, vgg, vit, a model.json file, or an ONNX graph (.onnx; training starts from "
                    + "its weights).")
    String model;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
            description = "An architecture option, repeatable: e.g. --option widths=500,500,500 "
                    + "--option activation=relu (see the README's model.json section).")
    List<String> options = new ArrayList<>();

    /** The spec for inputs {@code [C, H, W]} and k outputs (a model.json must agree with them). */
    ModelSpec spec(int[] inputShape, int numOutputs) {
        if (model.endsWith(".json") || model.endsWith(".onnx") || Files.isRegularFile(Path.of(model))) {
            if (!options.isEmpty()) throw new UserInputException("--option goes with an architecture name, "
                    + "not with a model.json file");
            ModelSpec s = model.toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")
                    ? org.flatlens.nn.onnx.GraphModel.read(Path.of(model).toAbsolutePath(), inputShape).spec()
                    : readSpec(Path.of(model));
            if (!java.util.Arrays.equals(s.inputShape(), inputShape) || s.numOutputs() != numOutputs) {
                throw new UserInputException(model + ": input_shape/num_outputs "
                        + java.util.Arrays.toString(s.inputShape()) + "/" + s.numOutputs() + " do not fit the data "
                        + java.util.Arrays.toString(inputShape) + "/" + numOutputs);
            }
            if (!s.arch().equals("onnx")) checkOptions(s); // an ONNX graph was checked as it was read
            return s;
        }
        return new ModelSpec(model, parseOptions(options), inputShape, numOutputs);
    }

    /** Builds the model once, so that a bad option is reported with the file and key it came from. */
    private void checkOptions(ModelSpec s) {
        try {
            Models.build(s);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(model + ": key 'options': " + e.getMessage());
        }
    }

    static ModelSpec readSpec(Path file) {
        try {
            return ModelSpecJson.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
    }

    /** {@code key=value} pairs; values are integers, numbers, booleans, comma-separated integer lists or words. */
    static Map<String, Object> parseOptions(List<String> kvs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UserInputException("--option needs KEY=VALUE, got '" + kv + "'");
            m.put(kv.substring(0, eq).trim(), parseValue(kv.substring(eq + 1).trim()));
        }
        return m;
    }

    private static Object parseValue(String v) {
        if (v.equals("true") || v.equals("false")) return Boolean.parseBoolean(v);
        if (v.contains(",")) {
            List<Object> l = new ArrayList<>();
            for (String p : v.split(",")) l.add(parseValue(p.trim()));
            return l;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e2) {
                return v;
            }
        }
    }
}
