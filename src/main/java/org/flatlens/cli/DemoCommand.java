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
        description = {"Fetch FashionMNIST if needed, train a small sweep of SGD runs (several learning rates and "
                + "batch sizes) on classes 0 and 1 with tracking, and write OUT/report.html. " + DemoPresets.DURATION
                + " Re-running resumes.",
                "Example: flatlens demo --quick"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "A much smaller sweep (narrow model, few steps) that checks the pipeline.")
    boolean quick;

    @Option(names = "--preset", paramLabel = "NAME", description = "mlp, lenet, vgg or vit (default: ${DEFAULT-VALUE}).")
    String preset = "mlp";

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("demo-out");

    @Mixin SweepExecution execution;

    @Override
    public Integer call() {
        String yaml = DemoPresets.yaml(preset, quick);
        Path config = out.resolve("sweep.yaml");
        List<org.flatlens.experiments.RunSpec> runs = SweepYaml.parse(yaml, config.toString()).runSpecs();
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
        List<RunResult> results = SweepCommand.run(out, runs, data, execution.parallel);
        SweepCommand.summarize(out, results);
        Path report = ReportCommand.write(out, null, DemoPresets.notes(preset, quick), 2000, 0, 12, false);
        System.err.printf("demo: %d runs in %.0f s%n", runs.size(), (System.nanoTime() - start) * 1e-9);
        System.out.println(report.toAbsolutePath());
        return 0;
    }
}
