package org.flatlens.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.flatlens.data.DatasetName;
import org.flatlens.nn.LossKind;
import org.flatlens.nn.ModelSpec;
import org.flatlens.nn.Models;
import org.flatlens.tensor.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code sweep.yaml} (schema in the README) into a {@link SweepSpec}. Every hyperparameter takes a single value
 * or a list of values; in random search {@code lr} may be {@code {log_uniform: [lo, hi]}} and {@code seed}
 * {@code {range: [lo, hi]}} (hi exclusive). Unknown keys, duplicate keys, wrong types and bad values fail with one
 * line naming the file and the key.
 */
public final class SweepYaml {
    private static final Set<String> KEYS = Set.of("search", "runs", "search_seed", "model", "dataset", "classes",
            "loss", "lr", "batch_size", "steps", "seed", "momentum", "weight_decay", "train_samples", "test_samples",
            "checkpoint_every", "track");
    private static final Set<String> TRACK_KEYS = Set.of("every", "samples", "test_samples", "seed");

    private final String source;

    private SweepYaml(String source) {
        this.source = source;
    }

    public static SweepSpec read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** @param source names the text in error messages (the file) */
    public static SweepSpec parse(String text, String source) {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(opts)).load(text);
        } catch (YAMLException e) {
            throw new UserInputException(source + ": not valid YAML (" + firstLine(e.getMessage()) + ")");
        }
        if (!(root instanceof Map<?, ?> m)) throw new UserInputException(source + ": expected a mapping of keys");
        Map<String, Object> keyed = new LinkedHashMap<>();
        m.forEach((k, v) -> keyed.put(String.valueOf(k), v));
        return new SweepYaml(source).spec(keyed);
    }

    private SweepSpec spec(Map<String, Object> m) {
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) throw bad(String.valueOf(k), "unknown key");
        }
        String search = m.containsKey("search") ? str("search", m.get("search")) : "grid";
        if (!search.equals("grid") && !search.equals("random")) throw bad("search", "must be grid or random");
        boolean random = search.equals("random");
        int runs = m.containsKey("runs") ? positive("runs", m.get("runs")) : 0;
        if (random && runs == 0) throw bad("runs", "random search needs the number of runs");
        if (!random && m.containsKey("runs")) throw bad("runs", "only for search: random");
        Object lr = require(m, "lr");
        double[] lrRange = rangeOf("lr", lr, "log_uniform", random);
        Object seed = m.getOrDefault("seed", 0);
        double[] seedRange = rangeOf("seed", seed, "range", random);
        if (seedRange != null && !(seedRange[0] == Math.rint(seedRange[0]) && seedRange[1] > seedRange[0])) {
            throw bad("seed", "range must be [lo, hi] integers with lo < hi");
        }
        SweepSpec spec = new SweepSpec(random, runs, m.containsKey("search_seed") ? integer("search_seed", m.get("search_seed")) : 0,
                list("model", require(m, "model"), this::model), list("dataset", require(m, "dataset"), v -> str("dataset", v)),
                classes(m.get("classes")), list("loss", m.getOrDefault("loss", "mse"), v -> loss(v)),
                lrRange == null ? list("lr", lr, v -> positiveNumber("lr", v)) : List.of(),
                lrRange, list("batch_size", require(m, "batch_size"), v -> positive("batch_size", v)),
                list("steps", require(m, "steps"), v -> positive("steps", v)),
                seedRange == null ? list("seed", seed, v -> (long) integer("seed", v)) : List.of(),
                seedRange == null ? null : new long[] {(long) seedRange[0], (long) seedRange[1]},
                list("momentum", m.getOrDefault("momentum", 0.0), v -> momentum(v)),
                list("weight_decay", m.getOrDefault("weight_decay", 0.0), v -> nonNegative("weight_decay", v)),
                nonNegativeInt("train_samples", m.getOrDefault("train_samples", 0)),
                nonNegativeInt("test_samples", m.getOrDefault("test_samples", 0)),
                positive("checkpoint_every", m.getOrDefault("checkpoint_every", 1000)), track(m.get("track")));
        checkModels(spec, m.get("model") instanceof List<?>);
        return spec;
    }

    /**
     * Builds every model for every dataset and class list it will be trained on, so that an unknown or impossible
     * option fails now, naming the file and the key ({@code model[1].options} in a list of models), rather than when
     * its runs start. Datasets that are not built in (a test's provider) are checked when the run starts.
     */
    private void checkModels(SweepSpec spec, boolean listed) {
        for (int i = 0; i < spec.models().size(); i++) {
            SweepSpec.ModelChoice choice = spec.models().get(i);
            String key = listed ? "model[" + i + "].options" : "model.options";
            for (String dataset : spec.datasets()) {
                DatasetName name;
                try {
                    name = DatasetName.parse(dataset);
                } catch (UserInputException notBuiltIn) {
                    continue;
                }
                int[] shape = {name.channels(), name.side(), name.side()};
                for (int[] classes : spec.classes()) {
                    int k = classes.length > 0 ? classes.length : name.numClasses();
                    try {
                        Models.build(new ModelSpec(choice.arch(), choice.options(), shape, k));
                    } catch (UserInputException e) {
                        throw bad(key, e.getMessage());
                    }
                }
            }
        }
    }

    private SweepSpec.ModelChoice model(Object v) {
        if (!(v instanceof Map<?, ?> mm)) throw bad("model", "each model must be a mapping {arch: ..., options: {...}}");
        for (Object k : mm.keySet()) {
            if (!k.equals("arch") && !k.equals("options")) throw bad("model." + k, "unknown key");
        }
        String arch = str("model.arch", mm.get("arch"));
        if (!List.of("mlp", "lenet", "vgg", "vit", "onnx").contains(arch)) {
            throw bad("model.arch", "must be mlp, lenet, vgg, vit or onnx, got '" + arch + "'");
        }
        Object o = mm.get("options");
        if (o != null && !(o instanceof Map<?, ?>)) throw bad("model.options", "must be a mapping");
        Map<String, Object> opts = new LinkedHashMap<>();
        if (o != null) ((Map<?, ?>) o).forEach((k, val) -> opts.put(String.valueOf(k), val));
        if (arch.equals("onnx") && opts.get("file") instanceof String f && !Path.of(f).isAbsolute()) {
            // An ONNX graph named relative to the sweep.yaml, recorded absolute so the runs find it from anywhere.
            Path dir = Path.of(source).toAbsolutePath().getParent();
            opts.put("file", dir.resolve(f).normalize().toString());
        }
        return new SweepSpec.ModelChoice(arch, opts);
    }

    private List<int[]> classes(Object v) {
        if (v == null) return List.of(new int[0]);
        if (!(v instanceof List<?> l)) throw bad("classes", "must be a list of class numbers or a list of such lists");
        if (!l.isEmpty() && l.get(0) instanceof List<?>) return list("classes", v, this::classList);
        return List.of(classList(v));
    }

    private int[] classList(Object v) {
        if (!(v instanceof List<?> l)) throw bad("classes", "must be a list of class numbers");
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = nonNegativeInt("classes", l.get(i));
        if (java.util.Arrays.stream(r).distinct().count() != r.length) throw bad("classes", "a class is listed twice");
        return r;
    }

    private TrackingConfig track(Object v) {
        if (v == null) return new TrackingConfig(100, 20, 0, 0);
        if (!(v instanceof Map<?, ?> t)) throw bad("track", "must be a mapping {every, samples, test_samples, seed}");
        for (Object k : t.keySet()) if (!TRACK_KEYS.contains(String.valueOf(k))) throw bad("track." + k, "unknown key");
        return new TrackingConfig(positive("track.every", t.containsKey("every") ? t.get("every") : 100),
                positive("track.samples", t.containsKey("samples") ? t.get("samples") : 20),
                nonNegativeInt("track.test_samples", t.containsKey("test_samples") ? t.get("test_samples") : 0),
                integer("track.seed", t.containsKey("seed") ? t.get("seed") : 0));
    }

    private double[] rangeOf(String key, Object v, String kind, boolean random) {
        if (!(v instanceof Map<?, ?> mm)) return null;
        if (!random) throw bad(key, kind + " needs search: random");
        if (mm.size() != 1 || !mm.containsKey(kind)) throw bad(key, "expected {" + kind + ": [lo, hi]}");
        if (!(mm.get(kind) instanceof List<?> l) || l.size() != 2) throw bad(key, kind + " needs [lo, hi]");
        double lo = number(key, l.get(0)), hi = number(key, l.get(1));
        if (!(hi > lo) || (kind.equals("log_uniform") && !(lo > 0))) throw bad(key, kind + " needs 0 < lo < hi");
        return new double[] {lo, hi};
    }

    private <T> List<T> list(String key, Object v, Function<Object, T> each) {
        List<T> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            if (l.isEmpty()) throw bad(key, "empty list");
            for (Object o : l) out.add(each.apply(o));
        } else {
            out.add(each.apply(v));
        }
        return out;
    }

    private Object require(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw bad(key, "missing (required)");
        return v;
    }

    private LossKind loss(Object v) {
        try {
            return LossKind.parse(str("loss", v));
        } catch (IllegalArgumentException e) {
            throw bad("loss", e.getMessage());
        }
    }

    private double momentum(Object v) {
        double x = number("momentum", v);
        if (!(x >= 0 && x < 1)) throw bad("momentum", "must be in [0, 1), got " + v);
        return x;
    }

    private String str(String key, Object v) {
        if (!(v instanceof String s) || s.isBlank()) throw bad(key, "must be a word, got " + v);
        return s;
    }

    private double number(String key, Object v) {
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) throw bad(key, "must be a number, got " + v);
        return n.doubleValue();
    }

    private double positiveNumber(String key, Object v) {
        double x = number(key, v);
        if (!(x > 0)) throw bad(key, "must be positive, got " + v);
        return x;
    }

    private double nonNegative(String key, Object v) {
        double x = number(key, v);
        if (!(x >= 0)) throw bad(key, "must be ≥ 0, got " + v);
        return x;
    }

    private int integer(String key, Object v) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            throw bad(key, "must be an integer, got " + v);
        }
        return ((Number) v).intValue();
    }

    private int positive(String key, Object v) {
        int x = integer(key, v);
        if (x < 1) throw bad(key, "must be at least 1, got " + v);
        return x;
    }

    private int nonNegativeInt(String key, Object v) {
        int x = integer(key, v);
        if (x < 0) throw bad(key, "must be ≥ 0, got " + v);
        return x;
    }

    private UserInputException bad(String key, String message) {
        return new UserInputException(source + ": key '" + key + "': " + message);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").trim();
    }
}
