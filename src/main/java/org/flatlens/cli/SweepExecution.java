package org.flatlens.cli;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.flatlens.experiments.FileDataProvider;
import org.flatlens.experiments.LocalExecutor;
import org.flatlens.experiments.RunExecutor;
import org.flatlens.experiments.RunExecutorFactory;
import org.flatlens.tensor.UserInputException;
import picocli.CommandLine.Option;

/** The options of {@code sweep} and {@code demo} that say where runs train and from which data. */
final class SweepExecution {
    static final String LOCAL = "local";

    @Option(names = "--parallel", paramLabel = "N", description = "Runs trained at the same time by the local "
            + "executor (default: ${DEFAULT-VALUE}; the kernels already use every core).")
    int parallel = 1;

    @Option(names = "--data-root", paramLabel = "DIR", description = "Folder holding <dataset>/ folders "
            + "(default: $FLATLENS_DATA or ~/.cache/flatlens/data).")
    Path dataRoot;

    @Option(names = "--executor", paramLabel = "NAME", description = "Who trains the runs: 'local' (threads of this "
            + "process, default) or 'spark' (one Spark task per run; ./flatlens builds target/flatlens-spark.jar "
            + "for it). The results are the same.")
    String executor = LOCAL;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for --executor spark, e.g. "
            + "local[2], local[2,3] (3 tries per task), spark://host:7077, yarn (default: the spark-submit master, "
            + "else local[*]).")
    String master;

    FileDataProvider data() {
        return new FileDataProvider(dataRoot);
    }

    /**
     * Checks the options before anything is written: a clean one-line error when --executor is unknown or not on the
     * class path, or --master is given without it.
     */
    void check() {
        factory();
    }

    /** The executor that --executor names (a Spark executor connects to its master here). */
    RunExecutor executor() {
        RunExecutorFactory f = factory();
        return f == null ? new LocalExecutor(parallel) : f.create(master, parallel);
    }

    /** The factory of a non-local executor, null for the local one. */
    private RunExecutorFactory factory() {
        if (parallel < 1) throw new UserInputException("--parallel must be at least 1, got " + parallel);
        if (executor.equals(LOCAL)) {
            if (master != null) throw new UserInputException("--master is for --executor spark, not the local executor");
            return null;
        }
        for (RunExecutorFactory f : ServiceLoader.load(RunExecutorFactory.class)) {
            if (f.name().equals(executor)) return f;
        }
        if (executor.equals("spark")) {
            throw new UserInputException("--executor spark: the Spark executor is not on the class path; run "
                    + "through ./flatlens (it builds target/flatlens-spark.jar with 'mvn -Pspark package'), or "
                    + "spark-submit target/flatlens-spark.jar");
        }
        throw new UserInputException("--executor: unknown executor '" + executor + "' (local or spark)");
    }

    /** How the sweep's runs are spread, for its first progress line. */
    String describe() {
        return executor.equals(LOCAL) ? parallel + " at a time" : executor + (master == null ? "" : " " + master);
    }
}
