package org.flatlens.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.FileErrors;
import org.flatlens.data.FolderLock;
import org.flatlens.experiments.MeasureSuites;
import org.flatlens.experiments.ResultsTables;
import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunResult;
import org.flatlens.experiments.RunSpec;
import org.flatlens.experiments.SweepListener;
import org.flatlens.experiments.SweepRunner;
import org.flatlens.experiments.SweepSpec;
import org.flatlens.experiments.SweepYaml;
import org.flatlens.train.TrainListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flatlens sweep}: a grid or random search of tracked training runs, resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Train and track every run of a sweep (sweep.yaml: see the README) into DIR/runs/<id>/, then "
                + "write DIR/summary.csv and DIR/checkpoints.csv. Re-running skips finished runs and resumes "
                + "unfinished ones. With --executor spark each run is a Spark task and the summary is also "
                + "written as DIR/summary.parquet.",
                "Example: flatlens sweep --config sweep.yaml --out sweeps/lr-batch --parallel 2",
                "         flatlens sweep --config sweep.yaml --out sweeps/lr-batch --executor spark --master local[2]"})
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The sweep.yaml file.")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin SweepExecution execution;

    @Override
    public Integer call() {
        SweepSpec spec = SweepYaml.read(config);
        List<RunSpec> runs = spec.runSpecs();
        String yaml = read(config);
        execution.check();
        try (FolderLock lock = FolderLock.acquire(out)) {
            AtomicFiles.writeString(out.resolve("sweep.yaml"), yaml);
            List<RunResult> results = runLocked(out, runs, execution);
            return summarize(out, results);
        }
    }

    /**
     * Runs the sweep on the chosen executor with progress on standard error (shared with {@code demo}), holding the
     * sweep folder's lock so a second sweep (a second Spark driver too) into the same folder fails at once instead of
     * mixing its rows into the tables.
     */
    static List<RunResult> run(Path out, List<RunSpec> runs, SweepExecution execution) {
        execution.check();
        try (FolderLock lock = FolderLock.acquire(out)) {
            return runLocked(out, runs, execution);
        }
    }

    private static List<RunResult> runLocked(Path out, List<RunSpec> runs, SweepExecution execution) {
        AtomicFiles.removeLeftovers(out, 1);
        try (RunExecutor executor = execution.executor()) {
            System.err.printf("sweep: %d runs into %s (%s)%n", runs.size(), out, execution.describe());
            return run(out, runs, execution.data(), executor, execution.parallel);
        }
    }

    private static List<RunResult> run(Path out, List<RunSpec> runs, org.flatlens.experiments.DataProvider data,
            RunExecutor executor, int parallel) {
        SweepListener listener = new SweepListener() {
            // One run trains at a time unless --parallel > 1; then no bars, and tracked lines name their run.
            private ProgressBar bar;

            @Override
            public void onRunStart(RunSpec spec, int index, int total) {
                System.err.printf("run %d/%d %s%n", index + 1, total, spec.id());
            }

            @Override
            public TrainListener trainListener(RunSpec spec) {
                if (parallel > 1) return TrainListener.NONE;
                ProgressBar b = new ProgressBar(System.err, "  " + spec.id(), spec.steps());
                bar = b;
                return new TrainListener() {
                    @Override
                    public void onStep(int step, int total, double loss, double acc) {
                        b.update(step, String.format("loss %.4f", loss));
                    }

                    @Override
                    public void onWork(int step, String what) {
                        b.working(what);
                    }
                };
            }

            @Override
            public void onTracked(RunSpec spec, org.flatlens.experiments.TrackedPoint point) {
                String line = "  " + (parallel > 1 ? spec.id() + " " : "") + TrackedLine.format(point);
                if (parallel > 1 || bar == null) {
                    synchronized (System.err) {
                        System.err.println(line);
                    }
                } else {
                    bar.println(line);
                }
            }

            @Override
            public void onRunEnd(RunSpec spec, RunResult r) {
                System.err.printf("  %s: %s at step %d%s%s%n", spec.id(), r.status(), r.step(),
                        r.interpolationStep() >= 0 ? ", interpolating from step " + r.interpolationStep() : "",
                        r.error().isEmpty() ? "" : " (" + r.error() + ")");
            }
        };
        SweepRunner runner = new SweepRunner(out, data, MeasureSuites.standard(), executor, listener);
        // SIGINT/SIGTERM: running trainers checkpoint their current step; the hook waits up to a second for them.
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.requestStop();
            try {
                done.await(1, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flatlens-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(runs);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: nothing to remove.
            }
        }
    }

    static int summarize(Path out, List<RunResult> results) {
        long ok = results.stream().filter(r -> r.status().equals("finished")).count();
        long div = results.stream().filter(r -> r.status().equals("diverged")).count();
        long failed = results.stream().filter(r -> r.status().equals("failed")).count();
        System.out.printf("%d finished, %d diverged, %d failed; %s%n", ok, div, failed,
                out.resolve(ResultsTables.SUMMARY));
        return failed > 0 ? 1 : 0;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + FileErrors.reason(e), e);
        }
    }
}
