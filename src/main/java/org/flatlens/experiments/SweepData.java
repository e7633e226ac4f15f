package org.flatlens.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatlens.tensor.UserInputException;

/**
 * A finished (or partly finished) sweep read back from its folder: {@code summary.csv} lists the runs, their
 * hyperparameters, status and final measures; each run's {@code runs/<id>/metrics.jsonl} gives its trajectory;
 * {@code sweep.yaml} is the configuration as given.
 */
public record SweepData(Path dir, String configText, List<String> metricNames, List<RunRecord> runs) {

    /**
     * One run.
     *
     * @param fields      the run columns of summary.csv ({@link ResultsTables#RUN_COLUMNS}) as text, plus
     *                    {@link StructureNotes#FIELD} (the model's BatchNorm / skip-connection features, from its
     *                    model.json)
     * @param finalValues the measures of its last tracked point
     * @param points      every tracked point, in step order
     */
    public record RunRecord(Map<String, String> fields, Map<String, Double> finalValues, List<TrackedPoint> points) {
        public String id() {
            return fields.get("id");
        }

        public String status() {
            return fields.get("status");
        }

        public int interpolationStep() {
            return Integer.parseInt(fields.getOrDefault("interpolation_step", "-1"));
        }

        /** A numeric run column (lr, batch_size, ...) or final measure; NaN when absent or not a number. */
        public double number(String name) {
            Double v = finalValues.get(name);
            if (v != null) return v;
            try {
                return Csv.parseNumber(fields.get(name));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    public static SweepData load(Path dir) {
        Path summary = dir.resolve(ResultsTables.SUMMARY);
        if (!Files.isRegularFile(summary)) {
            throw new UserInputException(dir + " has no " + ResultsTables.SUMMARY + "; run 'flatlens sweep' first");
        }
        List<List<String>> rows = Csv.parse(read(summary));
        if (rows.isEmpty()) throw new UserInputException(summary + ": empty");
        List<String> header = rows.get(0);
        int nRun = ResultsTables.RUN_COLUMNS.size();
        if (header.size() < nRun || !header.subList(0, nRun).equals(ResultsTables.RUN_COLUMNS)) {
            throw new UserInputException(summary + ": unexpected header (not written by 'flatlens sweep'?)");
        }
        List<String> metrics = header.subList(nRun, header.size());
        List<RunRecord> runs = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() != header.size()) {
                throw new UserInputException(summary + ": a row has " + row.size() + " fields, the header "
                        + header.size());
            }
            Map<String, String> f = new LinkedHashMap<>();
            for (int i = 0; i < nRun; i++) f.put(header.get(i), row.get(i));
            Map<String, Double> v = new LinkedHashMap<>();
            for (int i = nRun; i < header.size(); i++) {
                if (!row.get(i).isEmpty()) v.put(header.get(i), Csv.parseNumber(row.get(i)));
            }
            Path runDir = dir.resolve("runs").resolve(f.get("id"));
            f.put(StructureNotes.FIELD, StructureNotes.keysOfRun(runDir));
            List<TrackedPoint> pts = MetricsFile.read(runDir.resolve(MetricsFile.NAME));
            runs.add(new RunRecord(f, v, pts));
        }
        Path yaml = dir.resolve("sweep.yaml");
        return new SweepData(dir, Files.isRegularFile(yaml) ? read(yaml) : "", List.copyOf(metrics), runs);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
