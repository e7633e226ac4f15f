package org.flatlens.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.flatlens.data.AtomicFiles;
import org.flatlens.data.DatasetFetcher;
import org.flatlens.data.DatasetName;
import org.flatlens.data.FetchException;
import org.flatlens.experiments.FileDataProvider;
import org.flatlens.experiments.RunResult;
import org.flatlens.experiments.SweepYaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flatlens demo}: fetch FashionMNIST, run a small tracked sweep, write the report, print its path. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Fetch FashionMNIST if needed, train a tracked sweep of SGD runs (3 learning rates × 2 batch "
                + "sizes × 2 seeds) on classes 0 and 1, and write OUT/sweep.yaml and OUT/report.html. "
                + DemoPresets.DURATION + " --preset paper runs the paper's protocol "
                + "(784-500-500-500-2 tanh MLP, all samples of the two classes; hours on two cores: scale it with "
                + "--seeds and --steps, or run OUT/sweep.yaml with 'flatlens sweep' on another executor). "
                + "Re-running resumes.",
                "Example: flatlens demo --quick"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A much smaller sweep (narrow model, few steps) that checks the pipeline.")
    boolean quick;

    @Option(names = "--preset", paramLabel = "NAME", description = "mlp, paper, lenet, vgg or vit (default: "
            + "${DEFAULT-VALUE}).")
    String preset = "mlp";

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per (learning rate, batch size) setting of "
            + "--preset paper: 6 × N runs (default: " + DemoPresets.PAPER_SEEDS + ").")
    Integer seeds;

    @Option(names = "--steps", paramLabel = "S", description = "SGD steps per run of --preset paper (default: "
            + DemoPresets.PAPER_STEPS + ").")
    Integer steps;

    @Option(names = "--config-only", description = "Write OUT/sweep.yaml and stop (to run it with 'flatlens sweep', "
            + "e.g. on another executor, then 'flatlens report').")
    boolean configOnly;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("demo-out");

    @Mixin SweepExecution execution;

    @Override
    public Integer call() {
        if (!preset.equals("paper") && (seeds != null || steps != null)) {
            System.err.println("flatlens demo: --seeds and --steps apply to --preset paper only");
            return Main.EXIT_BAD_INPUT;
        }
        if ((seeds != null && seeds < 1) || (steps != null && steps < 1)) {
            System.err.println("flatlens demo: --seeds and --steps must be positive");
            return Main.EXIT_BAD_INPUT;
        }
        String yaml = DemoPresets.yaml(preset, quick, seeds == null ? DemoPresets.PAPER_SEEDS : seeds,
                steps == null ? 0 : steps);
        Path config = out.resolve("sweep.yaml");
        List<org.flatlens.experiments.RunSpec> runs = SweepYaml.parse(yaml, config.toString()).runSpecs();
        if (configOnly) {
            AtomicFiles.writeString(config, yaml);
            System.out.println(config.toAbsolutePath());
            return 0;
        }
        FileDataProvider data = execution.data();
        try {
            new DatasetFetcher(line -> System.err.println(line)).fetch(DatasetName.FASHION_MNIST,
                    data.directory(DatasetName.FASHION_MNIST));
        } catch (FetchException e) {
            System.err.println("flatlens demo: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
        AtomicFiles.writeString(config, yaml);
        long start = System.nanoTime();
        List<RunResult> results = SweepCommand.run(out, runs, execution);
        SweepCommand.summarize(out, results);
        Path report = ReportCommand.write(out, null, DemoPresets.notes(preset, quick), 2000, 0, false);
        System.err.printf("demo: %d runs in %.0f s%n", runs.size(), (System.nanoTime() - start) * 1e-9);
        System.out.println(report.toAbsolutePath());
        return 0;
    }
}
