package org.flatlens.cli;

import java.io.PrintWriter;
import org.flatlens.tensor.UserInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flatlens} command line. Errors in the user's input (a {@link UserInputException}: bad files, options or
 * values) and failures of the file system (an {@link java.io.IOException}, which names the file) end with one line on
 * standard error and exit code 2; anything else, including a plain {@link IllegalArgumentException} from a violated
 * invariant, is a bug and says so (exit 1, stack trace with {@code FLATLENS_DEBUG=1}).
 */
@Command(name = "flatlens", mixinStandardHelpOptions = true, version = "FlatLens 0.1.0",
        description = "Loss flatness versus representation compression: measures, bounds and experiments.",
        footer = {"%nStart with: flatlens demo --quick. " + DemoPresets.DURATION,
                "Each command has its own --help; README.md documents every option."},
        subcommands = {CommandLine.HelpCommand.class, DemoCommand.class, DataCommand.class, TrainCommand.class,
                MeasureCommand.class, SweepCommand.class, ReportCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input: files, options, values. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // The commands estimate memory before allocating; this is the fallback when an estimate fell short.
            System.err.println("flatlens: error: out of memory (Java heap maximum "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB); raise it with FLATLENS_JAVA_OPTS=-Xmx<size>, "
                    + "e.g. -Xmx8g, or use a smaller model or fewer samples");
            code = EXIT_BAD_INPUT;
        }
        System.exit(code);
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handle);
        // A mistyped option gets one line naming it, the nearest known name, and a pointer to the help, not the whole
        // usage text.
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("flatlens: error: " + Suggestions.message(e, cl.getCommandSpec(), args));
            c.getErr().println("(see '" + c.getCommandSpec().qualifiedName() + " --help')");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (isUserError(e)) {
            err.println("flatlens: error: " + message(e));
            if (debug()) e.printStackTrace(err);
            return EXIT_BAD_INPUT;
        }
        err.println("flatlens: internal error (a bug, please report it): " + e.getClass().getSimpleName() + ": "
                + message(e) + (debug() ? "" : " (FLATLENS_DEBUG=1 shows the stack trace)"));
        if (debug()) e.printStackTrace(err);
        return 1;
    }

    private static boolean isUserError(Throwable e) {
        return e instanceof UserInputException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static boolean debug() {
        String d = System.getenv("FLATLENS_DEBUG");
        return d != null && !d.isEmpty() && !d.equals("0");
    }
}
