package org.flatlens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code flatlens} command line. */
@Command(name = "flatlens", mixinStandardHelpOptions = true, version = "FlatLens 0.1.0",
        description = "Loss flatness versus representation compression: measures, bounds and experiments.",
        subcommands = {CommandLine.HelpCommand.class, DataCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
