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
        description = {"Analyse a sweep folder (summary.csv, runs/*/metrics.jsonl): Pearson, Spearman and Kendall "
                + "correlations with bootstrap intervals across runs and across interpolation-phase checkpoints, "
                + "findings against THEORY §6, figures and bound tightness, in one self-contained HTML file.",
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

    @Option(names = "--max-run-figures", paramLabel = "N", description = "Runs that get a trajectory figure "
            + "(default: ${DEFAULT-VALUE}).")
    int maxRunFigures = 12;

    @Option(names = "--png", description = "Also write every figure as PNG into a figures/ folder next to the report.")
    boolean png;

    @Override
    public Integer call() {
        Path file = write(in, out, "", resamples, seed, maxRunFigures, png);
        System.out.println(file);
        return 0;
    }

    /** Analyses {@code in} and writes the report (shared with {@code demo}); returns the report's path. */
    static Path write(Path in, Path out, String notes, int resamples, long seed, int maxRunFigures, boolean png) {
        Path file = out != null ? out : in.resolve("report.html");
        SweepAnalysis analysis = SweepAnalysis.analyze(SweepData.load(in), resamples, 0.95, seed);
        HtmlReport report = new HtmlReport(analysis, notes, maxRunFigures);
        AtomicFiles.writeString(file, report.html());
        if (png) {
            Path dir = file.toAbsolutePath().resolveSibling("figures");
            for (Figure f : report.figures()) AtomicFiles.write(dir.resolve(f.id() + ".png"), f.png());
        }
        return file;
    }
}
