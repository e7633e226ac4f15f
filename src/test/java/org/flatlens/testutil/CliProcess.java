package org.flatlens.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the FlatLens command line in a child JVM with the test classpath, for tests that need a real process. */
public final class CliProcess {
    private CliProcess() {}

    /** Starts {@code flatlens args...}; output goes to {@code log}. */
    public static Process start(Path workDir, Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** The command line that runs {@code flatlens args...}: the java executable first, then its options. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.flatlens.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs to completion and returns the exit code. */
    public static int run(Path workDir, Path log, String... args) throws IOException, InterruptedException {
        return start(workDir, log, args).waitFor();
    }

    /** Lines in a log a child process is still writing (0 while it does not exist or cannot be read yet). */
    public static long lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p).size() : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** A file's text for an assertion message, or a marker when it cannot be read. */
    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "<unreadable " + p + ">";
        }
    }
}
