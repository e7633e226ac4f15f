package org.flatlens.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flatlens.data.AtomicFiles;
import org.flatlens.experiments.SweepAnalysis;
import org.flatlens.experiments.SweepData;
import org.flatlens.report.Figure;
import org.flatlens.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatlens report}: correlations, findings, figures and bounds of a sweep as one HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Analyse a sweep folder (summary.csv, runs/*/metrics.jsonl) into one self-contained HTML file: "
                + "a headline testing each predicted relation (Kendall τ across runs, and within-run trends along "
                + "training combined over runs, with bootstrap intervals), whether every bound held, figures, the bound "
                + "table, the runs and a glossary; all correlations also go to correlations.csv next to it.",
                "Example: flatlens report --in sweeps/lr-batch"})
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, paramLabel = "DIR", description = "A folder written by 'flatlens sweep'.")
    Path in;

    @Option(names = "--out", paramLabel = "FILE", description = "The HTML file (default: DIR/report.html).")
    Path out;

    @Option(names = "--resamples", paramLabel = "B", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples = 2000;

    @Option(names = "--seed", paramLabel = "SEED", description = "Bootstrap seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--png", description = "Also write every figure as PNG into a figures/ folder next to the report.")
    boolean png;

    @Override
    public Integer call() {
        Path file = write(in, out, "", resamples, seed, png);
        System.out.println(file);
        return 0;
    }

    /** Analyses {@code in} and writes the report (shared with {@code demo}); returns the report's path. */
    static Path write(Path in, Path out, String notes, int resamples, long seed, boolean png) {
        Path file = out != null ? out : in.resolve("report.html");
        SweepAnalysis analysis = SweepAnalysis.analyze(SweepData.load(in), resamples, 0.95, seed);
        HtmlReport report = new HtmlReport(analysis, notes);
        AtomicFiles.writeString(file, report.html());
        AtomicFiles.writeString(file.toAbsolutePath().resolveSibling(HtmlReport.CORRELATIONS_CSV), report.correlationsCsv());
        if (png) {
            Path dir = file.toAbsolutePath().resolveSibling("figures");
            for (Figure f : report.figures()) AtomicFiles.write(dir.resolve(f.id() + ".png"), f.png());
        }
        return file;
    }
}
