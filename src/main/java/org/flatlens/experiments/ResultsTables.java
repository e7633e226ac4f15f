package org.flatlens.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.flatlens.analysis.bounds.BoundCheck;
import org.flatlens.data.AtomicFiles;
import org.flatlens.experiments.measures.OutputKeys;

/**
 * The sweep's result tables, rebuilt from the run folders and written atomically:
 * <ul>
 *   <li>{@code summary.csv}: one row per run: {@link #RUN_COLUMNS} (hyperparameters, status, last step,
 *       interpolation step, ...), then the measures of the run's last tracked point;</li>
 *   <li>{@code checkpoints.csv}: one row per tracked point of every run: id, arch, lr, batch_size, seed, step,
 *       interpolating, then the measures.</li>
 * </ul>
 * Measure columns are the union over runs in first-seen order; a bound adds a column {@code ratio.<theorem>[<site>]}
 * (NaN when vacuous). Missing values are empty fields.
 */
public final class ResultsTables {
    public static final String SUMMARY = "summary.csv", CHECKPOINTS = "checkpoints.csv";
    public static final List<String> RUN_COLUMNS = List.of("id", "arch", "options", "dataset", "classes", "loss", "lr",
            "batch_size", "steps", "seed", "momentum", "weight_decay", "status", "step", "interpolation_step",
            "diverged_step", "tracked_points", "error");
    public static final List<String> POINT_COLUMNS = List.of("id", "arch", "lr", "batch_size", "seed", "step",
            "interpolating");
    /** The prefix of a bound's ratio column, {@code ratio.<theorem>[<site>]}. */
    public static final String RATIO_PREFIX = "ratio.";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS,
            true);

    private ResultsTables() {}

    /** Writes both tables into {@code out}; {@code results} are in the order of {@code specs}. */
    public static void write(Path out, List<RunSpec> specs, List<RunResult> results, Function<RunSpec, Path> runDir) {
        List<List<TrackedPoint>> points = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (RunSpec s : specs) {
            List<TrackedPoint> p = MetricsFile.read(runDir.apply(s).resolve(MetricsFile.NAME));
            points.add(p);
            for (TrackedPoint t : p) names.addAll(flatten(t).keySet());
        }
        List<List<String>> summary = new ArrayList<>(), checkpoints = new ArrayList<>();
        summary.add(concat(RUN_COLUMNS, names));
        checkpoints.add(concat(POINT_COLUMNS, names));
        for (int i = 0; i < specs.size(); i++) {
            RunSpec s = specs.get(i);
            List<TrackedPoint> p = points.get(i);
            Map<String, Double> last = p.isEmpty() ? Map.of() : flatten(p.get(p.size() - 1));
            summary.add(concat(runFields(s, results.get(i), p.size()), values(names, last)));
            for (TrackedPoint t : p) {
                List<String> f = List.of(s.id(), s.arch(), Csv.number(s.lr()), Integer.toString(s.batchSize()),
                        Long.toString(s.seed()), Integer.toString(t.step()), Boolean.toString(t.interpolating()));
                checkpoints.add(concat(f, values(names, flatten(t))));
            }
        }
        AtomicFiles.writeString(out.resolve(SUMMARY), Csv.format(summary));
        AtomicFiles.writeString(out.resolve(CHECKPOINTS), Csv.format(checkpoints));
    }

    /** A point's values plus one {@code ratio.<theorem>[<site>]} per bound. */
    public static Map<String, Double> flatten(TrackedPoint t) {
        Map<String, Double> m = new LinkedHashMap<>(t.values());
        for (BoundCheck b : t.bounds()) m.put(OutputKeys.key(RATIO_PREFIX + b.name(), b.site()), b.ratio());
        return m;
    }

    private static List<String> runFields(RunSpec s, RunResult r, int tracked) {
        String options;
        try {
            options = JSON.writeValueAsString(new TreeMap<>(s.options()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String classes = Arrays.stream(s.classes()).mapToObj(Integer::toString).collect(Collectors.joining(" "));
        return List.of(s.id(), s.arch(), options, s.dataset(), classes, s.loss().key(), Csv.number(s.lr()),
                Integer.toString(s.batchSize()), Integer.toString(s.steps()), Long.toString(s.seed()),
                Csv.number(s.momentum()), Csv.number(s.weightDecay()), r.status(), Integer.toString(r.step()),
                Integer.toString(r.interpolationStep()), Integer.toString(r.divergedStep()), Integer.toString(tracked),
                r.error());
    }

    private static List<String> values(LinkedHashSet<String> names, Map<String, Double> v) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Double x = v.get(n);
            out.add(x == null ? "" : Csv.number(x));
        }
        return out;
    }

    private static List<String> concat(List<String> a, java.util.Collection<String> b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(b);
        return r;
    }
}
