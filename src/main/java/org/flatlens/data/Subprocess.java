package org.flatlens.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (npm, apt-get, tar, dpkg-deb) with a timeout, capturing its output in files. */
final class Subprocess {
    /** The outcome of a finished program. */
    record Result(int exitCode, String stdout, String stderr) {
        /**
         * The most telling line of the output: among the error lines ({@code npm error}, {@code npm ERR!}, {@code E:})
         * one that gives a reason ({@code reason:}, {@code 404}), else the first of them, else the last line.
         */
        String errorLine() {
            String[] lines = (stderr + "\n" + stdout).strip().split("\n");
            String first = null;
            for (String l : lines) {
                String s = l.strip();
                if (!(s.startsWith("npm error") || s.startsWith("npm ERR!") || s.startsWith("E:"))) continue;
                if (s.contains("reason:") || s.contains(" 404")) return s;
                if (first == null) first = s;
            }
            if (first != null) return first;
            String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
            return last.isEmpty() ? "(no output)" : last;
        }
    }

    private Subprocess() {}

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @param missingHint appended to the message when the program is not installed
     * @throws FetchException if the program cannot be started (not installed) or exceeds {@code timeout}
     */
    static Result run(List<String> command, Path workDir, Duration timeout, String missingHint) {
        String program = command.get(0);
        try {
            Path out = Files.createTempFile(workDir, ".out-", ".txt");
            Path err = Files.createTempFile(workDir, ".err-", ".txt");
            Process p;
            try {
                p = new ProcessBuilder(command).directory(workDir.toFile()).redirectOutput(out.toFile())
                        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                        .start();
            } catch (IOException e) {
                throw new FetchException(program + " is not installed or not on PATH; " + missingHint, e);
            }
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FetchException(String.join(" ", command) + " timed out after " + timeout.toSeconds() + " s");
            }
            // Decoded leniently: a tool's output in another encoding must not hide its exit code.
            Result r = new Result(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new FetchException("running " + program + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(program + " was interrupted", e);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
