package org.flatlens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.autodiff.Var;
import org.flatlens.data.Batch;
import org.flatlens.data.Dataset;
import org.flatlens.data.Safetensors;
import org.flatlens.data.TorchCheckpoint;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.Losses;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.nn.onnx.GraphModel;
import org.flatlens.tensor.Tensor;
import org.flatlens.tensor.UserInputException;
import org.flatlens.train.RunDirectory;

/**
 * A trained model to analyse: its architecture (model.json, or an ONNX graph) and weights (safetensors, a
 * {@code torch.save} checkpoint, or the graph's own), from a run folder or from the files, checked against each other
 * after the {@code --key-map} renaming: every tensor present under its state-dict name with the model's shape, none
 * extra, all values finite. Problems are {@link UserInputException}s naming the file.
 *
 * @param model  the network
 * @param params its weights, in state-dict order
 * @param source where the weights came from (for reports)
 * @param notes  what the loader assumed, for the user to read (e.g. which of two layouts the keys were taken for)
 */
record ModelWeights(Model model, Parameters params, Path source, List<String> notes) {
    private static final int LIST_AT_MOST = 5;

    /** The run folder's model.json and the weights of the checkpoint its state.json names. */
    static ModelWeights fromRun(Path runDir) {
        RunDirectory run = new RunDirectory(runDir);
        if (!run.hasState()) {
            throw new UserInputException(runDir + " is not a run folder (no state.json); train into it first or "
                    + "give --model and --weights");
        }
        run.verifyCheckpoint();
        return fromFiles(run.modelJson(), run.checkpointWeights(), KeyMap.identity());
    }

    /**
     * @param modelJson a model.json, or an ONNX graph ({@code .onnx})
     * @param weights   the weights (safetensors or torch.save); for an ONNX graph null means the graph's own
     *                  initializers
     * @param keyMap    renames the weights' keys first ({@code --key-map})
     */
    static ModelWeights fromFiles(Path modelJson, Path weights, KeyMap keyMap) {
        Model model;
        if (isOnnx(modelJson)) {
            GraphModel g = GraphModel.read(modelJson);
            if (weights == null) {
                if (!keyMap.isIdentity()) throw new UserInputException("--key-map goes with --weights");
                return new ModelWeights(g, checkFinite(modelJson, g.bundledWeights().orElseThrow()), modelJson,
                        List.of());
            }
            model = g;
        } else {
            if (weights == null) throw new UserInputException("--model " + modelJson + " needs --weights");
            model = build(ModelSpecJson.read(modelJson), modelJson);
        }
        List<String> notes = new ArrayList<>();
        return new ModelWeights(model, load(model, weights, keyMap, notes), weights, List.copyOf(notes));
    }

    private static Model build(ModelSpec spec, Path modelJson) {
        try {
            return Models.build(spec);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(modelJson + ": " + e.getMessage());
        }
    }

    /**
     * The weights in {@code file} (safetensors, or a torch.save checkpoint: told apart by their first bytes; or an
     * ONNX graph's initializers, by the name's {@code .onnx}), renamed by {@code keyMap} and checked against
     * {@code model}.
     *
     * @param notes receives what was assumed on the way (which object of a checkpoint, which key layout)
     */
    static Parameters load(Model model, Path file, KeyMap keyMap, List<String> notes) {
        Map<String, Tensor> read;
        if (isOnnx(file)) {
            read = GraphModel.read(file).bundledWeights().orElseThrow().asMap();
        } else if (TorchCheckpoint.looksLike(file)) {
            TorchCheckpoint.StateDict sd = TorchCheckpoint.read(file);
            read = sd.tensors();
            if (!sd.where().equals("the saved object")) notes.add(file + ": the model's state_dict is " + sd.where());
        } else {
            read = Safetensors.read(file).tensors();
        }
        Map<String, Tensor> found;
        try {
            found = keyMap.apply(read, model.parameterShapes().keySet());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
        KeyLayouts.explain(model, read.keySet(), found.keySet(), keyMap, file).ifPresent(notes::add);
        return check(model, file, found);
    }

    /** {@code found} in the model's order, checked: names, shapes, finite values. */
    private static Parameters check(Model model, Path file, Map<String, Tensor> found) {
        List<String> missing = new ArrayList<>(), extra = new ArrayList<>();
        for (String name : model.parameterShapes().keySet()) if (!found.containsKey(name)) missing.add(name);
        for (String name : found.keySet()) if (!model.parameterShapes().containsKey(name)) extra.add(name);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new UserInputException(file + " does not fit the " + model.spec().arch() + " model"
                    + (missing.isEmpty() ? "" : ": missing tensors " + list(missing))
                    + (extra.isEmpty() ? "" : (missing.isEmpty() ? ": " : "; ") + "unexpected tensors " + list(extra))
                    + KeyLayouts.hint(model, found.keySet()));
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : model.parameterShapes().keySet()) ordered.put(name, found.get(name));
        Parameters params = new Parameters(ordered);
        try {
            model.checkCompatible(params);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(file + ": " + e.getMessage());
        }
        return checkFinite(file, params);
    }

    /**
     * Fails, naming the weights file and its largest tensor, when the model's outputs or loss on {@code data} are not
     * finite: weights scaled far up (a diverged run, a unit mistake) would otherwise surface deep inside the analysis
     * as an infinite matrix entry naming nothing the user gave.
     */
    void checkOutputsFinite(Dataset data, LossKind loss) {
        int chunk = 256;
        for (int from = 0; from < data.size(); from += chunk) {
            int[] pos = java.util.stream.IntStream.range(from, Math.min(data.size(), from + chunk)).toArray();
            Batch b = data.batch(pos);
            Var out = model.forward(params.vars(false), Var.constant(b.x()), null);
            double l = Losses.of(loss, out, b.targets()).value().item();
            if (!out.value().allFinite() || !Double.isFinite(l)) {
                Map.Entry<String, Tensor> big = largest(params);
                throw new UserInputException(source + ": the model's " + (out.value().allFinite() ? "loss" : "outputs")
                        + " overflow on the chosen samples; tensor '" + big.getKey() + "' holds values up to "
                        + String.format("%.3g", maxAbs(big.getValue())) + " (a diverged run, or scaled weights?)");
            }
        }
    }

    private static Map.Entry<String, Tensor> largest(Parameters params) {
        return params.asMap().entrySet().stream()
                .max(java.util.Comparator.comparingDouble(e -> maxAbs(e.getValue()))).orElseThrow();
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.data()) m = Math.max(m, Math.abs(v));
        return m;
    }

    static boolean isOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx");
    }

    private static Parameters checkFinite(Path file, Parameters params) {
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            int bad = 0;
            for (double v : e.getValue().data()) if (!Double.isFinite(v)) bad++;
            if (bad > 0) {
                throw new UserInputException(file + ": tensor '" + e.getKey() + "' has " + bad
                        + " non-finite value" + (bad == 1 ? "" : "s") + " (NaN or infinite); a diverged run?");
            }
        }
        return params;
    }

    private static String list(List<String> names) {
        List<String> shown = names.subList(0, Math.min(LIST_AT_MOST, names.size()));
        String more = names.size() > LIST_AT_MOST ? " and " + (names.size() - LIST_AT_MOST) + " more" : "";
        return "'" + String.join("', '", shown) + "'" + more;
    }
}
