package org.flatlens.cli;

import java.nio.file.Path;
import org.flatlens.experiments.FileDataProvider;
import picocli.CommandLine.Option;

/** The options of {@code sweep} and {@code demo} that say where runs train and from which data. */
final class SweepExecution {
    @Option(names = "--parallel", paramLabel = "N", description = "Runs trained at the same time "
            + "(default: ${DEFAULT-VALUE}; the kernels already use every core).")
    int parallel = 1;

    @Option(names = "--data-root", paramLabel = "DIR", description = "Folder holding <dataset>/ folders "
            + "(default: $FLATLENS_DATA or ~/.cache/flatlens/data).")
    Path dataRoot;

    FileDataProvider data() {
        return new FileDataProvider(dataRoot);
    }
}
