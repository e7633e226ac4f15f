package org.flatlens.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.data.Safetensors;
import org.flatlens.data.TorchCheckpoint;
import org.flatlens.nn.KeyMap;
import org.flatlens.nn.Model;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.ModelSpecJson;
import org.flatlens.nn.Models;
import org.flatlens.nn.Parameters;
import org.flatlens.tensor.Tensor;
import org.flatlens.train.RunDirectory;

/**
 * A trained model to analyse: its architecture (model.json) and weights (safetensors, or a {@code torch.save}
 * checkpoint), from a run folder or from the two files, checked against each other after the {@code --key-map}
 * renaming: every tensor present under its state-dict name with the model's shape, none extra, all values finite.
 * Problems are {@link IllegalArgumentException}s naming the file.
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
            throw new IllegalArgumentException(runDir + " is not a run folder (no state.json); train into it first or "
                    + "give --model and --weights");
        }
        ModelSpec spec = ModelSpecJson.read(run.modelJson());
        Model model = build(spec, run.modelJson());
        Path weights = run.checkpointWeights();
        return new ModelWeights(model, check(model, weights, Safetensors.read(weights).tensors()), weights, List.of());
    }

    static ModelWeights fromFiles(Path modelJson, Path weights, KeyMap keyMap) {
        Model model = build(ModelSpecJson.read(modelJson), modelJson);
        List<String> notes = new ArrayList<>();
        return new ModelWeights(model, load(model, weights, keyMap, notes), weights, List.copyOf(notes));
    }

    private static Model build(ModelSpec spec, Path modelJson) {
        try {
            return Models.build(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(modelJson + ": " + e.getMessage());
        }
    }

    /**
     * The weights in {@code file} (safetensors, or a torch.save checkpoint: told apart by their first bytes), renamed
     * by {@code keyMap} and checked against {@code model}.
     *
     * @param notes receives what was assumed on the way (which object of a checkpoint, which key layout)
     */
    static Parameters load(Model model, Path file, KeyMap keyMap, List<String> notes) {
        Map<String, Tensor> read;
        if (TorchCheckpoint.looksLike(file)) {
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
            throw new IllegalArgumentException(file + ": " + e.getMessage());
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
            throw new IllegalArgumentException(file + " does not fit the " + model.spec().arch() + " model"
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
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        for (Map.Entry<String, Tensor> e : ordered.entrySet()) {
            int bad = 0;
            for (double v : e.getValue().data()) if (!Double.isFinite(v)) bad++;
            if (bad > 0) {
                throw new IllegalArgumentException(file + ": tensor '" + e.getKey() + "' has " + bad
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
